// Whom an organisation's requirements reach on a day, and what could satisfy them: the set-based reads the
// statuses are computed from (decisions 008, 027, 033). Other domains' rows come through the relations they
// publish (decision 040).

import { PROGRAM_KINDS } from '@contract/compliance/compliance.schemas.js';
import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { arrayParam, checkedRow, checkedRows, type Db } from '../../platform/db/client.js';
import { networkContractsView, organisationsView } from '../organisations/index.js';
import { peopleView, personRolesView, qualificationsView } from '../people/index.js';
import { completionsView, topicsView } from '../training/index.js';
import { qualificationNames } from './requirements.repository.js';

/** Which of an organisation's requirements, and which people, to look at (all when absent). */
export interface Filter {
  requirementIds?: string[] | undefined;
  personIds?: string[] | undefined;
  /**
   * Only what had been recorded by the end of this day (Massachusetts): completions, qualifications and
   * exemptions recorded since are left out, and corrections made since undone (decision 027). Absent:
   * everything known now.
   */
  asKnownOn?: string | undefined;
}

/** The first instant after a Massachusetts calendar day. */
export const dayEnd = (day: string) => sql`((${day}::date + 1)::timestamp at time zone 'America/New_York')`;

/**
 * Completions as they stood at an instant: those recorded since are left out, and a field corrected since
 * reads as it was before the first such correction (each correction keeps the value it replaced). With no
 * instant, completions as they are now.
 */
export function completionsAsOf(until: SQL | null) {
  if (!until) return completionsView;
  const before = (field: string, type: string) =>
    sql`coalesce((select (x->'changes'->${field}->>'from')::${sql.raw(type)}
        from jsonb_array_elements(k.corrections) with ordinality e(x, n)
        where (x->>'at')::timestamptz >= ${until} and x->'changes' ? ${field} order by n limit 1),
      k.${sql.raw(field === 'completedOn' ? 'completed_on' : 'topic_id')})`;
  return sql`(select k.id, k.org_id, k.person_id, k.method, k.revoked_at, k.evidence, k.recorded_by_name,
      k.certificate_code,
      case when k.corrections = '[]'::jsonb then k.completed_on else ${before('completedOn', 'date')} end as completed_on,
      case when k.corrections = '[]'::jsonb then k.topic_id else ${before('topicId', 'uuid')} end as topic_id
    from ${completionsView} k where k.created_at < ${until})`;
}

const populationRow = z.object({
  requirementId: z.string(),
  personId: z.string(),
  name: z.string(),
  email: z.string(),
  trigger: z.string(),
  roles: z.array(z.string()),
  organisations: z.array(z.string()),
  orgIds: z.array(z.string()),
  /** The teams named on those roles (an integrated care team, a unit). */
  teams: z.array(z.string()),
});
export type PopulationRow = z.infer<typeof populationRow>;

/**
 * The people each requirement of an organisation reaches on a day: the organisation's own people, and for
 * a network requirement the people of every organisation under a network contract with it that day, by role
 * (roles current that day) and, where the requirement names people, kinds of organisation, organisations or
 * programs, only those. The trigger is the day they came under it: the role's start, the later of the role's
 * and the contract's start, the start of their role with a team (joining a care team), or the fixed date.
 * This reads across organisations on purpose (a plan answers for its network), so it runs as the system and
 * every part of it is bounded by the organisation's own requirements and contracts.
 */
function population(orgId: string, asOf: string, filter: Filter) {
  return sql`req as (
      select r.*, coalesce(r.organisation_kinds::text[], '{}') as only_kinds,
        coalesce(r.organisation_ids, '{}') as only_orgs, coalesce(r.programs, '{}') as only_programs,
        ${qualificationNames('r')} as accepted_names
      from compliance_requirements_on(${orgId}, ${asOf}::date) r
      where r.active
        ${filter.requirementIds ? sql`and r.id = any(${arrayParam(filter.requirementIds, 'uuid')})` : sql``}),
    reached as (
      select x.org_id, x.contract_start, o.kind::text as kind from (
        select ${orgId}::uuid as org_id, null::date as contract_start
        union all
        select case when r.org_id = ${orgId} then r.other_org_id else r.org_id end, r.starts_on
        from ${networkContractsView} r
        where (r.org_id = ${orgId} or r.other_org_id = ${orgId})
          and r.starts_on <= ${asOf}::date and (r.ends_on is null or r.ends_on >= ${asOf}::date)) x
      join ${organisationsView} o on o.id = x.org_id),
    taking_part as (
      -- The programs each organisation takes part in (decision 033): the one its kind runs; for a kind that
      -- runs none (a provider organisation), those of the organisations it is under a network contract with,
      -- as far as the requiring organisation's contracts tell: all of its own, or the one with it.
      select x.org_id, coalesce(array_agg(distinct ${programOfKind(sql`y.kind`)})
          filter (where ${programOfKind(sql`y.kind`)} is not null), '{}') as programs
      from reached x join reached y on y.org_id = x.org_id
        or (${programOfKind(sql`x.kind`)} is null and (x.org_id = ${orgId} or y.org_id = ${orgId}))
      group by x.org_id),
    held as (
      select pr.person_id, pr.org_id, pr.role::text as role, pr.team, pr.starts_on, x.contract_start, x.kind,
        tp.programs
      from ${personRolesView} pr join reached x on x.org_id = pr.org_id join taking_part tp on tp.org_id = pr.org_id
      where pr.starts_on <= ${asOf}::date and (pr.ends_on is null or pr.ends_on >= ${asOf}::date)
        ${filter.personIds ? sql`and pr.person_id = any(${arrayParam(filter.personIds, 'uuid')})` : sql``}),
    pop as (
      select q.id as requirement_id, h.person_id,
        min(case q.trigger when 'role_start' then h.starts_on
          when 'contract_start' then greatest(h.starts_on, coalesce(h.contract_start, h.starts_on))
          when 'team_start' then h.starts_on
          else q.fixed_date end) as trigger
      from req q join held h on (q.scope = 'network' or h.org_id = ${orgId})
        and (cardinality(q.roles) = 0 or h.role = any(q.roles))
        and (cardinality(q.person_ids) = 0 or h.person_id = any(q.person_ids))
        and (cardinality(q.only_kinds) = 0 or h.kind = any(q.only_kinds))
        and (cardinality(q.only_orgs) = 0 or h.org_id = any(q.only_orgs))
        and (cardinality(q.only_programs) = 0 or h.programs && q.only_programs)
        -- Joining a care team: only roles with a team bring someone under it, from the day that role started.
        and (q.trigger <> 'team_start' or h.team is not null)
      group by q.id, h.person_id)`;
}

/** The program an organisation of a kind runs (One Care plans One Care, …), or null. */
const programOfKind = (kind: SQL) =>
  sql`(case ${kind} ${sql.raw(
    Object.entries(PROGRAM_KINDS)
      .flatMap(([program, kinds]) => kinds.map((k) => `when '${k}' then '${program}'`))
      .join(' '),
  )} end)`;

export function loadPopulation(db: Db, orgId: string, asOf: string, filter: Filter) {
  return checkedRows(db, populationRow, populationQuery(orgId, asOf, filter));
}

const personRow = z.object({ personId: z.string() });

/** Everyone an organisation's requirements reach on a day, in one order, to recompute a slice at a time. */
export async function peopleReached(db: Db, orgId: string, asOf: string) {
  const found = await checkedRows(
    db,
    personRow,
    sql`with ${population(orgId, asOf, {})} select distinct person_id as "personId" from pop order by 1`,
  );
  return found.map((r) => r.personId);
}

/** Which of these people an organisation's requirements reach on a day, or whose statuses it keeps. */
export async function peopleAffected(db: Db, orgId: string, asOf: string, personIds: string[]) {
  if (!personIds.length) return [];
  const found = await checkedRows(
    db,
    personRow,
    sql`with ${population(orgId, asOf, { personIds })}
      select person_id as "personId" from pop
      union select person_id from compliance_statuses
        where org_id = ${orgId} and person_id = any(${arrayParam(personIds, 'uuid')})
      order by 1`,
  );
  return found.map((r) => r.personId);
}

const countPairsRow = z.object({ n: z.number() });
/** How many person × requirement statuses an organisation has on a day, counted without evaluating them. */
export async function countPairs(db: Db, orgId: string, asOf: string) {
  const row = await checkedRow(
    db,
    countPairsRow,
    sql`with ${population(orgId, asOf, {})} select count(*)::int as n from pop`,
  );
  return row?.n ?? 0;
}

function populationQuery(orgId: string, asOf: string, filter: Filter) {
  return sql`with ${population(orgId, asOf, filter)},
      about as materialized (
        select h.person_id, array_agg(distinct h.role order by h.role) as roles,
          array_agg(distinct o.name order by o.name) as organisations,
          array_agg(distinct o.id order by o.id) as org_ids,
          coalesce(array_agg(distinct h.team order by h.team) filter (where h.team is not null), '{}') as teams
        from held h join ${organisationsView} o on o.id = h.org_id group by h.person_id)
      select p.requirement_id as "requirementId", p.person_id as "personId",
        pe.given_name || ' ' || pe.family_name as name, pe.email, p.trigger::text as trigger, a.roles, a.organisations,
        a.org_ids as "orgIds", a.teams
      from pop p join ${peopleView} pe on pe.id = p.person_id join about a on a.person_id = p.person_id`;
}

const satisfierRow = z.object({
  personId: z.string(),
  /** The topic completed, or null for a qualification. */
  topicId: z.string().nullable(),
  requirementId: z.string().nullable(),
  id: z.string(),
  completedOn: z.string(),
  expiresOn: z.string().nullable(),
  label: z.string(),
});
export type SatisfierRow = z.infer<typeof satisfierRow>;

/**
 * What could satisfy the organisation's requirements for the people they reach: completions of their topics,
 * recorded anywhere (a shared topic done once counts for every plan), and not revoked by that day; and
 * qualifications whose name matches, as recorded by the organisation or one it reaches under a network
 * contract (a qualification is the recording organisation's verification, not a fact every organisation
 * linked to the person may read: decision 012). A completion of a topic private to another organisation
 * counts only where it was recorded (decision 022). The day's end is Massachusetts midnight. As known on a
 * day (`filter.asKnownOn`), only what had been recorded by that day's end, as it then stood (decision 027).
 */
export function loadSatisfiers(db: Db, orgId: string, asOf: string, filter: Filter) {
  const known = filter.asKnownOn ? dayEnd(filter.asKnownOn) : null;
  return checkedRows(
    db,
    satisfierRow,
    sql`with ${population(orgId, asOf, filter)},
      people_reached as (select distinct person_id from pop)
      select c.person_id as "personId", c.topic_id as "topicId", null as "requirementId", c.id,
        c.completed_on::text as "completedOn", null as "expiresOn",
        t.title || ', ' || (case c.method when 'live' then 'at a live webinar' when 'recorded' then 'by recording'
          when 'self_paced' then 'online' when 'imported' then 'imported' else 'recorded by hand' end)
          || ' (' || o.name || ')' as label
      from ${completionsAsOf(known)} c join people_reached p on p.person_id = c.person_id
        join ${topicsView} t on t.id = c.topic_id join ${organisationsView} o on o.id = c.org_id
      where c.topic_id in (select unnest(topic_ids) from req)
        and (t.shared or t.org_id = ${orgId} or c.org_id = ${orgId})
        and (c.revoked_at is null or c.revoked_at >= ${dayEnd(asOf)})
      union all
      select qu.person_id, null, q.id, qu.id, coalesce(qu.issued_on, qu.created_at::date)::text,
        qu.expires_on::text, qu.name || ' (' || qu.issuer || ')'
      from ${qualificationsView} qu join people_reached p on p.person_id = qu.person_id
        join req q on q.what = 'qualification'
          and exists (select 1 from unnest(q.accepted_names) n where strpos(lower(qu.name), lower(n)) > 0)
      where qu.org_id in (select org_id from reached) ${known ? sql`and qu.created_at < ${known}` : sql``}`,
  );
}
