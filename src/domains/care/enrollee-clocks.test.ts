import type { CareRule } from '@contract/care/rules.schemas.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FactsRow } from './care-work.repository.js';
import { clockMetBy, enrolleeClocks, withEngagement } from './enrollee-clocks.js';
import { STANDARD_CARE_RULES } from './rule-catalogue.js';
import { queueItems } from './work-queue.js';
import { caseloadCounts, dueOf, factsOf, queueRows } from './work-queue-rows.js';

const rules: CareRule[] = [...STANDARD_CARE_RULES];
const facts = (over: Partial<Parameters<typeof enrolleeClocks>[0]> = {}) => ({
  enrolleeId: 'e1',
  enrollments: [{ program: 'one_care' as const, effectiveOn: '2024-01-01' }],
  assessments: [],
  majorChanges: [],
  contacts: [],
  rules,
  ...over,
});

describe('an enrollee’s clocks', () => {
  it('names the rule version of each due date, and the unreachable and no-contact verdicts', () => {
    const c = enrolleeClocks(
      facts({
        contacts: [
          { id: 'c1', on: '2024-01-10', mode: 'phone', reached: false },
          { id: 'c2', on: '2024-01-12', mode: 'letter', reached: false },
          { id: 'c3', on: '2024-01-15', mode: 'phone', reached: false },
        ],
      }),
      '2024-02-01',
    );
    expect(c.clocks.map((k) => [k.kind, k.dueOn, k.rule.version])).toEqual([
      ['initial_assessment', '2024-03-31', 1],
    ]);
    expect(c.unreachable).toMatchObject([{ program: 'one_care', unreachable: true }]);
    expect(c.noContact).toMatchObject({ noContact: false, since: '2024-01-01', dueOn: '2024-03-01' });
  });

  it('leaves out clocks of enrollments not in force, and clocks not started yet', () => {
    const c = enrolleeClocks(
      facts({ enrollments: [{ program: 'one_care', effectiveOn: '2024-01-01', endsOn: '2024-01-31' }] }),
      '2024-02-01',
    );
    expect(c.clocks).toEqual([]);
    expect(c.noContact).toBeNull();
  });

  it('counts the first comprehensive assessment after a CP enrollment as engagement', () => {
    const [cp] = withEngagement(
      [{ program: 'cp', effectiveOn: '2024-01-01' }],
      [
        { id: 'h', completedOn: '2024-01-05', inPerson: true, kind: 'hrsn_screening' },
        { id: 'a', completedOn: '2024-02-01', inPerson: false, kind: 'comprehensive' },
      ],
    );
    expect(cp!.engagedOn).toBe('2024-02-01');
  });
});

describe('the clock an assessment meets', () => {
  it('is the open clock due soonest whose terms it fulfils', () => {
    const f = facts({ majorChanges: [{ id: 'm', on: '2024-02-01', reason: 'Hospital stay' }] });
    // Not in person: One Care's initial assessment asks for it, so only the major-change clock is met.
    expect(
      clockMetBy(f, { completedOn: '2024-02-10', inPerson: false, kind: 'comprehensive' })?.rule,
    ).toEqual({
      kind: 'major_change_reassessment',
      program: 'one_care',
      version: 1,
    });
    expect(
      clockMetBy(f, { completedOn: '2024-02-10', inPerson: true, kind: 'comprehensive' })?.rule.kind,
    ).toBe('major_change_reassessment');
    expect(
      clockMetBy(facts(), { completedOn: '2024-02-10', inPerson: true, kind: 'comprehensive' })?.rule.kind,
    ).toBe('initial_assessment');
    expect(clockMetBy(f, { completedOn: '2024-02-10', inPerson: true, kind: 'hrsn_screening' })).toBeNull();
  });

  it('always names a version in force on the day its clock started', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2000 }), fc.boolean(), (offset, inPerson) => {
        const completedOn = new Date(Date.parse('2019-01-01') + offset * 86_400_000)
          .toISOString()
          .slice(0, 10);
        const clock = clockMetBy(facts({ enrollments: [{ program: 'cp', effectiveOn: '2019-01-01' }] }), {
          completedOn,
          inPerson,
          kind: 'comprehensive',
        });
        if (!clock) return;
        const rule = rules.find(
          (r) =>
            r.kind === clock.rule.kind &&
            r.program === clock.rule.program &&
            r.version === clock.rule.version,
        )!;
        expect(rule.effectiveFrom <= clock.startedOn).toBe(true);
        expect(rule.effectiveTo === null || clock.startedOn <= rule.effectiveTo).toBe(true);
      }),
    );
  });
});

describe('a caseload’s counts', () => {
  it('counts enrollees, not items, for each kind and for overdue', () => {
    const items = [queueItems(facts(), '2024-04-10'), queueItems(facts({ enrolleeId: 'e2' }), '2024-01-05')];
    const { counts, overdue } = caseloadCounts(items.map(dueOf));
    expect(overdue).toBe(1);
    expect(counts.initial_assessment).toBe(2);
    expect(counts.outreach).toBe(2);
    expect(counts.no_contact).toBe(1);
  });
});

describe('a queue filtered to one kind', () => {
  const row = (enrolleeId: string, over: Partial<FactsRow> = {}): FactsRow => ({
    enrolleeId,
    orgId: 'o',
    coordinatorId: 'c',
    givenName: 'A',
    familyName: enrolleeId,
    masshealthId: '100000000001',
    enrollments: [
      { id: `${enrolleeId}-e`, program: 'one_care' as const, effectiveOn: '2024-01-01', endsOn: null },
    ],
    assessments: [],
    majorChanges: [],
    contacts: [],
    plans: [],
    ...over,
  });

  const withItems = (rows: FactsRow[], asOf: string) =>
    rows.map((r) => ({ ...r, items: queueItems(factsOf(r, rules), asOf) }));

  it('shows only items of that kind, so the first due date and the order are of what is shown', () => {
    // e1 has a no-contact item overdue since 2024-03-01 beside its assessment due 2024-03-31; e2, reached in
    // February, only an assessment due 2024-03-14.
    const rows = [
      row('e1'),
      row('e2', {
        enrollments: [{ id: 'e2-e', program: 'one_care', effectiveOn: '2023-12-15', endsOn: null }],
        contacts: [
          { id: 'c', on: '2024-02-20', at: '2024-02-20T16:00:00.000Z', mode: 'phone', reached: true },
        ],
      }),
    ];
    const shown = queueRows(withItems(rows, '2024-03-10'), {
      kind: 'initial_assessment',
      all: false,
      dir: 'asc',
    });
    expect(shown.map((r) => [r.enrolleeId, r.items.map((i) => [i.kind, i.dueOn])])).toEqual([
      ['e2', [['initial_assessment', '2024-03-14']]],
      ['e1', [['initial_assessment', '2024-03-31']]],
    ]);
  });

  it('never shows an item of another kind (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...(['initial_assessment', 'outreach', 'no_contact', 'reassessment'] as const)),
        fc.integer({ min: 0, max: 400 }),
        (kind, offset) => {
          const asOf = new Date(Date.parse('2024-01-01') + offset * 86_400_000).toISOString().slice(0, 10);
          for (const r of queueRows(withItems([row('e1'), row('e2')], asOf), {
            kind,
            all: true,
            sort: 'dueOn',
            dir: 'asc',
          }))
            expect(r.items.every((i) => i.kind === kind) && r.items.length > 0).toBe(true);
        },
      ),
    );
  });
});
