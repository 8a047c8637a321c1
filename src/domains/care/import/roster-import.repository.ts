import { CARE_PROGRAM_LABELS, CARE_PROGRAMS } from '@contract/care/care.labels.js';
import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { checkedRows, type Db } from '../../../platform/db/client.js';
import { stagedOrKept as given } from '../../../platform/jobs/staging.repository.js';
import type { RowRange } from '../../../platform/jobs/tabular-import.js';

/** The staging table's columns, in the order the job stages them (after org, job and row number). */
export const STAGING_COLUMNS = [
  'org_id',
  'job_id',
  'row_number',
  'masshealth_id',
  'mbi',
  'family_name',
  'given_name',
  'date_of_birth',
  'sex',
  'address',
  'town',
  'county',
  'postal_code',
  'phone',
  'email',
  'preferred_language',
  'accessible_formats',
  'program',
  'effective_on',
  'ends_on',
  'new_enrollee_id',
  'new_enrollment_id',
];

/**
 * A recorded enrollment `r` and a staged row `s` in programs that may not share a day: the same program, or
 * two of One Care, ACO and MCO (one coverage at a time; Community Partners run beside them).
 */
const sameCoverage = sql.raw(`(r.program::text = s.program or (r.program <> 'cp' and s.program <> 'cp'))`);

const n = z.coerce.number();
const problem = z.object({ row: z.coerce.number(), column: z.string(), message: z.string() });
const stagedCounts = z.object({ rows: n, recorded: n });
const changedRow = z.object({ id: z.string(), fields: z.array(z.string()) });
const enrolleeRow = z.object({ id: z.string() });
const locatedRow = z.object({ id: z.string(), row: n, masshealthId: z.string() });
const count = z.object({ n });

/** How many rows an insert wrote, without sending them back. */
const counted = async (db: Db, insert: SQL) =>
  Number(
    (
      await checkedRows(db, count, sql`with done as (${insert} returning 1) select count(*) as n from done`)
    )[0]?.n,
  );

const programLabels = sql.join(
  CARE_PROGRAMS.map((p) => sql`(${p}, ${CARE_PROGRAM_LABELS[p]})`),
  sql`, `,
);

/**
 * Problems only visible across rows or against what is recorded: one MassHealth ID on two rows, one MBI
 * for two MassHealth IDs (in the file, or recorded here for another enrollee), and an enrollment that
 * would overlap a recorded one of the same coverage starting later, or the same day in another program
 * (an earlier one is ended the day before the file's starts; these the file cannot move). Each names the
 * other row or record.
 */
export async function findRosterProblems(db: Db, orgId: string, jobId: string, limit: number) {
  return checkedRows(
    db,
    problem,
    sql`
    with s as (select row_number, masshealth_id, nullif(mbi, '') as mbi, program, effective_on, ends_on
      from care_import_rows where org_id = ${orgId} and job_id = ${jobId}),
    problems as (
      select row_number as "row", 'MassHealth ID' as "column",
        'The same MassHealth ID is on row ' || first_row || ': one row per enrollee' as message
      from (select row_number, min(row_number) over (partition by masshealth_id) as first_row from s) d
      where row_number <> first_row
      union all
      select row_number, 'Medicare ID (MBI)',
        'The same MBI is on row ' || other_row || ', for MassHealth ID ' || other_id
      from (
        select row_number, masshealth_id, first_value(masshealth_id) over w as other_id,
          first_value(row_number) over w as other_row
        from s where mbi is not null
        window w as (partition by mbi order by row_number)
      ) m
      where masshealth_id <> other_id
      union all
      select s.row_number, 'Medicare ID (MBI)',
        'This MBI is recorded for another enrollee here, MassHealth ID ' || e.masshealth_id
      from s join care_enrollees e on e.org_id = ${orgId} and e.mbi = s.mbi and e.masshealth_id <> s.masshealth_id
      union all
      select s.row_number, 'Effective date',
        'Overlaps the ' || l.label || ' enrollment recorded from ' || r.effective_on
          || coalesce(' to ' || r.ends_on, ', with no end date') || ', which starts '
          || case when r.effective_on = s.effective_on then 'the same day' else 'later' end
          || ': correct the dates, or change that enrollment first'
      from s join care_enrollees e on e.org_id = ${orgId} and e.masshealth_id = s.masshealth_id
        join care_enrollments r on r.org_id = ${orgId} and r.enrollee_id = e.id and ${sameCoverage}
          -- Later, or the same day in another program (One Care on the day an ACO enrollment starts):
          -- neither can be ended the day before the file's. The same program on the same day is the
          -- enrollment the file names.
          and (r.effective_on > s.effective_on or (r.effective_on = s.effective_on and r.program::text <> s.program))
        join (values ${programLabels}) as l(program, label) on l.program = r.program::text
      where (nullif(s.ends_on, '') is null or r.effective_on <= nullif(s.ends_on, '')::date)
        -- No end date column: the file keeps the end of the enrollment it names.
        and not (s.ends_on is null and exists (select 1 from care_enrollments same
          where same.org_id = ${orgId} and same.enrollee_id = e.id and same.program::text = s.program
            and same.effective_on = s.effective_on and same.ends_on < r.effective_on))
    )
    select "row", "column", message from problems order by "row", "column", message limit ${limit}`,
  );
}

export type RosterCounts = {
  /** Enrollees new to the plan. */
  created: number;
  /** Enrollees recorded already whose details or enrollments the file changed. */
  changed: number;
  /** Enrollees recorded already, exactly as the file has them: not written at all. */
  unchanged: number;
  enrollmentsAdded: number;
  /** Enrollments given another end date, or ended the day before a later one the file starts. */
  enrollmentsChanged: number;
};

/** An enrollee recorded already that a range changed, and which of its fields (by their API names). */
export interface RosterChange {
  id: string;
  /** The file's row and the MassHealth ID on it. */
  row: number;
  masshealthId: string;
  fields: string[];
}

/** What a staged row makes of each field of the enrollee recorded as `e` (`s` the staged row). */
const TARGET = {
  mbi: given(sql`s.mbi`, sql`e.mbi`),
  givenName: sql`s.given_name`,
  familyName: sql`s.family_name`,
  dateOfBirth: sql`s.date_of_birth`,
  sex: sql`case when s.sex is null then e.sex else coalesce(nullif(s.sex, ''), 'unknown')::care_sex end`,
  town: given(sql`s.town`, sql`e.town`),
  county: given(sql`s.county`, sql`e.county`),
  postalCode: given(sql`s.postal_code`, sql`e.postal_code`),
  phone: given(sql`s.phone`, sql`e.phone`),
  email: given(sql`s.email`, sql`e.email`),
  preferredLanguage: given(sql`s.preferred_language`, sql`e.preferred_language`),
  accessibleFormats: sql`case when s.accessible_formats is null then e.accessible_formats
    else coalesce(string_to_array(nullif(s.accessible_formats, ''), ','), '{}') end`,
};
const CURRENT: Record<keyof typeof TARGET, SQL> = {
  mbi: sql`e.mbi`,
  givenName: sql`e.given_name`,
  familyName: sql`e.family_name`,
  dateOfBirth: sql`e.date_of_birth`,
  sex: sql`e.sex`,
  town: sql`e.town`,
  county: sql`e.county`,
  postalCode: sql`e.postal_code`,
  phone: sql`e.phone`,
  email: sql`e.email`,
  preferredLanguage: sql`e.preferred_language`,
  accessibleFormats: sql`e.accessible_formats`,
};
/** The roster's one address cell against the record's two lines (a file's address replaces both). */
const addressChanged = sql`(s.address is not null
  and nullif(s.address, '') is distinct from nullif(concat_ws(', ', e.address_line1, e.address_line2), ''))`;

const changedFields = sql`array_remove(array[${sql.join(
  [
    ...Object.entries(TARGET).map(([field, target]) =>
      field === 'accessibleFormats'
        ? sql`case when not (${target} @> e.accessible_formats and e.accessible_formats @> ${target}) then ${field} end`
        : sql`case when (${target}) is distinct from ${CURRENT[field as keyof typeof TARGET]} then ${field} end`,
    ),
    sql`case when ${addressChanged} then 'address' end`,
  ],
  sql`, `,
)}]::text[], null)`;

/**
 * Applies the staged rows in `range`, set-based: enrollees recorded already (matched by MassHealth ID within
 * the plan) have only what changed written, with their version bumped, and their enrollments added, ended or
 * given their end date as the file says; an enrollee exactly as the file has them is not written at all.
 * Then the enrollees new to the plan are added, under the ids staged with them, and their enrollments. The
 * recorded ones are done first, so an enrollee added by this range is never taken for one recorded already.
 * A range none of whose enrollees is recorded (a plan's first roster) is inserted as it is, without looking
 * anything up. A MassHealth ID on two rows fails the insert; the checks across rows name both rows, and
 * this transaction is rolled back.
 */
export async function applyStagedRoster(db: Db, orgId: string, jobId: string, range: RowRange) {
  const staged = sql`select * from care_import_rows
    where org_id = ${orgId} and job_id = ${jobId} and row_number between ${range.from} and ${range.to}`;
  const recorded = sql`from (${staged}) s join care_enrollees e on e.org_id = ${orgId} and e.masshealth_id = s.masshealth_id`;
  const [found] = await checkedRows(
    db,
    stagedCounts,
    // A plan with no enrollee but those this transaction made (its first roster) has none to match: one
    // made by an earlier range with the same MassHealth ID is a duplicate in the file, which the checks
    // refuse. So the range is not looked up at all.
    sql`select (select count(*) from (${staged}) s)::int as rows,
      case when exists (select 1 from care_enrollees e where e.org_id = ${orgId}
          and not (e.xmin = pg_current_xact_id()::xid and e.created_at = now()))
        then (select count(*) ${recorded}) else 0 end::int as recorded`,
  );
  const rows = Number(found?.rows ?? 0);
  const anyRecorded = Number(found?.recorded) > 0;
  const changes = new Map<string, string[]>();
  let enrollmentsChanged = 0;
  const touched = (ids: { id: string }[]) => {
    for (const { id } of ids) {
      const fields = changes.get(id) ?? [];
      if (!fields.includes('enrollments')) changes.set(id, [...fields, 'enrollments']);
    }
  };
  const same = sql`select 1 from care_enrollments x where x.org_id = ${orgId} and x.enrollee_id = e.id
    and x.program::text = s.program and x.effective_on = s.effective_on`;
  if (anyRecorded) {
    const updated = await checkedRows(
      db,
      changedRow,
      sql`with f as (select e.id, s.*, ${changedFields} as fields ${recorded})
      update care_enrollees e set
        ${sql.join(
          [
            sql`mbi = ${TARGET.mbi}`,
            sql`given_name = ${TARGET.givenName}`,
            sql`family_name = ${TARGET.familyName}`,
            sql`date_of_birth = ${TARGET.dateOfBirth}`,
            sql`sex = ${TARGET.sex}`,
            sql`address_line1 = case when ${addressChanged} then nullif(s.address, '') else e.address_line1 end`,
            sql`address_line2 = case when ${addressChanged} then null else e.address_line2 end`,
            sql`town = ${TARGET.town}`,
            sql`county = ${TARGET.county}`,
            sql`postal_code = ${TARGET.postalCode}`,
            sql`phone = ${TARGET.phone}`,
            sql`email = ${TARGET.email}`,
            sql`preferred_language = ${TARGET.preferredLanguage}`,
            sql`accessible_formats = ${TARGET.accessibleFormats}`,
          ],
          sql`, `,
        )}, version = e.version + 1, updated_at = now()
      from f s
      where e.org_id = ${orgId} and e.id = s.id and cardinality(s.fields) > 0
      returning e.id, s.fields`,
    );
    for (const u of updated) changes.set(u.id, u.fields);
    // The enrollment the file names (same program and effective date): its end date as the file says.
    const dated = await checkedRows(
      db,
      enrolleeRow,
      sql`with s as (${staged})
      update care_enrollments r set ends_on = (${given(sql`s.ends_on`, sql`r.ends_on::text`)})::date,
        version = r.version + 1, updated_at = now()
      from s join care_enrollees e on e.org_id = ${orgId} and e.masshealth_id = s.masshealth_id
      where r.org_id = ${orgId} and r.enrollee_id = e.id and r.program::text = s.program
        and r.effective_on = s.effective_on
        and r.ends_on is distinct from (${given(sql`s.ends_on`, sql`r.ends_on::text`)})::date
      returning r.enrollee_id as id`,
    );
    touched(dated);
    // An earlier enrollment in the program, or in another coverage program (One Care, ACO, MCO: one at a
    // time), still running on the new one's effective date: ended the day before.
    const ended = await checkedRows(
      db,
      enrolleeRow,
      sql`with s as (${staged})
      update care_enrollments r set ends_on = s.effective_on - 1, version = r.version + 1, updated_at = now()
      from s join care_enrollees e on e.org_id = ${orgId} and e.masshealth_id = s.masshealth_id
      where r.org_id = ${orgId} and r.enrollee_id = e.id and ${sameCoverage}
        and r.effective_on < s.effective_on and (r.ends_on is null or r.ends_on >= s.effective_on)
        and not exists (${same})
      returning r.enrollee_id as id`,
    );
    enrollmentsChanged = dated.length + ended.length;
    touched(ended);
  }
  const addEnrollees = sql`insert into care_enrollees (id, org_id, masshealth_id, mbi, given_name, family_name,
      date_of_birth, sex, address_line1, town, county, postal_code, phone, email, preferred_language,
      accessible_formats)
    select s.new_enrollee_id, ${orgId}, s.masshealth_id, nullif(s.mbi, ''), s.given_name, s.family_name,
      s.date_of_birth, coalesce(nullif(s.sex, ''), 'unknown')::care_sex, nullif(s.address, ''),
      nullif(s.town, ''), nullif(s.county, ''), nullif(s.postal_code, ''), nullif(s.phone, ''),
      nullif(s.email, ''), nullif(s.preferred_language, ''),
      coalesce(string_to_array(nullif(s.accessible_formats, ''), ','), '{}')
    from (${staged}) s`;
  const addEnrollments = sql`insert into care_enrollments (id, org_id, enrollee_id, program, effective_on, ends_on)`;
  let created: number;
  let added: number;
  if (!anyRecorded) {
    // Every enrollee in the range is new: each enrollment goes under the id staged for its enrollee.
    created = await counted(db, addEnrollees);
    added = await counted(
      db,
      sql`${addEnrollments} select s.new_enrollment_id, ${orgId}, s.new_enrollee_id, s.program::care_program, s.effective_on,
        nullif(s.ends_on, '')::date from (${staged}) s`,
    );
  } else {
    const createdIds = new Set(
      (
        await checkedRows(
          db,
          enrolleeRow,
          sql`${addEnrollees} where not exists (select 1 from care_enrollees e
            where e.org_id = ${orgId} and e.masshealth_id = s.masshealth_id) returning id`,
        )
      ).map((c) => c.id),
    );
    created = createdIds.size;
    // The enrollment each row names, where the enrollee does not have it yet: every new enrollee's, and a
    // recorded one's new enrollment. Staged rows drive the join and each finds its enrollee by the index,
    // whatever the planner's statistics say about rows staged a moment ago.
    const addedTo = await checkedRows(
      db,
      enrolleeRow,
      sql`${addEnrollments} select s.new_enrollment_id, ${orgId}, e.id, s.program::care_program, s.effective_on,
          nullif(s.ends_on, '')::date ${recorded}
        where not exists (${same})
        returning enrollee_id as id`,
    );
    touched(addedTo.filter((a) => !createdIds.has(a.id)));
    added = addedTo.length;
  }
  const counts: RosterCounts = {
    created,
    changed: changes.size,
    unchanged: rows - created - changes.size,
    enrollmentsAdded: added,
    enrollmentsChanged,
  };
  // Where each changed enrollee is in the file, for the result workbook.
  const located = changes.size
    ? await checkedRows(
        db,
        locatedRow,
        sql`select e.id, s.row_number as "row", s.masshealth_id as "masshealthId" ${recorded}
          where e.id = any(${`{${[...changes.keys()].join(',')}}`}::uuid[]) order by s.row_number`,
      )
    : [];
  return {
    counts,
    changes: located.map((l): RosterChange => ({ ...l, fields: changes.get(l.id)! })),
  };
}
