// Reading what results count: the responses counted on a day (decision 021), participation, and training
// vendors' surveys as a plan may read them.

import type { Answers } from '@contract/surveys/definition.js';
import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { checkedRow, checkedRows, type Db } from '../../platform/db/client.js';
import { networkOf, organisationsView } from '../organisations/index.js';
import { ROLE_LABELS, type RoleKind } from '../people/index.js';
import { addressed } from './audience.repository.js';
import type { ExportRow } from './results.export.js';
import { MIN_CELL } from './results.rules.js';

/** Whether the survey row `s` has closed by a day: its last day is past. */
export const closedBy = (day: string) => sql`(s.closes_on is not null and s.closes_on < ${day}::date)`;

/**
 * The responses results count, on a day (decision 021): while a survey is open, of each version's n responses
 * only the earliest floor(n/5)*5 in the order they came (an anonymous survey's still held to be mixed come
 * last), so that no figure moves by fewer than five answers; once it has closed, every response. Every
 * result, export and count of responses reads this, and nothing else.
 */
export const countedResponses = (day: string) =>
  sql`(select r.org_id, r.survey_id, r.version_number, r.answers, r.groups, r.submitted_on, r.id from (
      select a.*, row_number() over (partition by a.org_id, a.survey_id, a.version_number order by a.held, a.seq, a.id) as place,
        count(*) over (partition by a.org_id, a.survey_id, a.version_number) as n
      from (select org_id, survey_id, version_number, answers, groups, submitted_on, id, false as held, seq from survey_responses
        union all
        select org_id, survey_id, version_number, answers, groups, submitted_on, id, true, null from survey_responses_held) a
    ) r join surveys s on s.org_id = r.org_id and s.id = r.survey_id
    where r.place <= r.n / ${MIN_CELL} * ${MIN_CELL} or ${closedBy(day)})`;

/**
 * The responses to one version that `countedResponses` counts on a day, as common table expressions: `version`
 * (every response to it: id, held, `g` — its group in breakdown `by`, null when it has none), `waiting`
 * (those not yet counted) and `counted` (answers, g, submitted_on, id). The same rule, found without ranking every response: while the survey is
 * open, what is not yet counted is the newest n mod 5 in the same order, which a top-few scan finds
 * (summary.repository.ts reads this).
 */
export function countedResponsesOf(
  survey: { orgId: string; id: string; version: number },
  day: string,
  options: { by: string | undefined },
) {
  const { orgId, id, version } = survey;
  const { by } = options;
  const of = (t: SQL) =>
    sql`${t}.org_id = ${orgId} and ${t}.survey_id = ${id} and ${t}.version_number = ${version}`;
  const g = (t: SQL) => (by ? sql`nullif(${t}.groups->>${by}::text, '')` : sql`null::text`);
  return sql`version as (
      select r.id, false as held, r.seq, ${g(sql`r`)} as g from survey_responses r where ${of(sql`r`)}
      union all
      select h.id, true, null, ${g(sql`h`)} from survey_responses_held h where ${of(sql`h`)}
    ),
    waiting as (
      select v.id, v.held from version v
      where not exists (select 1 from surveys s where s.org_id = ${orgId} and s.id = ${id} and ${closedBy(day)})
      order by v.held desc, v.seq desc nulls first, v.id desc
      limit (select count(*) % ${MIN_CELL} from version)
    ),
    counted as (
      select r.answers, ${g(sql`r`)} as g, r.submitted_on, r.id from survey_responses r
      where ${of(sql`r`)} and r.id not in (select w.id from waiting w where not w.held)
      union all
      select h.answers, ${g(sql`h`)}, h.submitted_on, h.id from survey_responses_held h
      where ${of(sql`h`)} and h.id not in (select w.id from waiting w where w.held)
    )`;
}

const groups = z.record(z.string(), z.string().nullable());
const responseRow = z.object({
  answers: z.custom<Answers>((v) => typeof v === 'object' && v !== null),
  groups,
  submittedOn: z.string(),
});

/** The responses to one version counted on a day, in the order they came, their groups as people read them. */
export async function countedResponsesTo(
  db: Db,
  survey: { orgId: string; id: string; version: number },
  day: string,
): Promise<ExportRow[]> {
  const found = await checkedRows(
    db,
    responseRow,
    sql`select answers, groups, submitted_on::text as "submittedOn" from ${countedResponses(day)} r
      where org_id = ${survey.orgId} and survey_id = ${survey.id} and version_number = ${survey.version}
      order by submitted_on, id`,
  );
  return found.map((r) => ({ ...r, groups: labelledGroups(r.groups) }));
}

const participationRow = z.object({
  plan: z.string().nullable(),
  organisation: z.string(),
  role: z.string(),
  started: z.boolean(),
  completed: z.boolean(),
  people: z.number(),
});

/**
 * Those a survey is addressed to today, counted by plan, organisation and role, and how far they have got.
 * While it is open, "completed" counts only the earliest whole fives to submit (as results count responses,
 * decision 021), so that no organisation's count moves alone; once it has closed, everyone who submitted.
 */
export async function participationRows(db: Db, orgId: string, surveyId: string, day: string) {
  const found = await checkedRows(
    db,
    participationRow,
    sql`select a.plan, a.organisation, a.role, coalesce(x.submitted or x.saved_answers is not null, false) as started,
        coalesce(x.counted, false) as completed, count(*)::int as people
      from (${addressed(orgId, surveyId, day)}) a
        left join (select p.person_id, p.submitted, p.saved_answers,
            p.submitted and (${closedBy(day)} or row_number() over w <= count(*) over (partition by p.submitted) / ${MIN_CELL} * ${MIN_CELL}) as counted
          from survey_participants p join surveys s on s.org_id = p.org_id and s.id = p.survey_id
          where p.org_id = ${orgId} and p.survey_id = ${surveyId}
          window w as (partition by p.submitted order by p.submitted_seq nulls first, p.updated_at, p.person_id)) x
          on x.person_id = a.person_id
      group by 1, 2, 3, 4, 5`,
  );
  return found.map(({ plan, organisation, role, ...r }) => ({
    ...r,
    groups: labelledGroups({ plan, organisation, role }),
  }));
}

/**
 * A response's groups as people read them: the role by its name ("Care coordinator"), as results, the
 * findings report and the exports show it; responses keep the role's code.
 */
export function labelledGroups<G extends Record<string, string | null>>(groups: G): G {
  const role = groups.role;
  return role ? { ...groups, role: ROLE_LABELS[role as RoleKind] ?? role } : groups;
}

const sharedRow = z.object({
  surveyOrg: z.string(),
  vendor: z.string(),
  title: z.string(),
  code: z.string(),
  anonymous: z.boolean(),
  version: z.number().nullable(),
  plan: z.string(),
});

/**
 * A training vendor's published survey as a plan may read it: only under a training agreement in force
 * (decision 021), with the plan's name for its own group.
 */
export function sharedWithPlan(db: Db, id: string, planId: string, day: string) {
  return checkedRow(
    db,
    sharedRow,
    sql`select s.org_id as "surveyOrg", o.name as vendor, s.title, s.code, s.anonymous,
        s.published_version as version, me.name as plan
      from surveys s join ${organisationsView} o on o.id = s.org_id and o.kind = 'training_vendor'
        join ${organisationsView} me on me.id = ${planId} and me.kind = 'plan'
      where s.id = ${id} and me.id in ${networkOf(sql`s.org_id`, sql`${day}`)}`,
  );
}

const sharedSurveyRow = z.object({
  id: z.string(),
  title: z.string(),
  organisation: z.string(),
  publishedVersion: z.number(),
});

/** The published surveys of training vendors a plan has a training agreement with. */
export function sharedSurveys(db: Db, planId: string, day: string) {
  return checkedRows(
    db,
    sharedSurveyRow,
    sql`select s.id, s.title, o.name as organisation, s.published_version as "publishedVersion"
      from surveys s join ${organisationsView} o on o.id = s.org_id
      where o.kind = 'training_vendor' and s.published_version is not null
        and exists (select 1 from ${organisationsView} me where me.id = ${planId} and me.kind = 'plan')
        and ${planId}::uuid in ${networkOf(sql`s.org_id`, sql`${day}`)}
      order by s.title`,
  );
}

const counterpartRow = z.object({ id: z.string(), title: z.string(), version: z.number() });

/**
 * The survey's counterpart — the needs assessment or the evaluation of the same module or session, as
 * published — most recently changed first; undefined when it has none.
 */
export function counterpartOf(db: Db, orgId: string, surveyId: string) {
  return checkedRow(
    db,
    counterpartRow,
    sql`select o.id, o.title, o.published_version as version
      from surveys s join surveys o on o.org_id = s.org_id and o.id <> s.id and o.published_version is not null
        and o.link <> s.link and (o.module_id = s.module_id or o.session_id = s.session_id)
      where s.org_id = ${orgId} and s.id = ${surveyId}
      order by o.updated_at desc limit 1`,
  );
}
