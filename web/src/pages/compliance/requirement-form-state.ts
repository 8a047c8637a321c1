// The requirement form's state: its blank and edited values, the months a recurrence may fall in, and the
// organisations a requirement may name (this one and its network).
import type { RequirementView } from '@contract/compliance/compliance.schemas.js';
import { useRelationships } from '../../queries/organisations.js';

export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
].map((label, i) => ({ value: String(i + 1), label }));

export const blank = {
  code: '',
  title: '',
  description: '',
  what: 'topics' as 'topics' | 'qualification',
  topicIds: [] as string[],
  allTopics: false,
  qualificationNames: [] as string[],
  scope: 'network' as 'organisation' | 'network',
  roles: [] as string[],
  organisationKinds: [] as string[],
  organisationIds: [] as string[],
  programs: [] as string[],
  program: '',
  trigger: 'contract_start' as RequirementView['trigger'],
  fixedDate: '',
  dueWithinDays: 90 as number | string,
  recurrence: 'every_months' as 'once' | 'every_months' | 'program_year',
  recurrenceMonths: 12 as number | string,
  programYearStartMonth: '1',
  graceDays: 0 as number | string,
  dueSoonDays: 30 as number | string,
  active: true,
  inForceFrom: '',
};

export const fromView = (q: RequirementView): typeof blank => ({
  code: q.code,
  title: q.title,
  description: q.description ?? '',
  what: q.what,
  topicIds: q.topicIds,
  allTopics: q.allTopics,
  qualificationNames: q.qualificationNames,
  scope: q.scope,
  roles: q.roles,
  organisationKinds: q.organisationKinds,
  organisationIds: q.organisationIds,
  programs: q.programs,
  program: q.program ?? '',
  trigger: q.trigger,
  fixedDate: q.fixedDate ?? '',
  dueWithinDays: q.dueWithinDays,
  recurrence: q.recurrence,
  recurrenceMonths: q.recurrenceMonths ?? 12,
  programYearStartMonth: String(q.programYearStartMonth ?? 1),
  graceDays: q.graceDays,
  dueSoonDays: q.dueSoonDays,
  active: q.active,
  inForceFrom: q.inForceFrom,
});

export const number = (v: number | string) => (typeof v === 'number' ? v : Number.parseInt(v, 10));

/** The organisation and those it has, had or will have a network contract with, as choices. */
export function useNetworkOptions(orgId: string | null) {
  const relationships = useRelationships(orgId);
  const choices = new Map<string, string>();
  for (const r of relationships.data ?? []) {
    if (r.kind !== 'network_contract') continue;
    choices.set(r.orgId, r.orgName);
    choices.set(r.otherOrgId, r.otherOrgName);
  }
  return [...choices]
    .map(([value, label]) => ({ value, label }))
    .sort((a, b) => (a.value === orgId ? -1 : b.value === orgId ? 1 : a.label.localeCompare(b.label)));
}
