import { addDays } from '@contract/iso-days.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide, decideBatch, type MemberAction, type MemberRow, monthEnd, type Span } from './lifecycle.js';

const CPS = ['cp-a', 'cp-b', 'cp-c'];
const enrolled = (cpOrgId: string, startsOn: string, endsOn: string | null = null): Span => ({
  cpOrgId,
  startsOn,
  endsOn,
  endReason: endsOn ? 'DECLINED' : null,
  episodeStartsOn: startsOn,
});

describe('the enrollment lifecycle', () => {
  it('enrolls, transfers within the same enrollment, and disenrolls on the last day of a month', () => {
    const e = decide([], { action: 'E', cpOrgId: 'cp-a', effectiveOn: '2026-02-01' });
    expect(e).toEqual({
      change: {
        start: {
          cpOrgId: 'cp-a',
          startsOn: '2026-02-01',
          endsOn: null,
          endReason: null,
          episodeStartsOn: '2026-02-01',
        },
      },
    });
    const t = decide([enrolled('cp-a', '2026-02-01')], {
      action: 'T',
      cpOrgId: 'cp-a',
      effectiveOn: '2026-04-01',
      toCpOrgId: 'cp-b',
    });
    expect(t).toMatchObject({
      change: {
        end: { endsOn: '2026-03-31', reason: 'TRANSFERRED' },
        start: { cpOrgId: 'cp-b', startsOn: '2026-04-01', episodeStartsOn: '2026-02-01' },
      },
    });
    const d = decide([enrolled('cp-a', '2026-02-01')], {
      action: 'D',
      cpOrgId: 'cp-a',
      effectiveOn: '2026-04-30',
      reason: 'MOVED',
    });
    expect(d).toEqual({ change: { end: { endsOn: '2026-04-30', reason: 'MOVED' } } });
  });

  it('refuses a disenrollment that is not on a month end, naming the day it could be', () => {
    const d = decide([enrolled('cp-a', '2026-02-01')], {
      action: 'D',
      cpOrgId: 'cp-a',
      effectiveOn: '2026-04-15',
      reason: 'MOVED',
    });
    expect(d).toEqual({
      problem: {
        column: 'Effective_Date',
        message: 'A disenrollment takes effect on the last day of a month: 30 April 2026',
      },
    });
  });

  it('refuses re-enrollment within 30 days; a gap of up to 90 days continues the enrollment, a longer one starts anew', () => {
    const ended = [enrolled('cp-a', '2025-01-01', '2025-06-30')];
    const at = (effectiveOn: string) => decide(ended, { action: 'E', cpOrgId: 'cp-b', effectiveOn });
    expect(at('2025-07-30')).toMatchObject({ problem: { column: 'Effective_Date' } });
    expect(at('2025-07-31')).toMatchObject({ change: { start: { episodeStartsOn: '2025-01-01' } } });
    // 1 July to 28 September is a gap of 90 days.
    expect(at('2025-09-29')).toMatchObject({ change: { start: { episodeStartsOn: '2025-01-01' } } });
    expect(at('2025-09-30')).toMatchObject({ change: { start: { episodeStartsOn: '2025-09-30' } } });
  });

  it('refuses what contradicts the member’s state, naming the column', () => {
    const open = [enrolled('cp-a', '2026-01-01')];
    expect(decide(open, { action: 'E', cpOrgId: 'cp-b', effectiveOn: '2026-03-01' })).toMatchObject({
      problem: { column: 'Action' },
    });
    expect(
      decide(open, { action: 'D', cpOrgId: 'cp-b', effectiveOn: '2026-03-31', reason: 'MOVED' }),
    ).toMatchObject({ problem: { column: 'CP_PID' } });
    expect(
      decide(open, { action: 'T', cpOrgId: 'cp-a', effectiveOn: '2026-03-01', toCpOrgId: 'cp-a' }),
    ).toMatchObject({ problem: { column: 'Transfer_To_CP_PID' } });
    expect(
      decide([], { action: 'D', cpOrgId: 'cp-a', effectiveOn: '2026-03-31', reason: 'MOVED' }),
    ).toMatchObject({ problem: { column: 'Action' } });
    expect(
      decide(open, { action: 'D', cpOrgId: 'cp-a', effectiveOn: '2026-03-31', reason: 'NOT_A_REASON' }),
    ).toMatchObject({ problem: { column: 'Disenrollment_Reason' } });
    expect(decide([], { action: 'E', cpOrgId: 'cp-a', effectiveOn: '2018-06-01' })).toMatchObject({
      problem: { column: 'Effective_Date' },
    });
  });

  it('refuses every row of a member who has two in one file, saying whether they are the same', () => {
    const row = (rowNumber: number, content: string): MemberRow => ({
      rowNumber,
      content,
      action: { action: 'E', cpOrgId: 'cp-a', effectiveOn: '2026-02-01' },
    });
    const same = decideBatch(new Map(), [
      { ...row(2, 'x'), member: 'm' },
      { ...row(5, 'x'), member: 'm' },
    ]);
    expect(same.accepted).toBe(false);
    expect(same.problems.get(2)?.message).toBe('The same row for this member is also on row 5: keep one');
    const conflicting = decideBatch(new Map(), [
      { ...row(2, 'x'), member: 'm' },
      { ...row(3, 'y'), member: 'm' },
    ]);
    expect(conflicting.problems.get(3)?.message).toBe(
      'This member also has row 2 in this file: one row per member per batch',
    );
  });
});

// Days from the program's start to 2030, and actions on a few members and CPs.
const day = fc.integer({ min: 0, max: 4_200 }).map((n) => addDays('2018-07-01', n));
const action: fc.Arbitrary<MemberAction> = fc.oneof(
  fc.record({ action: fc.constant('E' as const), cpOrgId: fc.constantFrom(...CPS), effectiveOn: day }),
  fc.record({
    action: fc.constant('D' as const),
    cpOrgId: fc.constantFrom(...CPS),
    effectiveOn: fc.oneof(day.map(monthEnd), day),
    reason: fc.constantFrom('MOVED', 'DECLINED', 'GRADUATED', 'WRONG'),
  }),
  fc.record({
    action: fc.constant('T' as const),
    cpOrgId: fc.constantFrom(...CPS),
    effectiveOn: day,
    toCpOrgId: fc.constantFrom(...CPS),
  }),
);
const member = fc.constantFrom('m1', 'm2', 'm3', 'm4');
const batch = fc.array(fc.record({ member, action }), { minLength: 1, maxLength: 6 });
const numbered = (rows: { member: string; action: MemberAction }[]) =>
  rows.map((r, i) => ({ ...r, rowNumber: i + 2, content: JSON.stringify(r) }));

function noOverlap(spans: readonly Span[]) {
  const sorted = [...spans].sort((a, b) => a.startsOn.localeCompare(b.startsOn));
  sorted.forEach((s, i) => {
    if (s.endsOn !== null) expect(s.endsOn >= s.startsOn).toBe(true);
    const next = sorted[i + 1];
    if (next) {
      expect(s.endsOn).not.toBeNull();
      expect(s.endsOn! < next.startsOn).toBe(true);
    }
  });
}

describe('the enrollment lifecycle, for any sequence of batches', () => {
  it('never leaves two enrollments of one member overlapping', () => {
    fc.assert(
      fc.property(fc.array(batch, { minLength: 1, maxLength: 12 }), (batches) => {
        let state = new Map<string, Span[]>();
        for (const rows of batches) state = decideBatch(state, numbered(rows)).state;
        for (const spans of state.values()) noOverlap(spans);
      }),
      { numRuns: 400 },
    );
  });

  it('gives the same spans for a batch accepted whole as for its rows accepted one at a time', () => {
    fc.assert(
      fc.property(fc.array(batch, { maxLength: 6 }), batch, (before, rows) => {
        let state = new Map<string, Span[]>();
        for (const b of before) state = decideBatch(state, numbered(b)).state;
        const whole = decideBatch(state, numbered(rows));
        fc.pre(whole.accepted);
        let oneByOne = state;
        for (const row of numbered(rows)) {
          const single = decideBatch(oneByOne, [row]);
          expect(single.accepted).toBe(true);
          oneByOne = single.state;
        }
        expect(oneByOne).toEqual(whole.state);
      }),
      { numRuns: 400 },
    );
  });
});
