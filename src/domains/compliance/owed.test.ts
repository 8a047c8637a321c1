import { describe, expect, it } from 'vitest';
import { type OwedRequirement, owedOnce } from './owed.js';

const row = (
  requirementId: string,
  organisation: string,
  status: OwedRequirement['status'],
  dueOn: string | null,
) =>
  ({
    requirementId,
    requirementTitle: `${organisation} ${requirementId}`,
    organisation,
    status,
    dueOn,
    explanation: status,
  }) as OwedRequirement;
const topic = (ids: string[], allTopics = false) => ({
  what: 'topics' as const,
  topicIds: ids,
  allTopics,
  qualificationNames: [],
});
const titles = new Map([
  ['t1', 'Cultural competence'],
  ['t2', 'Accessibility'],
]);

describe('what a person owes, once', () => {
  it('takes the most urgent status and the earliest date still open among the plans requiring a topic', () => {
    const owed = owedOnce(
      [
        row('a', 'Pioneer', 'compliant', '2026-01-01'),
        row('b', 'Bay State', 'due_soon', '2026-12-20'),
        row('c', 'Harbor', 'pending', '2027-03-01'),
      ],
      new Map([
        ['a', topic(['t1'])],
        ['b', topic(['t1'])],
        ['c', topic(['t1'])],
      ]),
      titles,
    );
    expect(owed).toHaveLength(1);
    expect(owed[0]).toMatchObject({
      title: 'Cultural competence',
      status: 'due_soon',
      dueOn: '2026-12-20',
      requiredBy: ['Bay State', 'Harbor', 'Pioneer'],
    });
  });

  it('keeps apart what different topics, or all rather than any of them, satisfy', () => {
    const owed = owedOnce(
      [
        row('a', 'Bay State', 'overdue', '2026-01-01'),
        row('b', 'Harbor', 'overdue', '2026-01-01'),
        row('c', 'Pioneer', 'overdue', '2026-01-01'),
      ],
      new Map([
        ['a', topic(['t2', 't1'])],
        ['b', topic(['t1', 't2'], true)],
        ['c', topic(['t1', 't2'])],
      ]),
      titles,
    );
    expect(owed.map((o) => [o.title, o.requiredBy])).toEqual([
      ['Cultural competence and Accessibility', ['Harbor']],
      ['Cultural competence or Accessibility', ['Bay State', 'Pioneer']],
    ]);
  });

  it('counts one qualification named alike by two plans once', () => {
    const qualification = (names: string[]) => ({
      what: 'qualification' as const,
      topicIds: [],
      allTopics: false,
      qualificationNames: names,
    });
    const owed = owedOnce(
      [row('a', 'Bay State', 'expired', '2026-05-01'), row('b', 'Harbor', 'compliant', null)],
      new Map([
        ['a', qualification(['CCM', 'CDMS'])],
        ['b', qualification(['cdms', 'ccm'])],
      ]),
      titles,
    );
    expect(owed).toHaveLength(1);
    expect(owed[0]).toMatchObject({
      status: 'expired',
      dueOn: '2026-05-01',
      requiredBy: ['Bay State', 'Harbor'],
    });
  });
});
