// Requirements and their saved versions: what an organisation requires, as it stands now or stood on a day.

import {
  qualificationNamesOf,
  type RequirementInput,
  requirementView,
} from '@contract/compliance/compliance.schemas.js';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { arrayParam, checkedRows, type Db, isoTimestamp as iso } from '../../platform/db/client.js';
import { networkContractsView, organisationsView } from '../organisations/index.js';
import { topicsView } from '../training/index.js';
import { requirements, requirementVersions } from './compliance.tables.js';
import { TERMS } from './requirement-history.js';

/**
 * The names a qualification requirement accepts: a version saved before there could be several (its columns
 * then read as null) means its one name.
 */
export const qualificationNames = (q: string) =>
  sql.raw(`case when cardinality(${q}.qualification_names) > 0 then ${q}.qualification_names
    when ${q}.qualification_name is not null then array[${q}.qualification_name] else '{}'::text[] end`);

const requirementSelect = (where: SQL, source: SQL = sql`compliance_requirements`, more: SQL = sql``) =>
  sql`select q.id, q.code, q.title, q.description, q.what, q.topic_ids as "topicIds",
      coalesce((select json_agg(json_build_object('id', t.id, 'title', t.title) order by array_position(q.topic_ids, t.id))
        from ${topicsView} t where t.id = any(q.topic_ids)), '[]') as topics,
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
  return checkedRows(
    db,
    requirementView,
    requirementSelect(
      sql`q.org_id = ${orgId} ${only?.ids ? sql`and q.id = any(${arrayParam(only.ids, 'uuid')})` : sql``}
        ${only?.active ? sql`and q.active` : sql``}`,
    ),
  );
}

const requirementOnRow = requirementView.extend({ startsOn: z.string() });
/** A requirement as it stood on a day, with the day its terms as they then stood first applied. */
export type RequirementOn = z.infer<typeof requirementOnRow>;

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
  return checkedRows(
    db,
    requirementOnRow,
    requirementSelect(
      sql`q.active ${ids ? sql`and q.id = any(${arrayParam(ids, 'uuid')})` : sql``}`,
      sql`compliance_requirements_on(${orgId}, ${day}::date)`,
      sql`, coalesce(${startsOn}, q.in_force_from::text) as "startsOn"`,
    ),
  );
}

/** Every saved version of one of the organisation's requirements, oldest first. */
export function requirementVersionsOf(db: Db, orgId: string, id: string) {
  const v = requirementVersions;
  return db
    .select({
      version: v.version,
      effectiveFrom: v.effectiveFrom,
      recordedAt: sql<string>`${iso(sql`${v.recordedAt}`)}`,
      definition: sql<Record<string, unknown>>`${v.definition}`,
    })
    .from(v)
    .where(and(eq(v.orgId, orgId), eq(v.requirementId, id)))
    .orderBy(v.version);
}

const topicRow = z.object({ id: z.string(), title: z.string() });

export async function topicTitles(db: Db, ids: string[]) {
  const found = await checkedRows(
    db,
    topicRow,
    sql`select id, title from ${topicsView} t where id = any(${arrayParam(ids, 'uuid')})`,
  );
  return new Map(found.map((t) => [t.id, t.title]));
}

function values(r: RequirementInput) {
  const names = r.what === 'qualification' ? qualificationNamesOf(r) : [];
  return {
    code: r.code,
    title: r.title,
    description: r.description ?? null,
    what: r.what,
    topicIds: r.what === 'topics' ? r.topicIds : [],
    allTopics: r.allTopics,
    qualificationName: names[0] ?? null,
    qualificationNames: names,
    scope: r.scope,
    roles: r.roles,
    personIds: r.personIds,
    organisationKinds: r.organisationKinds,
    organisationIds: r.organisationIds,
    programs: r.programs,
    program: r.program ?? null,
    trigger: r.trigger,
    fixedDate: r.trigger === 'fixed_date' ? (r.fixedDate ?? null) : null,
    dueWithinDays: r.dueWithinDays,
    recurrence: r.recurrence,
    recurrenceMonths: r.recurrence === 'every_months' ? (r.recurrenceMonths ?? null) : null,
    programYearStartMonth: r.recurrence === 'program_year' ? (r.programYearStartMonth ?? null) : null,
    graceDays: r.graceDays,
    dueSoonDays: r.dueSoonDays,
    active: r.active,
  };
}

export async function insertRequirement(db: Db, orgId: string, r: RequirementInput, inForceFrom: string) {
  const [row] = await db
    .insert(requirements)
    .values({ orgId, ...values(r), inForceFrom })
    .returning({ id: requirements.id });
  return row!.id;
}

export async function updateRequirement(db: Db, id: string, r: RequirementInput, version: number) {
  const [row] = await db
    .update(requirements)
    .set({ ...values(r), version: sql`${requirements.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(requirements.id, id), eq(requirements.version, version)))
    .returning({ id: requirements.id });
  return row;
}

const idRow = z.object({ id: z.string() });

/**
 * Topic ids in the list that the organisation may not require: any but its own and shared ones. Another
 * organisation's private topic is answered as one that does not exist (decision 022).
 */
export async function unknownTopics(db: Db, orgId: string, ids: string[]) {
  const found = await checkedRows(
    db,
    idRow,
    sql`select id from ${topicsView} t where id = any(${arrayParam(ids, 'uuid')}) and (shared or org_id = ${orgId})`,
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
  const found = await checkedRows(
    db,
    idRow,
    sql`select o.id from ${organisationsView} o where o.id = any(${arrayParam(ids, 'uuid')}) and (o.id = ${orgId}
      or exists (select 1 from ${networkContractsView} r
        where (r.org_id = ${orgId} and r.other_org_id = o.id) or (r.other_org_id = ${orgId} and r.org_id = o.id)))`,
  );
  const seen = new Set(found.map((r) => r.id));
  return ids.filter((id) => !seen.has(id));
}

/** The organisations with an active requirement (each gets a morning reminders run). */
export async function organisationsWithRequirements(db: Db) {
  const found = await db
    .selectDistinct({ orgId: requirements.orgId })
    .from(requirements)
    .where(eq(requirements.active, true));
  return found.map((r) => r.orgId);
}
