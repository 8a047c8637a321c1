// What each kind of user does in the load benchmark: one request per click, chosen by weight for the role
// (staff look at what they owe and the sessions open to them; administrators and compliance officers work
// through lists, people, dashboards and statuses; administrators record completions), with the audit event
// each successful request must leave.
import { STATUSES } from '@contract/compliance/compliance.schemas.js';
import { massachusettsDate } from '@contract/massachusetts-day.js';
import { FAMILY_NAMES } from '../src/seed/names.js';
import type { Random } from '../src/seed/random.js';
import type { Session } from './load-client.js';
import type { LoadRole, OrgFixture } from './load-users.js';

export interface Click {
  kind: string;
  method: 'GET' | 'POST';
  path: string;
  json?: unknown;
  /** The audit event a success must leave, by the signed-in user. */
  audit?: { action: string; entityType: string };
}

interface Context {
  session: Session;
  fixture: OrgFixture;
  random: Random;
}

const query = (params: Record<string, string | number | undefined>) =>
  `?${Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&')}`;

const maybe = <T>(random: Random, p: number, value: () => T) => (random.chance(p) ? value() : undefined);
/** A Massachusetts day this many days ago (a completion is never dated after today there). */
const daysAgo = (days: number) => massachusettsDate(new Date(Date.now() - days * 86_400_000));

const clicks: Record<string, (c: Context) => Click> = {
  peopleList: ({ fixture, random }) => ({
    kind: 'GET /api/people (filtered, paged)',
    method: 'GET',
    path: `/api/people${query({
      q: maybe(random, 0.4, () => random.pick(FAMILY_NAMES).slice(0, 3)),
      role: maybe(random, 0.2, () => random.pick(['care_coordinator', 'rn', 'pcp', 'bh_clinician'])),
      team: maybe(random, 0.15, () => (fixture.teams.length ? random.pick(fixture.teams) : undefined)),
      sort: random.pick(['familyName', 'givenName', 'email']),
      dir: random.pick(['asc', 'desc']),
      page: random.int(1, 4),
      pageSize: random.pick([25, 50]),
    })}`,
  }),
  person: ({ fixture, random }) => {
    const id = random.pick(fixture.people);
    return {
      kind: 'GET /api/people/:id',
      method: 'GET',
      path: `/api/people/${id}`,
      audit: { action: 'read', entityType: 'person' },
    };
  },
  self: ({ session }) => ({
    kind: 'GET /api/people/:id',
    method: 'GET',
    path: `/api/people/${session.personId}`,
    audit: { action: 'read', entityType: 'person' },
  }),
  personCompliance: ({ fixture, random }) => ({
    kind: 'GET /api/compliance/people/:id',
    method: 'GET',
    path: `/api/compliance/people/${random.pick(fixture.compliancePeople)}`,
    audit: { action: 'read', entityType: 'compliance_status' },
  }),
  statuses: ({ fixture, random }) => ({
    kind: 'GET /api/compliance/statuses (filtered, paged)',
    method: 'GET',
    path: `/api/compliance/statuses${query({
      status: maybe(random, 0.5, () => random.pick(STATUSES)),
      requirementId: maybe(random, 0.3, () =>
        fixture.requirements.length ? random.pick(fixture.requirements) : undefined,
      ),
      role: maybe(random, 0.15, () => random.pick(['care_coordinator', 'rn', 'pcp'])),
      team: maybe(random, 0.1, () => (fixture.teams.length ? random.pick(fixture.teams) : undefined)),
      q: maybe(random, 0.2, () => random.pick(FAMILY_NAMES).slice(0, 3).toLowerCase()),
      sort: random.pick(['status', 'dueOn', 'name', 'requirement']),
      page: random.int(1, 3),
      pageSize: 50,
    })}`,
    audit: { action: 'read', entityType: 'compliance_status' },
  }),
  dashboard: () => ({
    kind: 'GET /api/compliance/dashboard',
    method: 'GET',
    path: '/api/compliance/dashboard',
  }),
  mine: () => ({ kind: 'GET /api/compliance/me', method: 'GET', path: '/api/compliance/me' }),
  sessions: ({ random }) => ({
    kind: 'GET /api/training/sessions (filtered, paged)',
    method: 'GET',
    path: `/api/training/sessions${query({
      upcoming: maybe(random, 0.6, () => 'true'),
      kind: maybe(random, 0.3, () => random.pick(['live', 'recorded', 'self_paced'])),
      sort: random.pick(['startsAt', 'title']),
      page: random.int(1, 2),
    })}`,
  }),
  myCompletions: () => ({
    kind: 'GET /api/training/completions',
    method: 'GET',
    path: '/api/training/completions?sort=completedOn&dir=desc',
    audit: { action: 'read', entityType: 'training_completions' },
  }),
  completions: ({ fixture, random }) => ({
    kind: 'GET /api/training/completions',
    method: 'GET',
    path: `/api/training/completions?personId=${random.pick(fixture.people)}`,
    audit: { action: 'read', entityType: 'training_completions' },
  }),
  record: ({ fixture, random }) => ({
    kind: 'POST /api/training/completions',
    method: 'POST',
    path: '/api/training/completions',
    json: {
      personId: random.pick(fixture.people),
      topicId: random.pick(fixture.topics),
      completedOn: daysAgo(random.int(0, 120)),
      method: 'external',
      evidence: { note: 'Certificate from the external course seen and filed.' },
    },
    audit: { action: 'create', entityType: 'training_completion' },
  }),
  qualifications: ({ random }) => ({
    kind: 'GET /api/qualifications (expiring)',
    method: 'GET',
    path: `/api/qualifications${query({ expiringWithinDays: random.pick([30, 60, 90]), sort: 'expiresOn' })}`,
  }),
  session: () => ({ kind: 'GET /api/auth/session', method: 'GET', path: '/api/auth/session' }),
};

/** Each role's clicks and their weights (out of 100). */
export const MIX: Record<LoadRole, [keyof typeof clicks, number][]> = {
  staff: [
    ['mine', 25],
    ['sessions', 25],
    ['myCompletions', 20],
    ['self', 15],
    ['session', 15],
  ],
  org_admin: [
    ['peopleList', 25],
    ['person', 20],
    ['personCompliance', 10],
    ['completions', 10],
    ['dashboard', 10],
    ['record', 10],
    ['statuses', 5],
    ['sessions', 5],
    ['qualifications', 5],
  ],
  compliance_officer: [
    ['statuses', 30],
    ['dashboard', 25],
    ['personCompliance', 15],
    ['person', 15],
    ['peopleList', 10],
    ['completions', 5],
  ],
  training_admin: [
    ['sessions', 25],
    ['record', 25],
    ['peopleList', 20],
    ['person', 10],
    ['completions', 10],
    ['session', 10],
  ],
};

/** The next click of a user with `role`. */
export function nextClick(role: LoadRole, context: Context): Click {
  const mix = MIX[role];
  let n = context.random.next() * mix.reduce((s, [, w]) => s + w, 0);
  for (const [name, weight] of mix) {
    n -= weight;
    if (n < 0) return clicks[name]!(context);
  }
  return clicks[mix[0]![0]]!(context);
}

/** Exponentially distributed think time with the given mean (ms): most pauses short, a few long. */
export const thinkTime = (random: Random, meanMs: number) =>
  meanMs > 0 ? -Math.log(1 - random.next()) * meanMs : 0;
