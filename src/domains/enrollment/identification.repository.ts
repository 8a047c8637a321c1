// Identifications: what an import and a referral's acceptance look up and write, and the list. Members are the
// care domain's enrollees (careMembersView), organisations the organisations domain's (organisationsView).
import { CP_TYPES, IDENTIFICATION_SOURCES, STAGES } from '@contract/enrollment/assignment.labels.js';
import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { arrayParam, checkedRow, checkedRows, type Db } from '../../platform/db/client.js';
import { careMembersView } from '../care/index.js';
import { organisationsView } from '../organisations/index.js';

const pidRow = z.object({ pid: z.string(), sl: z.string(), orgId: z.string() });
const key = (pid: string, sl: string) => `${pid}|${sl}`;

/** The organisation's own PIDs and service locations, in order. */
export async function ownProviderIds(db: Db, orgId: string) {
  return checkedRows(
    db,
    pidRow,
    sql`select pid, service_location as sl, org_id as "orgId" from enrollment_provider_ids where org_id = ${orgId}
      order by pid, service_location`,
  );
}

const cpPidRow = pidRow.extend({ cpType: z.enum(CP_TYPES) });

/** Every Community Partner's PIDs and locations in the directory: `PID|SL` → the CP and its type. */
export async function cpProviderIds(db: Db) {
  const rows = await checkedRows(
    db,
    cpPidRow,
    sql`select p.pid, p.service_location as sl, p.org_id as "orgId",
        case o.kind when 'cp_bh' then 'BH' else 'LTSS' end as "cpType"
      from enrollment_provider_ids p
      join ${organisationsView} o on o.id = p.org_id where o.kind in ('cp_bh', 'cp_ltss')`,
  );
  return new Map(rows.map((r) => [key(r.pid, r.sl), { orgId: r.orgId, cpType: r.cpType }]));
}
export const providerKey = key;

const memberRow = z.object({ masshealthId: z.string(), enrolleeId: z.string(), dateOfBirth: z.string() });

/** The organisation's own enrollees with these MassHealth IDs (never another organisation's). */
export async function ownMembers(db: Db, orgId: string, masshealthIds: readonly string[]) {
  if (masshealthIds.length === 0) return new Map<string, z.infer<typeof memberRow>>();
  const rows = await checkedRows(
    db,
    memberRow,
    sql`select m.masshealth_id as "masshealthId", m.id as "enrolleeId", m.date_of_birth::text as "dateOfBirth"
      from ${careMembersView} m
      where m.org_id = ${orgId} and m.masshealth_id = any(${arrayParam(masshealthIds, 'text')})`,
  );
  return new Map(rows.map((r) => [r.masshealthId, r]));
}

/** The organisation's enrollee with this MassHealth ID and date of birth, if there is one. */
export async function memberByIdAndBirth(db: Db, orgId: string, masshealthId: string, dateOfBirth: string) {
  return checkedRow(
    db,
    memberRow,
    sql`select m.masshealth_id as "masshealthId", m.id as "enrolleeId", m.date_of_birth::text as "dateOfBirth"
      from ${careMembersView} m
      where m.org_id = ${orgId} and m.masshealth_id = ${masshealthId} and m.date_of_birth = ${dateOfBirth}::date`,
  );
}

const stateRow = z.object({
  enrolleeId: z.string(),
  openId: z.string().nullable(),
  source: z.string().nullable(),
  cpType: z.string().nullable(),
  suggestedCpOrgId: z.string().nullable(),
  startReason: z.string().nullable(),
  agencyFlags: z.array(z.string()).nullable(),
  identifiedOn: z.string().nullable(),
  recordUpdatedOn: z.string().nullable(),
  /** The latest record date of any of the member's identifications here, open or ended. */
  latestRecordOn: z.string().nullable(),
});
export type MemberState = z.infer<typeof stateRow>;

/** Each member's open identification at the organisation (if any) and the latest record date it holds. */
export async function memberStates(db: Db, orgId: string, enrolleeIds: readonly string[]) {
  if (enrolleeIds.length === 0) return new Map<string, MemberState>();
  const rows = await checkedRows(
    db,
    stateRow,
    sql`select e.id as "enrolleeId", o.id as "openId", o.source, o.cp_type as "cpType",
        o.suggested_cp_org_id as "suggestedCpOrgId", o.start_reason as "startReason", o.agency_flags as "agencyFlags",
        o.identified_on::text as "identifiedOn", o.record_updated_on::text as "recordUpdatedOn",
        (select max(a.record_updated_on)::text from enrollment_identifications a
          where a.org_id = ${orgId} and a.enrollee_id = e.id) as "latestRecordOn"
      from unnest(${arrayParam(enrolleeIds, 'uuid')}) as e(id)
      left join enrollment_identifications o on o.org_id = ${orgId} and o.enrollee_id = e.id and o.ended_on is null`,
  );
  return new Map(rows.map((r) => [r.enrolleeId, r]));
}

/** One writer of an organisation's identifications at a time (imports and referral acceptances). */
export async function lockIdentifications(tx: Db, orgId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('enrollment-identification:' || ${orgId}))`);
}

export interface IdentificationValues {
  enrolleeId: string;
  source: string;
  cpType: string | null;
  suggestedCpOrgId: string | null;
  startReason: string | null;
  agencyFlags: string[];
  identifiedOn: string;
  recordUpdatedOn: string | null;
  referralId?: string | null;
}

const writtenRow = z.object({ id: z.string(), enrolleeId: z.string() });
const json = (rows: unknown[]) => sql`${JSON.stringify(rows)}::jsonb`;
const recordset = sql`(enrollee_id uuid, source text, cp_type text, suggested_cp_org_id uuid, start_reason text,
  agency_flags text[], identified_on date, record_updated_on date, referral_id uuid, id uuid, ended_on date, end_reason text)`;
const asRecord = (v: IdentificationValues & { id?: string; endedOn?: string; endReason?: string }) => ({
  enrollee_id: v.enrolleeId,
  source: v.source,
  cp_type: v.cpType,
  suggested_cp_org_id: v.suggestedCpOrgId,
  start_reason: v.startReason,
  agency_flags: v.agencyFlags,
  identified_on: v.identifiedOn,
  record_updated_on: v.recordUpdatedOn,
  referral_id: v.referralId ?? null,
  id: v.id ?? null,
  ended_on: v.endedOn ?? null,
  end_reason: v.endReason ?? null,
});

/** New open identifications; their ids by enrollee. */
export async function insertIdentifications(
  tx: Db,
  orgId: string,
  by: { importId: string | null; userId: string | null; name: string },
  rows: IdentificationValues[],
) {
  if (rows.length === 0) return [];
  return checkedRows(
    tx,
    writtenRow,
    sql`insert into enrollment_identifications (org_id, enrollee_id, source, cp_type, suggested_cp_org_id,
        start_reason, agency_flags, identified_on, record_updated_on, referral_id, import_id, created_by, created_by_name)
      select ${orgId}, r.enrollee_id, r.source, r.cp_type, r.suggested_cp_org_id, r.start_reason,
        coalesce(r.agency_flags, '{}'), r.identified_on, r.record_updated_on, r.referral_id, ${by.importId},
        ${by.userId}, ${by.name}
      from jsonb_to_recordset(${json(rows.map(asRecord))}) as r${recordset}
      returning id, enrollee_id as "enrolleeId"`,
  );
}

/**
 * Open identifications brought up to date (`id` each). A referral's acceptance keeps what the referral does not
 * say (`keepUnsaid`): the CP type, the suggested CP (unless the referral names the other type), the flags and
 * the day identified; the record's date becomes the acceptance's, unless a later one is recorded.
 */
export async function updateIdentifications(
  tx: Db,
  orgId: string,
  importId: string | null,
  rows: (IdentificationValues & { id: string })[],
  keepUnsaid = false,
) {
  if (rows.length === 0) return [];
  const kept = (column: string) =>
    keepUnsaid ? sql.raw(`coalesce(r.${column}, i.${column})`) : sql.raw(`r.${column}`);
  const updated = await checkedRows(
    tx,
    writtenRow,
    sql`update enrollment_identifications i set source = r.source, cp_type = ${kept('cp_type')},
        suggested_cp_org_id = ${
          keepUnsaid
            ? // A referral naming the other CP type drops a suggested CP of the first.
              sql`case when r.cp_type is distinct from i.cp_type and r.cp_type is not null then r.suggested_cp_org_id
                else coalesce(r.suggested_cp_org_id, i.suggested_cp_org_id) end`
            : sql`r.suggested_cp_org_id`
        }, start_reason = ${kept('start_reason')},
        agency_flags = ${keepUnsaid ? sql`i.agency_flags` : sql`coalesce(r.agency_flags, '{}')`},
        identified_on = ${keepUnsaid ? sql`i.identified_on` : sql`r.identified_on`},
        record_updated_on = ${keepUnsaid ? sql`greatest(i.record_updated_on, r.record_updated_on)` : sql`r.record_updated_on`},
        referral_id = coalesce(r.referral_id, i.referral_id), import_id = coalesce(${importId}::uuid, i.import_id),
        version = i.version + 1, updated_at = now()
      from jsonb_to_recordset(${json(rows.map(asRecord))}) as r${recordset}
      where i.org_id = ${orgId} and i.id = r.id and i.ended_on is null
      returning i.id, i.enrollee_id as "enrolleeId"`,
  );
  // A member who now needs the other type of CP keeps no live assignment to a CP of the first type: it ends,
  // and the member waits for a CP of the type now recorded.
  await tx.execute(sql`with ended as (
      update enrollment_assignments a set status = 'ended', ended_at = now(),
        end_reason = 'The member now needs a Community Partner of type ' || i.cp_type, version = a.version + 1,
        updated_at = now()
      from enrollment_identifications i, ${organisationsView} o
      where a.org_id = ${orgId} and a.status in ('proposed', 'confirmed') and i.org_id = ${orgId}
        and i.id = a.identification_id and i.id = any(${arrayParam(
          updated.map((u) => u.id),
          'uuid',
        )})
        and i.cp_type is not null and o.id = a.cp_org_id and o.kind::text <> case i.cp_type when 'BH' then 'cp_bh' else 'cp_ltss' end
      returning a.identification_id)
    update enrollment_identifications set stage = 'identified', version = version + 1, updated_at = now()
    where org_id = ${orgId} and id in (select identification_id from ended) and stage in ('assigned', 'outreach')`);
  return updated;
}

/** Open identifications ended: on the record's day, saying which list ended them. */
export async function endIdentifications(
  tx: Db,
  orgId: string,
  importId: string,
  rows: { id: string; endedOn: string; endReason: string; recordUpdatedOn: string }[],
) {
  if (rows.length === 0) return [];
  const records = rows.map((r) => ({
    id: r.id,
    ended_on: r.endedOn,
    end_reason: r.endReason,
    record_updated_on: r.recordUpdatedOn,
  }));
  // Its live assignment ends with it: a place is never held for a member no longer identified.
  await tx.execute(sql`update enrollment_assignments a set status = 'ended', ended_at = now(),
      end_reason = 'The member’s identification ended', version = a.version + 1, updated_at = now()
    where a.org_id = ${orgId} and a.status in ('proposed', 'confirmed')
      and a.identification_id in (select (r->>'id')::uuid from jsonb_array_elements(${json(records)}) r)`);
  return checkedRows(
    tx,
    writtenRow,
    sql`update enrollment_identifications i set stage = 'ended', ended_on = r.ended_on, end_reason = r.end_reason,
        record_updated_on = r.record_updated_on, import_id = ${importId}, version = i.version + 1, updated_at = now()
      from jsonb_to_recordset(${json(records)}) as r(id uuid, ended_on date, end_reason text, record_updated_on date)
      where i.org_id = ${orgId} and i.id = r.id and i.ended_on is null
      returning i.id, i.enrollee_id as "enrolleeId"`,
  );
}

const listRow = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  enrolleeId: z.string(),
  stage: z.enum(STAGES),
  source: z.enum(IDENTIFICATION_SOURCES),
  cpType: z.enum(CP_TYPES).nullable(),
  suggestedCpName: z.string().nullable(),
  startReason: z.string().nullable(),
  agencyFlags: z.array(z.string()),
  identifiedOn: z.string(),
  recordUpdatedOn: z.string().nullable(),
  endedOn: z.string().nullable(),
  endReason: z.string().nullable(),
  version: z.number(),
});
const countRow = z.object({ n: z.number() });

/** Filters of the list: the organisation's own (null: every one in scope, a state agency), a stage, a source. */
export interface IdentificationFilter {
  orgId: string | null;
  stage?: string | undefined;
  source?: string | undefined;
}
const where = (f: IdentificationFilter): SQL =>
  sql.join(
    [
      sql`true`,
      ...(f.orgId ? [sql`i.org_id = ${f.orgId}`] : []),
      ...(f.stage ? [sql`i.stage = ${f.stage}`] : []),
      ...(f.source ? [sql`i.source = ${f.source}`] : []),
    ],
    sql` and `,
  );

/**
 * Identifications in the caller's scope (row-level security says whose), open first, the latest identified
 * first. The members' names are read apart (`membersOf`): a state agency reads identifications, not rosters.
 */
export async function listIdentifications(db: Db, f: IdentificationFilter, offset: number, limit: number) {
  return checkedRows(
    db,
    listRow,
    sql`select i.id, i.org_id as "orgId", o.name as "orgName", i.enrollee_id as "enrolleeId", i.stage,
        i.source, i.cp_type as "cpType", cp.name as "suggestedCpName", i.start_reason as "startReason",
        i.agency_flags as "agencyFlags", i.identified_on::text as "identifiedOn",
        i.record_updated_on::text as "recordUpdatedOn", i.ended_on::text as "endedOn", i.end_reason as "endReason",
        i.version
      from enrollment_identifications i
      join ${organisationsView} o on o.id = i.org_id
      left join ${organisationsView} cp on cp.id = i.suggested_cp_org_id
      where ${where(f)}
      order by (i.ended_on is null) desc, i.identified_on desc, i.id
      offset ${offset} limit ${limit}`,
  );
}

const nameRow = z.object({
  id: z.string(),
  masshealthId: z.string(),
  givenName: z.string(),
  familyName: z.string(),
});

/** The MassHealth ID and name of members whose identifications the caller was shown (system: asked after). */
export async function membersOf(db: Db, enrolleeIds: readonly string[]) {
  if (enrolleeIds.length === 0) return new Map<string, z.infer<typeof nameRow>>();
  const rows = await checkedRows(
    db,
    nameRow,
    sql`select m.id, m.masshealth_id as "masshealthId", m.given_name as "givenName", m.family_name as "familyName"
      from ${careMembersView} m where m.id = any(${arrayParam(enrolleeIds, 'uuid')})`,
  );
  return new Map(rows.map((r) => [r.id, r]));
}

export async function countIdentifications(db: Db, f: IdentificationFilter) {
  return (await checkedRow(
    db,
    countRow,
    sql`select count(*)::int as n from enrollment_identifications i where ${where(f)}`,
  ))!.n;
}
