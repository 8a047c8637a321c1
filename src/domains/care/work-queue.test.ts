import type { CareRule } from '@contract/care/rules.schemas.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Contact } from './outreach.js';
import { STANDARD_CARE_RULES } from './rule-catalogue.js';
import { byUrgency, caseloadByUrgency, QUEUE_ITEM_KINDS, type QueueItem, queueItems } from './work-queue.js';

const rules: CareRule[] = [...STANDARD_CARE_RULES];
const day = (from: string, to: string) =>
  fc
    .date({ min: new Date(`${from}T00:00:00Z`), max: new Date(`${to}T00:00:00Z`), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));

describe('the work queue', () => {
  const enrollee = (over: Partial<Parameters<typeof queueItems>[0]> = {}) => ({
    enrolleeId: 'e1',
    enrollments: [{ program: 'one_care' as const, effectiveOn: '2024-01-01' }],
    assessments: [],
    majorChanges: [],
    contacts: [],
    rules,
    ...over,
  });

  it('lists an overdue assessment, outreach to try and no contact, most urgent first', () => {
    const items = queueItems(
      enrollee({ contacts: [{ id: 'c1', on: '2024-02-01', mode: 'phone', reached: false }] }),
      '2024-04-10',
    );
    expect(items.map((i) => [i.kind, i.dueOn, i.overdue, i.urgency])).toEqual([
      ['no_contact', '2024-03-01', true, 40],
      ['initial_assessment', '2024-03-31', true, 10],
      ['outreach', '2024-03-31', true, 10],
    ]);
    expect(items[2]!.explanation).toMatch(
      /^Not yet unreachable: 1 of 3 attempts on different days; attempts by 1 mode; at least 2 needed/,
    );
    expect(items[0]!.title).toBe('No contact in 60 days');
  });

  it('names outreach by the unreachable rule, as the enrollee page does, whatever clock it is for', () => {
    const change = { id: 'm', on: '2024-06-01', reason: 'Hospital stay' };
    const done = [{ id: 'a1', completedOn: '2024-02-01', inPerson: true }];
    for (const facts of [enrollee(), enrollee({ assessments: done, majorChanges: [change] })]) {
      const outreach = queueItems(facts, '2024-06-10').find((i) => i.kind === 'outreach')!;
      expect(outreach.rule).toEqual({ kind: 'unreachable', program: 'one_care', version: 1 });
      expect(outreach.explanation).toContain('(One Care unreachable rule v1)');
    }
  });

  it('labels every outreach item with an unreachable rule (property)', () => {
    fc.assert(
      fc.property(
        day('2020-01-01', '2025-01-01'),
        fc.array(fc.tuple(day('2020-01-01', '2025-06-01'), fc.boolean()), { maxLength: 3 }),
        fc.array(day('2020-01-01', '2025-06-01'), { maxLength: 2 }),
        day('2020-01-01', '2025-06-01'),
        (effectiveOn, done, changes, asOf) => {
          const facts = enrollee({
            enrollments: [{ program: 'one_care', effectiveOn }],
            assessments: done.map(([completedOn, inPerson], i) => ({ id: `a${i}`, completedOn, inPerson })),
            majorChanges: changes.map((on, i) => ({ id: `m${i}`, on })),
          });
          for (const i of queueItems(facts, asOf).filter((x) => x.kind === 'outreach'))
            expect(i.rule.kind).toBe('unreachable');
        },
      ),
    );
  });

  it('once the attempts prove them unreachable, outreach leaves the queue and the assessment says why', () => {
    const contacts: Contact[] = [
      { id: 'a', on: '2024-03-01', mode: 'phone', reached: false },
      { id: 'b', on: '2024-03-04', mode: 'letter', reached: false },
      { id: 'c', on: '2024-03-07', mode: 'home_visit', reached: false },
    ];
    const items = queueItems(enrollee({ contacts }), '2024-03-20');
    expect(items.map((i) => i.kind)).toEqual(['no_contact', 'initial_assessment']);
    expect(items[1]!.explanation).toContain('Unreachable: 3 unsuccessful attempts');
  });

  it('shows a yearly reassessment 60 days ahead, and Community Partner engagement by its own window', () => {
    const reached = { id: 'r', on: '2024-12-01', mode: 'phone', reached: true };
    const done = [{ id: 'a1', completedOn: '2024-03-01', inPerson: true }];
    expect(queueItems(enrollee({ assessments: done, contacts: [reached] }), '2024-12-30')).toEqual([]);
    expect(
      queueItems(enrollee({ assessments: done, contacts: [reached] }), '2024-12-31').map((i) => [
        i.kind,
        i.dueOn,
      ]),
    ).toEqual([['reassessment', '2025-03-01']]);
    const cp = queueItems(
      enrollee({
        enrollments: [{ program: 'cp', effectiveOn: '2024-01-01' }],
        contacts: [{ ...reached, on: '2024-01-05' }],
      }),
      '2024-01-10',
    );
    expect(cp.map((i) => [i.kind, i.dueOn, i.rule.version])).toEqual([['cp_engagement', '2024-05-30', 3]]);
  });

  const item = fc
    .record({
      enrolleeId: fc.constantFrom('e1', 'e2', 'e3'),
      kind: fc.constantFrom(...QUEUE_ITEM_KINDS),
      dueOn: day('2024-01-01', '2024-01-20'),
      from: fc.constantFrom('x', 'y'),
    })
    .map(
      ({ enrolleeId, kind, dueOn, from }): QueueItem => ({
        key: `${enrolleeId}|${kind}|one_care|${from}`,
        enrolleeId,
        kind,
        program: 'one_care',
        dueOn,
        overdue: dueOn < '2024-01-10',
        urgency: Math.round((Date.parse('2024-01-10') - Date.parse(dueOn)) / 86_400_000),
        rule: { kind: 'no_contact', program: 'one_care', version: 1 },
        title: '',
        explanation: '',
      }),
    );
  const sign = (n: number) => (n > 0 ? 1 : n < 0 ? -1 : 0);

  it('sorts by a total order: overdue first by days overdue, then due soonest', () => {
    fc.assert(
      fc.property(item, item, item, (a, b, c) => {
        expect(byUrgency(a, a)).toBe(0);
        expect(sign(byUrgency(a, b)) + sign(byUrgency(b, a))).toBe(0);
        expect(byUrgency(a, b) === 0).toBe(a.key === b.key && a.dueOn === b.dueOn);
        if (byUrgency(a, b) <= 0 && byUrgency(b, c) <= 0) expect(byUrgency(a, c)).toBeLessThanOrEqual(0);
      }),
    );
    fc.assert(
      fc.property(fc.array(item, { maxLength: 30 }), (items) => {
        const sorted = [...items].sort(byUrgency);
        for (const [i, x] of sorted.entries()) {
          const next = sorted[i + 1];
          if (!next) break;
          if (x.overdue && next.overdue) expect(x.urgency).toBeGreaterThanOrEqual(next.urgency);
          if (!x.overdue) expect(next.overdue).toBe(false);
          if (!x.overdue && !next.overdue) expect(x.dueOn <= next.dueOn).toBe(true);
        }
      }),
    );
  });

  it('sorts stably and the same whatever order the items came in', () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 30 }), fc.integer(), (items, seed) => {
        const tagged = items.map((x, i) => ({ ...x, tag: i }));
        const shuffled = [...tagged].sort(
          (x, y) => ((x.tag * 7919 + seed) % 31) - ((y.tag * 7919 + seed) % 31),
        );
        const once = [...tagged].sort(byUrgency);
        const again = [...shuffled].sort(byUrgency);
        expect(again.map((x) => x.key)).toEqual(once.map((x) => x.key));
        // Equal items keep the order they came in.
        for (const [i, x] of once.entries()) {
          const next = once[i + 1];
          if (next && byUrgency(x, next) === 0) expect(x.tag).toBeLessThan(next.tag);
        }
        const caseload = ['e1', 'e2', 'e3'].map((enrolleeId) => ({
          enrolleeId,
          items: once.filter((x) => x.enrolleeId === enrolleeId),
        }));
        const order = [...caseload].sort(caseloadByUrgency);
        const firsts = order
          .map((e) => e.items[0])
          .filter((x): x is (typeof once)[number] => x !== undefined);
        expect(firsts).toEqual([...firsts].sort(byUrgency));
      }),
    );
  });
});
