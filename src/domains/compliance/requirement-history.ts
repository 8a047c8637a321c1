// A requirement's history as people read it: each version, the days it was in effect, and what it changed.
// Pure: the versions and topic titles are read by the repository.
import type { RequirementVersionView } from '@contract/compliance/compliance.schemas.js';
import { addDays } from './rules.js';

/**
 * What a requirement asks, of what and by when: a version that changes any of these starts the rule afresh
 * (decision 028); one that changes only its words, grace, due-soon window or who it reaches does not.
 */
export const TERMS = [
  'what',
  'topic_ids',
  'all_topics',
  'qualification_name',
  'qualification_names',
  'trigger',
  'fixed_date',
  'due_within_days',
  'recurrence',
  'recurrence_months',
  'program_year_start_month',
] as const;

export interface StoredVersion {
  version: number;
  effectiveFrom: string;
  recordedAt: string;
  /** The requirement's row as it was saved (snake_case columns). */
  definition: Record<string, unknown>;
}

/** Columns a person reads, in the order shown; any other column (one added later) is named by its own name. */
const LABELS: Record<string, string> = {
  code: 'Code',
  title: 'Title',
  description: 'Description',
  what: 'What',
  topic_ids: 'Topics',
  all_topics: 'Every topic needed',
  qualification_name: 'Qualification',
  qualification_names: 'Qualifications accepted',
  organisation_kinds: 'Kinds of organisation',
  organisation_ids: 'Named organisations',
  programs: 'Programs',
  scope: 'Whose people',
  roles: 'Roles',
  person_ids: 'Named people',
  program: 'Program',
  trigger: 'Counted from',
  fixed_date: 'Fixed date',
  due_within_days: 'Due within (days)',
  recurrence: 'Recurrence',
  recurrence_months: 'Every (months)',
  program_year_start_month: 'Program year starts (month)',
  grace_days: 'Grace (days)',
  due_soon_days: 'Due soon from (days before)',
  active: 'Active',
  in_force_from: 'In force from',
};
/** Bookkeeping, not the rule. */
const IGNORED = new Set(['org_id', 'id', 'version', 'created_at', 'updated_at']);
const WORDS: Record<string, Record<string, string>> = {
  what: { topics: 'Topics', qualification: 'A qualification' },
  scope: { organisation: 'Own people', network: 'Network' },
  trigger: {
    role_start: 'Role start',
    contract_start: 'Role or contract start',
    fixed_date: 'A fixed date',
    team_start: 'Joining a care team',
  },
  recurrence: { once: 'Once', every_months: 'Every N months', program_year: 'Each program year' },
};

function words(field: string, value: unknown, topics: Map<string, string>): string | null {
  if (value === null || value === undefined) return null;
  if (field === 'topic_ids') return (value as string[]).map((id) => topics.get(id) ?? id).join(', ') || null;
  if (field === 'person_ids') {
    const n = (value as string[]).length;
    return n ? `${n} ${n === 1 ? 'person' : 'people'}` : 'Everyone in scope';
  }
  if (field === 'roles') return (value as string[]).join(', ') || 'Every role';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return WORDS[field]?.[String(value)] ?? String(value);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Each version with the days it was in effect (until the day before the next one took effect; a version
 * replaced on the day it took effect was never in effect) and what changed from the one before.
 */
/** A version saved before a requirement could accept several qualifications accepts its one name. */
function normalised(v: StoredVersion): StoredVersion {
  const d = v.definition;
  const names =
    Array.isArray(d.qualification_names) && d.qualification_names.length ? d.qualification_names : null;
  return {
    ...v,
    definition: {
      ...d,
      qualification_names: names ?? (d.qualification_name ? [d.qualification_name] : null),
    },
  };
}

export function historyOf(versions: StoredVersion[], topics: Map<string, string>): RequirementVersionView[] {
  const sorted = versions.map(normalised).sort((a, b) => a.version - b.version);
  return sorted.map((v, i) => {
    const before = sorted[i - 1];
    const next = sorted[i + 1];
    const fields = Object.keys({ ...before?.definition, ...v.definition }).filter((k) => !IGNORED.has(k));
    const order = Object.keys(LABELS);
    const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
    const changes = before
      ? fields
          .filter((k) => !same(before.definition[k], v.definition[k]))
          .sort((a, b) => rank(a) - rank(b))
          .map((k) => ({
            field: k,
            label: LABELS[k] ?? k.replaceAll('_', ' '),
            from: words(k, before.definition[k], topics),
            to: words(k, v.definition[k], topics),
          }))
      : [];
    return {
      version: v.version,
      effectiveFrom: v.effectiveFrom,
      effectiveUntil: next ? addDays(next.effectiveFrom, -1) : null,
      neverInEffect: next !== undefined && next.effectiveFrom <= v.effectiveFrom,
      recordedAt: v.recordedAt,
      startsAfresh: !before || TERMS.some((k) => !same(before.definition[k], v.definition[k])),
      changes,
    };
  });
}
