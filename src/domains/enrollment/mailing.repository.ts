// Welcome mailings in SQL: the counties a service area gains, the cohort (an organisation's members living
// there, each welcomed once: a unique key), the mailing's record, and the residents its letters go to.
import { MAILING_STATUSES } from '@contract/enrollment/mailing.labels.js';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { arrayParam, checkedRow, checkedRows, type Db } from '../../platform/db/client.js';
import { careCoverageView, careMembersView } from '../care/index.js';
import { organisationsView, serviceAreasView } from '../organisations/index.js';

const countyStartRow = z.object({ county: z.string(), startsOn: z.string() });

/** The days each of `counties` joined the organisation's service area (none: it is not one). */
export async function countyStarts(db: Db, orgId: string, counties: readonly string[]) {
  const rows = await checkedRows(
    db,
    countyStartRow,
    sql`select distinct s.county, s.starts_on::text as "startsOn" from ${serviceAreasView} s
      where s.org_id = ${orgId} and s.county = any(${arrayParam(counties, 'text')}) order by 2`,
  );
  const starts = new Map<string, string[]>();
  for (const r of rows) starts.set(r.county, [...(starts.get(r.county) ?? []), r.startsOn]);
  return starts;
}

const mailingRow = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  counties: z.array(z.string()),
  effectiveOn: z.string(),
  firstEnrollmentOn: z.string(),
  status: z.enum(MAILING_STATUSES),
  message: z.string().nullable(),
  residents: z.number(),
  countyCounts: z.record(z.string(), z.number()),
  lettersFileId: z.string().nullable(),
  mailFileId: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type MailingRecord = z.infer<typeof mailingRow>;

const mailingColumns = sql`m.id, m.org_id as "orgId", o.name as "orgName", m.counties,
  m.effective_on::text as "effectiveOn", m.first_enrollment_on::text as "firstEnrollmentOn", m.status, m.message,
  m.residents, m.county_counts as "countyCounts", m.letters_file_id as "lettersFileId",
  m.mail_file_id as "mailFileId", m.created_by_name as "createdByName",
  to_char(m.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "createdAt",
  to_char(m.finished_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "finishedAt"`;

/** The mailings in scope, newest first. */
export async function listMailings(db: Db, offset: number, limit: number) {
  return checkedRows(
    db,
    mailingRow,
    sql`select ${mailingColumns} from enrollment_mailings m join ${organisationsView} o on o.id = m.org_id
      order by m.created_at desc, m.id desc offset ${offset} limit ${limit}`,
  );
}

const countRow = z.object({ n: z.number() });
export async function countMailings(db: Db) {
  return (await checkedRow(db, countRow, sql`select count(*)::int as n from enrollment_mailings`))!.n;
}

export async function findMailing(db: Db, id: string) {
  return checkedRow(
    db,
    mailingRow,
    sql`select ${mailingColumns} from enrollment_mailings m join ${organisationsView} o on o.id = m.org_id
      where m.id = ${id}`,
  );
}

/** Holds the organisation's mailings still until the commit: two people starting one at once take turns. */
export async function lockMailings(db: Db, orgId: string) {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`enrollment_mailings:${orgId}`}))`);
}

const idRow = z.object({ id: z.string() });
/** The organisation's mailing still being prepared, if any. */
export async function runningMailing(db: Db, orgId: string) {
  return checkedRow(
    db,
    idRow,
    sql`select id from enrollment_mailings where org_id = ${orgId} and status = 'running' limit 1`,
  );
}

export async function insertMailing(
  db: Db,
  m: {
    orgId: string;
    id: string;
    counties: readonly string[];
    effectiveOn: string;
    firstEnrollmentOn: string;
    createdBy: string | null;
    createdByName: string;
  },
) {
  await db.execute(sql`insert into enrollment_mailings
      (org_id, id, counties, effective_on, first_enrollment_on, created_by, created_by_name)
    values (${m.orgId}, ${m.id}, ${arrayParam(m.counties, 'text')}, ${m.effectiveOn}, ${m.firstEnrollmentOn},
      ${m.createdBy}, ${m.createdByName})`);
}

/** A run (again) of the mailing: running, with whatever residents an earlier attempt recorded. */
export async function restartMailing(db: Db, orgId: string, id: string) {
  await db.execute(sql`update enrollment_mailings set status = 'running', message = null, finished_at = null
    where org_id = ${orgId} and id = ${id}`);
}

export async function finishMailing(
  db: Db,
  orgId: string,
  id: string,
  f: {
    message: string;
    countyCounts: Record<string, number>;
    lettersFileId: string | null;
    mailFileId: string | null;
  },
) {
  const residents = Object.values(f.countyCounts).reduce((a, b) => a + b, 0);
  await db.execute(sql`update enrollment_mailings set status = 'done', message = ${f.message},
      residents = ${residents}, county_counts = ${JSON.stringify(f.countyCounts)}::jsonb,
      letters_file_id = ${f.lettersFileId}, mail_file_id = ${f.mailFileId}, finished_at = now()
    where org_id = ${orgId} and id = ${id}`);
}

/** A mailing that did not finish: nobody counts as welcomed by it, so a later run writes to them. One done stays. */
export async function stopMailing(db: Db, orgId: string, id: string, message: string) {
  await db.execute(sql`with stopped as (
      update enrollment_mailings set status = 'stopped', message = ${message}, residents = 0,
        county_counts = '{}'::jsonb, finished_at = now()
      where org_id = ${orgId} and id = ${id} and status <> 'done' returning id)
    delete from enrollment_mailing_residents
    where org_id = ${orgId} and mailing_id in (select id from stopped)`);
}

const candidateRow = z.object({
  id: z.string(),
  county: z.string(),
  dateOfBirth: z.string(),
  masshealthId: z.string().nullable(),
  mbi: z.string().nullable(),
  addressLine1: z.string().nullable(),
  town: z.string().nullable(),
  postalCode: z.string().nullable(),
  preferredLanguage: z.string().nullable(),
  accessibleFormats: z.array(z.string()),
  covered: z.boolean(),
});
export type Candidate = z.infer<typeof candidateRow>;

/**
 * The residents of `counties` the organisation knows of and has not welcomed yet, by id after `after`; each
 * says whether it covers them already on `firstDay` (a member needs no welcome).
 */
export async function candidates(
  db: Db,
  orgId: string,
  counties: readonly string[],
  firstDay: string,
  after: string,
  limit: number,
) {
  return checkedRows(
    db,
    candidateRow,
    sql`select m.id, m.county, m.date_of_birth::text as "dateOfBirth", m.masshealth_id as "masshealthId", m.mbi,
        m.address_line1 as "addressLine1", m.town, m.postal_code as "postalCode",
        m.preferred_language as "preferredLanguage", m.accessible_formats as "accessibleFormats",
        exists (select 1 from ${careCoverageView} c where c.org_id = m.org_id and c.enrollee_id = m.id
          and c.effective_on <= ${firstDay}::date and (c.ends_on is null or c.ends_on >= ${firstDay}::date)) as covered
      from ${careMembersView} m
      where m.org_id = ${orgId} and m.county = any(${arrayParam(counties, 'text')})
        ${after ? sql`and m.id > ${after}::uuid` : sql``}
        and not exists (select 1 from enrollment_mailing_residents r where r.org_id = m.org_id and r.enrollee_id = m.id)
      order by m.id limit ${limit}`,
  );
}

/** Records residents the mailing writes to; one a plan has welcomed already is passed over (the unique key). */
export async function recordResidents(
  db: Db,
  orgId: string,
  mailingId: string,
  rows: readonly { enrolleeId: string; county: string; language: string; format: string }[],
) {
  if (rows.length === 0) return;
  const column = (pick: (r: (typeof rows)[number]) => string, type: 'text' | 'uuid') =>
    arrayParam(rows.map(pick), type);
  await db.execute(sql`insert into enrollment_mailing_residents (org_id, mailing_id, enrollee_id, county, language, format)
    select ${orgId}, ${mailingId}, r.enrollee_id, r.county, r.language, r.format
    from unnest(${column((r) => r.enrolleeId, 'uuid')}, ${column((r) => r.county, 'text')},
      ${column((r) => r.language, 'text')}, ${column((r) => r.format, 'text')}) as r(enrollee_id, county, language, format)
    on conflict (org_id, enrollee_id) do nothing`);
}

const countyCountRow = z.object({ county: z.string(), n: z.number() });
export async function countyCounts(db: Db, orgId: string, mailingId: string) {
  const rows = await checkedRows(
    db,
    countyCountRow,
    sql`select county, count(*)::int as n from enrollment_mailing_residents
      where org_id = ${orgId} and mailing_id = ${mailingId} group by county order by county`,
  );
  return Object.fromEntries(rows.map((r) => [r.county, r.n]));
}

const letterRow = z.object({
  enrolleeId: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  masshealthId: z.string(),
  county: z.string(),
  language: z.string(),
  format: z.enum(['standard', 'large_print']),
  addressLine1: z.string().nullable(),
  addressLine2: z.string().nullable(),
  town: z.string().nullable(),
  postalCode: z.string().nullable(),
  preferredLanguage: z.string().nullable(),
  accessibleFormats: z.array(z.string()),
  /** The position in the mailing's order: county, ZIP, name. */
  sortKey: z.string(),
});
export type LetterRow = z.infer<typeof letterRow>;

const letterColumns = sql`r.enrollee_id as "enrolleeId", m.given_name as "givenName", m.family_name as "familyName",
  m.masshealth_id as "masshealthId", r.county, r.language, r.format, m.address_line1 as "addressLine1",
  m.address_line2 as "addressLine2", m.town, m.postal_code as "postalCode", m.preferred_language as "preferredLanguage",
  m.accessible_formats as "accessibleFormats"`;
/** The order letters are printed and mailed in: by county, then ZIP code (the post office's sort), then name. */
const sortKey = sql`concat_ws(chr(31), r.county, coalesce(m.postal_code, ''), m.family_name, m.given_name, r.enrollee_id::text)`;

/** A page of the mailing's residents with their names and addresses, in mailing order, after `after`. */
export async function letterPage(
  db: Db,
  orgId: string,
  mailingId: string,
  after: string | null,
  limit: number,
) {
  return checkedRows(
    db,
    letterRow,
    sql`select * from (select ${letterColumns}, ${sortKey} as "sortKey"
        from enrollment_mailing_residents r
        join ${careMembersView} m on m.org_id = r.org_id and m.id = r.enrollee_id
        where r.org_id = ${orgId} and r.mailing_id = ${mailingId}) x
      ${after === null ? sql`` : sql`where x."sortKey" collate "C" > ${after}`}
      order by x."sortKey" collate "C" limit ${limit}`,
  );
}

/** One resident of the mailing, for their letter. */
export async function mailingResident(db: Db, orgId: string, mailingId: string, enrolleeId: string) {
  return checkedRow(
    db,
    letterRow,
    sql`select ${letterColumns}, '' as "sortKey" from enrollment_mailing_residents r
      join ${careMembersView} m on m.org_id = r.org_id and m.id = r.enrollee_id
      where r.org_id = ${orgId} and r.mailing_id = ${mailingId} and r.enrollee_id = ${enrolleeId}`,
  );
}

const residentRow = z.object({
  enrolleeId: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  masshealthId: z.string(),
  county: z.string(),
  language: z.string(),
  format: z.enum(['standard', 'large_print']),
});

/** The mailing's residents, by name, a page at a time. */
export async function residentsPage(db: Db, orgId: string, mailingId: string, offset: number, limit: number) {
  return checkedRows(
    db,
    residentRow,
    sql`select r.enrollee_id as "enrolleeId", m.given_name as "givenName", m.family_name as "familyName",
        m.masshealth_id as "masshealthId", r.county, r.language, r.format
      from enrollment_mailing_residents r join ${careMembersView} m on m.org_id = r.org_id and m.id = r.enrollee_id
      where r.org_id = ${orgId} and r.mailing_id = ${mailingId}
      order by m.family_name, m.given_name, r.enrollee_id offset ${offset} limit ${limit}`,
  );
}

/** Members living in `counties` whom an earlier mailing of the organisation welcomed. */
export async function welcomedBefore(db: Db, orgId: string, mailingId: string, counties: readonly string[]) {
  const row = await checkedRow(
    db,
    countRow,
    sql`select count(*)::int as n from enrollment_mailing_residents r
      join ${careMembersView} m on m.org_id = r.org_id and m.id = r.enrollee_id
      where r.org_id = ${orgId} and r.mailing_id <> ${mailingId} and m.county = any(${arrayParam(counties, 'text')})`,
  );
  return row!.n;
}
