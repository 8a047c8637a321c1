import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judgeStoppedRun } from './interruption.js';

const importKind = { noun: 'import', allOrNothing: true };
const run = { attempts: 1, maxAttempts: 1, progressDone: 75, progressTotal: 100, applied: false };

describe('a run whose process stopped', () => {
  it('of an import with no attempt left: failed, nothing applied, run it again', () => {
    expect(judgeStoppedRun(run, importKind)).toEqual({
      status: 'failed',
      message: 'The process running this import stopped at 75%; nothing was applied. Run the import again.',
    });
  });

  it('with attempts left: queued again, naming the attempt to come', () => {
    expect(judgeStoppedRun({ ...run, maxAttempts: 3 }, importKind)).toEqual({
      status: 'queued',
      message:
        'The process running this import stopped at 75%; nothing was applied. It will be tried again (attempt 2 of 3).',
    });
  });

  it('whose changes had committed: kept, never tried again, however many attempts remain', () => {
    expect(judgeStoppedRun({ ...run, maxAttempts: 3, applied: true }, importKind)).toEqual({
      status: 'succeeded',
      message:
        'The process running this import stopped at 75%, after its changes were saved: they are kept, but no summary or result file was written.',
    });
  });

  it('of a kind that promises nothing about partial work: says only that it did not finish', () => {
    expect(judgeStoppedRun({ ...run, progressDone: 3, progressTotal: null }, undefined)).toEqual({
      status: 'failed',
      message: 'The process running this job stopped before it finished. It will not be tried again.',
    });
  });

  it('never claims "nothing was applied" unless the kind is all-or-nothing and its changes had not committed', () => {
    fc.assert(
      fc.property(
        fc.record({
          attempts: fc.integer({ min: 1, max: 5 }),
          maxAttempts: fc.integer({ min: 1, max: 5 }),
          progressDone: fc.integer({ min: 0, max: 1_000 }),
          progressTotal: fc.option(fc.integer({ min: 0, max: 1_000 })),
          applied: fc.boolean(),
        }),
        fc.option(fc.record({ noun: fc.constantFrom('import', 'export'), allOrNothing: fc.boolean() })),
        (r, kind) => {
          const { status, message } = judgeStoppedRun(r, kind ?? undefined);
          expect(message.includes('nothing was applied')).toBe(Boolean(kind?.allOrNothing) && !r.applied);
          expect(status === 'queued').toBe(!r.applied && r.attempts < r.maxAttempts);
          expect(message).not.toMatch(/NaN|Infinity|undefined|null|\d{4,}%/);
        },
      ),
      { seed: 14 },
    );
  });
});
