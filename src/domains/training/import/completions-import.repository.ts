import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { checkedRow, checkedRows, type Db } from '../../../platform/db/client.js';
import type { RowRange } from '../../../platform/jobs/tabular-import.js';
import { peopleView, personRolesView } from '../../people/index.js';

export const STAGING_TABLE = 'training_completion_import_rows';
export const STAGING_COLUMNS = [
  'org_id',
  'job_id',
  'row_number',
  'email',
  'npi',
  'topic_code',
  'completed_on',
  'source',
  'note',
  'certificate_code',
];

/**
 * The staged rows with the person (by e-mail, else NPI) and the topic (by code: the importing
 * organisation's own topic first, else the one shared topic with that code; another organisation's private
 * topic is not one it may use, decision 022) each resolves to. A person
 * is found only among those who hold or held a role at the importing organisation: it records completions
 * for its own people, and whether an address or NPI is known elsewhere is not its business (decision 012).
 */
/** Whether the person `p` holds, or held, a role at the organisation. */
const holdsRoleHere = (p: SQL, orgId: string) =>
  sql`exists (select 1 from ${personRolesView} hr where hr.person_id = ${p}.id and hr.org_id = ${orgId})`;

function resolved(orgId: string, jobId: string, range?: RowRange) {
  const inRange = range ? sql` and row_number between ${range.from} and ${range.to}` : sql``;
  return sql`
    with s as (select * from training_completion_import_rows where org_id = ${orgId} and job_id = ${jobId}${inRange}),
    codes as (select distinct lower(topic_code) as code from s),
    candidates as (
      select c.code, t.id, t.org_id = ${orgId} as own,
             count(*) over (partition by c.code, t.org_id = ${orgId}) as alike
      from codes c join training_topics t on lower(t.code) = c.code
      where t.org_id = ${orgId} or t.shared
    ),
    topic as (select distinct on (code) code, id, alike from candidates order by code, own desc),
    r as (
      select s.*, coalesce(pe.id, pn.id) as person_id, coalesce(pe.given_name, pn.given_name) || ' ' || coalesce(pe.family_name, pn.family_name) as person_name,
             pe.id is null and s.email is not null as unknown_email, pn.id as npi_person, pe.id as email_person,
             t.id as topic_id, t.alike as topic_alike
      from s
      left join ${peopleView} pe on pe.email = s.email and ${holdsRoleHere(sql`pe`, orgId)}
      left join ${peopleView} pn on pn.npi = s.npi and ${holdsRoleHere(sql`pn`, orgId)}
      left join topic t on t.code = lower(s.topic_code)
    )`;
}

/** The same words whether no one has the identifier or someone who works elsewhere does. */
const NOT_HERE = (what: string) =>
  sql`${`No one with this ${what} holds a role at your organisation; add them (people import, or Add person) first`}::text`;

/**
 * Problems only visible against what is recorded or across rows: an unknown person or topic, an e-mail and
 * an NPI naming different people, an ambiguous topic code, the same completion twice in the file.
 */
const problemRow = z.object({ row: z.number(), column: z.string(), message: z.string() });

export async function findCompletionProblems(db: Db, orgId: string, jobId: string, limit: number) {
  return checkedRows(
    db,
    problemRow,
    sql`${resolved(orgId, jobId)},
    problems as (
      select row_number as "row", 'E-mail' as "column", ${NOT_HERE('e-mail')} as message
      from r where unknown_email
      union all
      select row_number, 'NPI', ${NOT_HERE('NPI')}
      from r where email is null and npi_person is null
      union all
      select row_number, 'NPI', 'This NPI is not the one recorded for the person with this e-mail'
      from r where email_person is not null and npi is not null and npi_person is distinct from email_person
      union all
      select row_number, 'Topic code', '"' || topic_code || '" is not a topic in your catalog or the shared catalog'
      from r where topic_id is null
      union all
      select row_number, 'Topic code', '"' || topic_code || '" names ' || topic_alike || ' topics of other organisations; ask for the topic to be given its own code'
      from r where topic_alike > 1
      union all
      select row_number, 'Topic code', 'The same person, topic and date already appear on row ' || first_row
      from (select row_number, person_id,
                   min(row_number) over (partition by person_id, topic_id, completed_on) as first_row
            from r where person_id is not null and topic_id is not null) d
      where row_number <> first_row
    )
    select "row", "column", message from problems order by "row", "column" limit ${limit}`,
  );
}

const applyStagedCompletionsRow = z.object({ added: z.number(), existing: z.number() });
/**
 * Applies the checked rows in `range` as completions recorded by the organisation. A completion it already recorded for
 * the same person, topic and date is left as it is, so a re-run adds nothing twice.
 */
export async function applyStagedCompletions(
  db: Db,
  orgId: string,
  jobId: string,
  range: RowRange,
  recordedBy: { userId: string | null; name: string; fileName: string },
) {
  const counts = await checkedRow(
    db,
    applyStagedCompletionsRow,
    sql`${resolved(orgId, jobId, range)},
    ins as (
      insert into training_completions (org_id, person_id, topic_id, person_name, completed_on, method, evidence,
        recorded_by, recorded_by_name, certificate_code)
      select ${orgId}, r.person_id, r.topic_id, r.person_name, r.completed_on, 'imported',
        jsonb_strip_nulls(jsonb_build_object('source', r.source, 'note', r.note, 'file', ${recordedBy.fileName}::text, 'row', r.row_number)),
        ${recordedBy.userId}, ${recordedBy.name}, r.certificate_code
      from r
      where not exists (
        select 1 from training_completions c
        where c.org_id = ${orgId} and c.person_id = r.person_id and c.topic_id = r.topic_id and c.completed_on = r.completed_on)
      returning 1)
    select (select count(*) from ins)::int as added, ((select count(*) from r) - (select count(*) from ins))::int as existing`,
  );
  return { added: counts?.added ?? 0, alreadyRecorded: counts?.existing ?? 0 };
}
