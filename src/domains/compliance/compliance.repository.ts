import {
  PROGRAM_KINDS,
  qualificationNamesOf,
  type RequirementInput,
  type RequirementView,
} from '@contract/compliance/compliance.schemas.js';
import { type SQL, sql } from 'drizzle-orm';
import { arrayParam, type Db, isoTimestamp as iso, rows } from '../../platform/db/client.js';

/**
 * The names a qualification requirement accepts: a version saved before there could be several (its columns
 * then read as null) means its one name.
 */
const qualificationNames = (q: string) =>
  sql.raw(`case when cardinality(${q}.qualification_names) > 0 then ${q}.qualification_names
    when ${q}.qualification_name is not null then array[${q}.qualification_name] else '{}'::text[] end`);

import { TERMS } from './requirement-history.js';

const requirementSelect = (where: SQL, source: SQL = sql`compliance_requirements`, more: SQL = sql``) =>
  sql`select q.id, q.code, q.title, q.description, q.what, q.topic_ids as "topicIds",
      coalesce((select json_agg(json_build_object('id', t.id, 'title', t.title) order by array_position(q.topic_ids, t.id))
        from training_topics t where t.id = any(q.topic_ids)), '[]') as topics,
      q.all_topics as "allTopics", q.qualification_name as "qualificationName",
      ${qualificationNames('q')} as "qualificationNames", q.scope, q.roles, q.person_ids as "personIds",
      coalesce(q.organisation_kinds::text[], '{}') as "organisationKinds",
      coalesce(q.organisation_ids, '{}') as "organisationIds", coalesce(q.programs, '{}') as programs,
      q.program, q.trigger, q.fixed_date::text as "fixedDate",
      q.due_within_days as "dueWithinDays", q.recurrence, q.recurrence_months as "recurrenceMonths",
      q.program_year_start_month as "programYearStartMonth", q.grace_days as "graceDays",
      q.due_soon_days as "dueSoonDays", q.active, q.in_force_from::text as "inForceFrom", q.version ${more}
    from ${source} q where ${where} order by q.code`;

export function listRequirements(db: Db, orgId: string, only?: { ids?: string[]; active?: boolean }) {
  return rows<RequirementView>(
    db,
    requirementSelect(
      sql`q.org_id = ${orgId} ${only?.ids ? sql`and q.id = any(${arrayParam(only.ids, 'uuid')})` : sql``}
        ${only?.active ? sql`and q.active` : sql``}`,
    ),
  );
}

/** A requirement as it stood on a day, with the day its terms as they then stood first applied. */
export type RequirementOn = RequirementView & { startsOn: string };

/** A version's terms; the qualifications accepted read as its one name where it was saved before lists. */
const termsOf = (definition: SQL) =>
  sql.join(
    TERMS.map((k) =>
      k === 'qualification_names'
        ? sql`coalesce(nullif(${definition}->'qualification_names', '[]'::jsonb),
            jsonb_build_array(${definition}->'qualification_name'))`
        : sql`${definition}->${k}`,
    ),
    sql`, `,
  );

/**
 * The organisation's requirements in force on a day, as they then stood (decision 008), each with its start
 * (decision 028): the effective day of the earliest version since which its terms have not changed.
 */
export function requirementsOn(db: Db, orgId: string, day: string, ids?: string[]) {
  const startsOn = sql`(select min(v.effective_from)::text from compliance_requirement_versions v
      where v.org_id = ${orgId} and v.requirement_id = q.id and v.version <= q.version
        and v.version > coalesce((select max(w.version) from compliance_requirement_versions w
          where w.org_id = ${orgId} and w.requirement_id = q.id and w.version < q.version
            and row(${termsOf(sql`w.definition`)}) is distinct from row(${termsOf(sql`to_jsonb(q)`)})), 0))`;
  return rows<RequirementOn>(
    db,
    requirementSelect(
      sql`q.active ${ids ? sql`and q.id = any(${arrayParam(ids, 'uuid')})` : sql``}`,
      sql`compliance_requirements_on(${orgId}, ${day}::date)`,
      sql`, coalesce(${startsOn}, q.in_force_from::text) as "startsOn"`,
    ),
  );
}

/** Every saved version of one of the organisation's requirements, oldest first. */
export function requirementVersions(db: Db, orgId: string, id: string) {
  return rows<{
    version: number;
    effectiveFrom: string;
    recordedAt: string;
    definition: Record<string, unknown>;
  }>(
    db,
    sql`select version, effective_from::text as "effectiveFrom", ${iso(sql`recorded_at`)} as "recordedAt", definition
      from compliance_requirement_versions where org_id = ${orgId} and requirement_id = ${id} order by version`,
  );
}

export async function topicTitles(db: Db, ids: string[]) {
  const found = await rows<{ id: string; title: string }>(
    db,
    sql`select id, title from training_topics where id = any(${arrayParam(ids, 'uuid')})`,
  );
  return new Map(found.map((t) => [t.id, t.title]));
}

function values(r: RequirementInput): Record<string, SQL> {
  const names = r.what === 'qualification' ? qualificationNamesOf(r) : [];
  return {
    code: sql`${r.code}`,
    title: sql`${r.title}`,
    description: sql`${r.description ?? null}`,
    what: sql`${r.what}`,
    topic_ids: arrayParam(r.what === 'topics' ? r.topicIds : [], 'uuid'),
    all_topics: sql`${r.allTopics}`,
    qualification_name: sql`${names[0] ?? null}`,
    qualification_names: arrayParam(names, 'text'),
    scope: sql`${r.scope}`,
    roles: arrayParam(r.roles, 'text'),
    person_ids: arrayParam(r.personIds, 'uuid'),
    organisation_kinds: sql`${arrayParam(r.organisationKinds, 'text')}::organisation_kind[]`,
    organisation_ids: arrayParam(r.organisationIds, 'uuid'),
    programs: arrayParam(r.programs, 'text'),
    program: sql`${r.program ?? null}`,
    trigger: sql`${r.trigger}`,
    fixed_date: sql`${r.trigger === 'fixed_date' ? (r.fixedDate ?? null) : null}`,
    due_within_days: sql`${r.dueWithinDays}`,
    recurrence: sql`${r.recurrence}`,
    recurrence_months: sql`${r.recurrence === 'every_months' ? (r.recurrenceMonths ?? null) : null}`,
    program_year_start_month: sql`${r.recurrence === 'program_year' ? (r.programYearStartMonth ?? null) : null}`,
    grace_days: sql`${r.graceDays}`,
    due_soon_days: sql`${r.dueSoonDays}`,
    active: sql`${r.active}`,
  };
}

export async function insertRequirement(db: Db, orgId: string, r: RequirementInput, inForceFrom: string) {
  const v = { ...values(r), in_force_from: sql`${inForceFrom}` };
  const [row] = await rows<{ id: string }>(
    db,
    sql`insert into compliance_requirements (org_id, ${sql.raw(Object.keys(v).join(', '))})
      values (${orgId}, ${sql.join(Object.values(v), sql`, `)}) returning id`,
  );
  return row!.id;
}

export async function updateRequirement(db: Db, id: string, r: RequirementInput, version: number) {
  const sets = Object.entries(values(r)).map(([column, value]) => sql`${sql.raw(column)} = ${value}`);
  const [row] = await rows<{ id: string }>(
    db,
    sql`update compliance_requirements set ${sql.join(sets, sql`, `)}, version = version + 1, updated_at = now()
      where id = ${id} and version = ${version} returning id`,
  );
  return row;
}

/**
 * Topic ids in the list that the organisation may not require: any but its own and shared ones. Another
 * organisation's private topic is answered as one that does not exist (decision 022).
 */
export async function unknownTopics(db: Db, orgId: string, ids: string[]) {
  const found = await rows<{ id: string }>(
    db,
    sql`select id from training_topics where id = any(${arrayParam(ids, 'uuid')}) and (shared or org_id = ${orgId})`,
  );
  const seen = new Set(found.map((r) => r.id));
  return ids.filter((id) => !seen.has(id));
}

/**
 * Organisation ids in the list that a requirement of the organisation may not name: any but itself and those
 * that hold, held or will hold a network contract with it (a contract's dates are checked on each day asked).
 */
export async function outsideNetwork(db: Db, orgId: string, ids: string[]) {
  if (!ids.length) return [];
  const found = await rows<{ id: string }>(
    db,
    sql`select o.id from organisations o where o.id = any(${arrayParam(ids, 'uuid')}) and (o.id = ${orgId}
      or exists (select 1 from org_relationships r where r.kind = 'network_contract'
        and ((r.org_id = ${orgId} and r.other_org_id = o.id) or (r.other_org_id = ${orgId} and r.org_id = o.id))))`,
  );
  const seen = new Set(found.map((r) => r.id));
  return ids.filter((id) => !seen.has(id));
}

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
const dayEnd = (day: string) => sql`((${day}::date + 1)::timestamp at time zone 'America/New_York')`;

/**
 * Completions as they stood at an instant: those recorded since are left out, and a field corrected since
 * reads as it was before the first such correction (each correction keeps the value it replaced). With no
 * instant, completions as they are now.
 */
function completionsAsOf(until: SQL | null) {
  if (!until) return sql`training_completions`;
  const before = (field: string, type: string) =>
    sql`coalesce((select (x->'changes'->${field}->>'from')::${sql.raw(type)}
        from jsonb_array_elements(k.corrections) with ordinality e(x, n)
        where (x->>'at')::timestamptz >= ${until} and x->'changes' ? ${field} order by n limit 1),
      k.${sql.raw(field === 'completedOn' ? 'completed_on' : 'topic_id')})`;
  return sql`(select k.id, k.org_id, k.person_id, k.method, k.revoked_at, k.evidence, k.recorded_by_name,
      k.certificate_code,
      case when k.corrections = '[]'::jsonb then k.completed_on else ${before('completedOn', 'date')} end as completed_on,
      case when k.corrections = '[]'::jsonb then k.topic_id else ${before('topicId', 'uuid')} end as topic_id
    from training_completions k where k.created_at < ${until})`;
}

export interface PopulationRow {
  requirementId: string;
  personId: string;
  name: string;
  email: string;
  trigger: string;
  roles: string[];
  organisations: string[];
  orgIds: string[];
  /** The teams named on those roles (an integrated care team, a unit). */
  teams: string[];
}

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
        from org_relationships r
        where r.kind = 'network_contract' and (r.org_id = ${orgId} or r.other_org_id = ${orgId})
          and r.starts_on <= ${asOf}::date and (r.ends_on is null or r.ends_on >= ${asOf}::date)) x
      join organisations o on o.id = x.org_id),
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
      from person_roles pr join reached x on x.org_id = pr.org_id join taking_part tp on tp.org_id = pr.org_id
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
  return rows<PopulationRow>(db, populationQuery(orgId, asOf, filter));
}

/** Everyone an organisation's requirements reach on a day, in one order, to recompute a slice at a time. */
export async function peopleReached(db: Db, orgId: string, asOf: string) {
  const found = await rows<{ personId: string }>(
    db,
    sql`with ${population(orgId, asOf, {})} select distinct person_id as "personId" from pop order by 1`,
  );
  return found.map((r) => r.personId);
}

/** Which of these people an organisation's requirements reach on a day, or whose statuses it keeps. */
export async function peopleAffected(db: Db, orgId: string, asOf: string, personIds: string[]) {
  if (!personIds.length) return [];
  const found = await rows<{ personId: string }>(
    db,
    sql`with ${population(orgId, asOf, { personIds })}
      select person_id as "personId" from pop
      union select person_id from compliance_statuses
        where org_id = ${orgId} and person_id = any(${arrayParam(personIds, 'uuid')})
      order by 1`,
  );
  return found.map((r) => r.personId);
}

/** How many person × requirement statuses an organisation has on a day, counted without evaluating them. */
export async function countPairs(db: Db, orgId: string, asOf: string) {
  const [row] = await rows<{ n: number }>(
    db,
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
        from held h join organisations o on o.id = h.org_id group by h.person_id)
      select p.requirement_id as "requirementId", p.person_id as "personId",
        pe.given_name || ' ' || pe.family_name as name, pe.email, p.trigger::text as trigger, a.roles, a.organisations,
        a.org_ids as "orgIds", a.teams
      from pop p join people pe on pe.id = p.person_id join about a on a.person_id = p.person_id`;
}

export interface SatisfierRow {
  personId: string;
  /** The topic completed, or null for a qualification. */
  topicId: string | null;
  requirementId: string | null;
  id: string;
  completedOn: string;
  expiresOn: string | null;
  label: string;
}

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
  return rows<SatisfierRow>(
    db,
    sql`with ${population(orgId, asOf, filter)},
      people_reached as (select distinct person_id from pop)
      select c.person_id as "personId", c.topic_id as "topicId", null as "requirementId", c.id,
        c.completed_on::text as "completedOn", null as "expiresOn",
        t.title || ', ' || (case c.method when 'live' then 'at a live webinar' when 'recorded' then 'by recording'
          when 'self_paced' then 'online' when 'imported' then 'imported' else 'recorded by hand' end)
          || ' (' || o.name || ')' as label
      from ${completionsAsOf(known)} c join people_reached p on p.person_id = c.person_id
        join training_topics t on t.id = c.topic_id join organisations o on o.id = c.org_id
      where c.topic_id in (select unnest(topic_ids) from req)
        and (t.shared or t.org_id = ${orgId} or c.org_id = ${orgId})
        and (c.revoked_at is null or c.revoked_at >= ${dayEnd(asOf)})
      union all
      select qu.person_id, null, q.id, qu.id, coalesce(qu.issued_on, qu.created_at::date)::text,
        qu.expires_on::text, qu.name || ' (' || qu.issuer || ')'
      from qualifications qu join people_reached p on p.person_id = qu.person_id
        join req q on q.what = 'qualification'
          and exists (select 1 from unnest(q.accepted_names) n where strpos(lower(qu.name), lower(n)) > 0)
      where qu.org_id in (select org_id from reached) ${known ? sql`and qu.created_at < ${known}` : sql``}`,
  );
}

export function loadExemptions(
  db: Db,
  orgId: string,
  asOf: string,
  personIds?: string[],
  asKnownOn?: string,
) {
  return rows<{ requirementId: string; personId: string; until: string | null; reason: string }>(
    db,
    sql`select requirement_id as "requirementId", person_id as "personId", until::text as until, reason
      from compliance_exemptions
      where org_id = ${orgId} and starts_on <= ${asOf}::date and (until is null or until >= ${asOf}::date)
        and (ended_at is null or ended_at >= ${dayEnd(asOf)})
        ${asKnownOn ? sql`and created_at < ${dayEnd(asKnownOn)}` : sql``}
        ${personIds ? sql`and person_id = any(${arrayParam(personIds, 'uuid')})` : sql``}`,
  );
}

export async function insertExemption(
  db: Db,
  e: {
    orgId: string;
    requirementId: string;
    personId: string;
    reason: string;
    startsOn: string;
    until: string | null;
    approvedBy: string;
    approvedByName: string;
  },
) {
  const [row] = await rows<{ id: string }>(
    db,
    sql`insert into compliance_exemptions (org_id, requirement_id, person_id, reason, starts_on, until, approved_by,
        approved_by_name)
      values (${e.orgId}, ${e.requirementId}, ${e.personId}, ${e.reason}, ${e.startsOn}, ${e.until}, ${e.approvedBy},
        ${e.approvedByName})
      returning id`,
  );
  return row!.id;
}

export function listExemptions(db: Db, orgId: string, personId?: string) {
  return rows(
    db,
    sql`select e.id, e.requirement_id as "requirementId", q.title as "requirementTitle", e.person_id as "personId",
        e.reason, e.starts_on::text as "startsOn", e.until::text as until, e.approved_by_name as "approvedByName",
        ${iso(sql`e.created_at`)} as "createdAt", ${iso(sql`e.ended_at`)} as "endedAt"
      from compliance_exemptions e join compliance_requirements q on q.id = e.requirement_id
      where e.org_id = ${orgId} ${personId ? sql`and e.person_id = ${personId}` : sql``}
      order by e.created_at desc`,
  );
}

export async function endExemption(db: Db, id: string) {
  const [row] = await rows<{ id: string }>(
    db,
    sql`update compliance_exemptions set ended_at = now() where id = ${id} and ended_at is null returning id`,
  );
  return row;
}

/** Whether a person holds or held a role at the organisation. */
export async function heldRoleAt(db: Db, orgId: string, personId: string) {
  const [row] = await rows<{ held: boolean }>(
    db,
    sql`select exists (select 1 from person_roles where person_id = ${personId} and org_id = ${orgId}) as held`,
  );
  return Boolean(row?.held);
}

/** The organisations whose requirements may reach a person: where they hold a role, and those contracting with it. */
export function organisationsReaching(db: Db, personId: string, asOf: string) {
  return rows<{ orgId: string; orgName: string }>(
    db,
    sql`with mine as (
        select distinct org_id from person_roles
        where person_id = ${personId} and starts_on <= ${asOf}::date and (ends_on is null or ends_on >= ${asOf}::date))
      select distinct o.id as "orgId", o.name as "orgName" from organisations o
      where exists (select 1 from compliance_requirements q where q.org_id = o.id and q.active)
        and (o.id in (select org_id from mine) or exists (
          select 1 from org_relationships r where r.kind = 'network_contract'
            and r.starts_on <= ${asOf}::date and (r.ends_on is null or r.ends_on >= ${asOf}::date)
            and ((r.org_id = o.id and r.other_org_id in (select org_id from mine))
              or (r.other_org_id = o.id and r.org_id in (select org_id from mine)))))`,
  );
}

export interface SatisfierDetail {
  id: string;
  what: string;
  completedOn: string;
  how: string;
  recordedBy: string;
  certificate: string | null;
  evidence: string | null;
}

/**
 * What the evidence pack of an organisation says about each satisfying completion or qualification. The
 * evidence kept with a completion (note, file, minutes attended) is the recording organisation's: it is
 * given for the organisation's own completions; another's are evidenced by their certificate code, which
 * anyone can check.
 */
export function satisfierDetails(db: Db, orgId: string, ids: string[], asKnownOn?: string) {
  return rows<SatisfierDetail>(
    db,
    sql`select c.id, t.title as what, c.completed_on::text as "completedOn", c.method::text as how,
        o.name || ' (' || c.recorded_by_name || ')' as "recordedBy", c.certificate_code as certificate,
        case when c.org_id = ${orgId} then nullif(concat_ws('; ', c.evidence->>'note', c.evidence->>'fileName',
          case when c.evidence ? 'minutes' then (c.evidence->>'minutes') || ' minutes attended' end), '') end as evidence
      from ${completionsAsOf(asKnownOn ? dayEnd(asKnownOn) : null)} c join training_topics t on t.id = c.topic_id
        join organisations o on o.id = c.org_id
      where c.id = any(${arrayParam(ids, 'uuid')})
      union all
      select q.id, q.name, coalesce(q.issued_on, q.created_at::date)::text, 'qualification', q.issuer, q.number,
        case when q.expires_on is not null then 'expires ' || q.expires_on end
      from qualifications q where q.id = any(${arrayParam(ids, 'uuid')})`,
  );
}

export function organisationNames(db: Db, ids: string[]) {
  return rows<{ id: string; name: string }>(
    db,
    sql`select id, name from organisations where id = any(${arrayParam(ids, 'uuid')})`,
  );
}
