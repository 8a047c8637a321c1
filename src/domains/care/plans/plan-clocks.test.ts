import type { CareRule } from '@contract/care/rules.schemas.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STANDARD_CARE_RULES } from '../rule-catalogue.js';
import { addDays, addMonths } from '../rules.js';
import { reviewClock, signOffClocks } from './plan-clocks.js';

const rules: CareRule[] = [...STANDARD_CARE_RULES];
const day = (from: string, to: string) =>
  fc
    .date({ min: new Date(`${from}T00:00:00Z`), max: new Date(`${to}T00:00:00Z`), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));

/** A history of versions of one step's rule: consecutive periods from 2014, each with its own days. */
const history = (kind: 'plan_enrollee_signature' | 'plan_pcp_approval' | 'plan_clinical_review') =>
  fc
    .tuple(
      fc.uniqueArray(day('2015-01-02', '2030-01-01'), { maxLength: 3 }),
      fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 4, maxLength: 4 }),
    )
    .map(([cuts, days]) => {
      const starts = ['2014-01-01', ...cuts.sort()];
      return starts.map(
        (from, i) =>
          ({
            kind,
            program: 'one_care',
            version: i + 1,
            effectiveFrom: from,
            effectiveTo: starts[i + 1] ? addDays(starts[i + 1]!, -1) : null,
            parameters: { days: days[i]! },
          }) as CareRule,
      );
    });

describe('sign-off clocks', () => {
  it('start one after another: sent, then the enrollee, then the PCP', () => {
    const steps = signOffClocks(
      {
        program: 'one_care',
        sentOn: '2026-03-02',
        clinicalReview: true,
        signatures: [{ step: 'enrollee', signedOn: '2026-03-10' }],
      },
      rules,
    );
    expect(steps.map((s) => [s.step, s.startedOn, s.dueOn])).toEqual([
      ['enrollee', '2026-03-02', '2026-04-01'],
      ['pcp', '2026-03-10', '2026-04-09'],
      ['clinical_review', null, null],
    ]);
    expect(steps[1]!.explanation).toBe(
      'PCP approval due 9 April 2026: 30 days after the enrollee signed on 10 March 2026 (One Care plan PCP approval rule v1)',
    );
    expect(steps[2]!.explanation).toBe('Clinical review: starts when the PCP approved');
  });

  it('take every deadline from the rule version in force on the day its step started (property)', () => {
    fc.assert(
      fc.property(
        history('plan_enrollee_signature'),
        history('plan_pcp_approval'),
        history('plan_clinical_review'),
        day('2014-01-01', '2031-12-31'),
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 2, maxLength: 2 }),
        (a, b, c, sentOn, gaps) => {
          const all = [...a, ...b, ...c];
          const enrolleeOn = addDays(sentOn, gaps[0]!);
          const pcpOn = addDays(enrolleeOn, gaps[1]!);
          const steps = signOffClocks(
            {
              program: 'one_care',
              sentOn,
              clinicalReview: true,
              signatures: [
                { step: 'enrollee', signedOn: enrolleeOn },
                { step: 'pcp', signedOn: pcpOn },
              ],
            },
            all,
          );
          const starts = [sentOn, enrolleeOn, pcpOn];
          [a, b, c].forEach((versions, i) => {
            const inForce = versions.find(
              (r) => r.effectiveFrom <= starts[i]! && (r.effectiveTo === null || r.effectiveTo >= starts[i]!),
            )!;
            const step = steps[i]!;
            expect(step.rule).toEqual({ kind: inForce.kind, program: 'one_care', version: inForce.version });
            expect(step.dueOn).toBe(addDays(starts[i]!, (inForce.parameters as { days: number }).days));
            expect(step.explanation).toContain(`rule v${inForce.version}`);
          });
        },
      ),
    );
  });

  it('say when no version was in force', () => {
    const [enrollee] = signOffClocks(
      { program: 'one_care', sentOn: '2010-01-01', clinicalReview: false, signatures: [] },
      rules,
    );
    expect(enrollee!.dueOn).toBeNull();
    expect(enrollee!.explanation).toMatch(/^No .* was in force on 1 January 2010$/);
  });
});

describe('the yearly review', () => {
  it('runs a year from the enrollee’s signature, and a later major change reopens it', () => {
    expect(reviewClock('one_care', '2026-02-10', [], rules)).toMatchObject({
      dueOn: addMonths('2026-02-10', 12),
      rule: { kind: 'plan_review', version: 1 },
    });
    const reopened = reviewClock(
      'one_care',
      '2026-02-10',
      [
        { on: '2026-02-10', reason: 'Same day: not after the signature' },
        { on: '2026-06-01', reason: 'Hospital stay' },
      ],
      rules,
    );
    expect(reopened).toMatchObject({
      dueOn: '2026-07-01',
      rule: { kind: 'major_change_reassessment', version: 1 },
    });
    expect('explanation' in reopened && reopened.explanation).toContain(
      'reopened by the major change on 1 June 2026',
    );
  });
});
