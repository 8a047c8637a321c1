import { roleLabel } from '@contract/roles.js';
import type { SurveyInput, SurveyView } from '@contract/surveys/surveys.schemas.js';
import { type SQL, sql } from 'drizzle-orm';
import { type Actor, activeOrgOf, scopeOf } from '../../platform/auth/actor.js';
import { arrayParam, type Database, type Db, rows } from '../../platform/db/client.js';
import { withReadScope } from '../../platform/db/scope.js';
import { notFound } from '../../platform/http/errors.js';
import { networkOf } from '../organisations/index.js';
import { MIN_CELL } from './results.js';

/** Whether the survey row `s` has closed by a day: its last day is past. */
const closedBy = (day: string) => sql`(s.closes_on is not null and s.closes_on < ${day}::date)`;

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
 * Moves an anonymous survey's held responses to `survey_responses` once at least five are waiting: all
 * together, in random order, with new ids, in this statement's own transaction.
 */
export function releaseHeld(db: Db, orgId: string, surveyId: string, atLeast: number) {
  return db.execute(
    sql`with moved as (
        delete from survey_responses_held h where h.org_id = ${orgId} and h.survey_id = ${surveyId}
          and (select count(*) from survey_responses_held w where w.org_id = ${orgId} and w.survey_id = ${surveyId}) >= ${atLeast}
        returning h.org_id, h.survey_id, h.version_number, h.answers, h.groups, h.submitted_on)
      insert into survey_responses (org_id, survey_id, version_number, answers, groups, submitted_on)
      select org_id, survey_id, version_number, answers, groups, submitted_on from moved order by random()`,
  );
}

export const surveySelect = (where: SQL, day: string) =>
  sql`select s.id, s.code, s.title, s.description, s.draft as definition, s.anonymous, s.module_id as "moduleId",
      s.session_id as "sessionId", s.link, s.roles, s.organisation_ids as "organisationIds", s.opens_on::text as "opensOn",
      s.closes_on::text as "closesOn", s.published_version as "publishedVersion",
      (select count(*)::int from ${countedResponses(day)} r where r.org_id = s.org_id and r.survey_id = s.id) as responses,
      s.version
    from surveys s where ${where} order by s.title`;

export function columns(input: SurveyInput): Record<string, SQL> {
  return {
    code: sql`${input.code}`,
    title: sql`${input.title}`,
    description: sql`${input.description ?? null}`,
    draft: sql`${JSON.stringify(input.definition)}::jsonb`,
    anonymous: sql`${input.anonymous}`,
    module_id: sql`${input.moduleId ?? null}`,
    session_id: sql`${input.sessionId ?? null}`,
    link: sql`${input.link ?? null}`,
    roles: arrayParam(input.roles, 'text'),
    organisation_ids: arrayParam(input.organisationIds, 'uuid'),
    opens_on: sql`${input.opensOn ?? null}`,
    closes_on: sql`${input.closesOn ?? null}`,
  };
}

/** A survey of the actor's organisation, read in their scope; not found otherwise. */
export async function ownSurvey(database: Database, actor: Actor, id: string, day: string) {
  const orgId = activeOrgOf(actor);
  const [survey] = await withReadScope(database, scopeOf(actor), (tx) =>
    rows<SurveyView>(tx, surveySelect(sql`s.org_id = ${orgId} and s.id = ${id}`, day)),
  );
  if (!survey) throw notFound('The survey');
  return { orgId, survey };
}

/**
 * The plan an organisation answers to on a day: itself if it is one, else the first plan (by name) it has a
 * network contract with. `o` names the organisations row in the surrounding query.
 */
export const planOf = (o: SQL, day: SQL) =>
  sql`case when ${o}.kind = 'plan' then ${o}.name else (
      select min(p.name) from org_relationships r
        join organisations p on p.id = case when r.org_id = ${o}.id then r.other_org_id else r.org_id end
      where r.kind = 'network_contract' and (r.org_id = ${o}.id or r.other_org_id = ${o}.id) and p.kind = 'plan'
        and r.starts_on <= ${day} and (r.ends_on is null or r.ends_on >= ${day})) end`;

/**
 * The audience rules, for a role row `pr` of a person and the survey `s`: a current role it names (none
 * named: any), at an organisation it names (none named: any); for a survey linked to a session, registered
 * for that session. A survey that names no role, no organisation and no session is for no one. Whatever it names, a survey reaches only roles at its organisation or one in its network
 * that day (decision 021) — or, linked to the organisation's own session, those who registered for it.
 */
/** Whether the survey row `s` names whom it is for: a role, an organisation or a session. */
const hasAudience = (s: SQL) =>
  sql`(cardinality(${s}.roles) > 0 or cardinality(${s}.organisation_ids) > 0 or ${s}.session_id is not null)`;

const inAudience = (person: SQL, day: string) =>
  sql`${hasAudience(sql`s`)}
    and (cardinality(s.roles) = 0 or pr.role::text = any(s.roles))
    and (cardinality(s.organisation_ids) = 0 or pr.org_id = any(s.organisation_ids))
    and pr.starts_on <= ${day}::date and (pr.ends_on is null or pr.ends_on >= ${day}::date)
    and (s.session_id is not null or pr.org_id in ${networkOf(sql`s.org_id`, sql`${day}`)})
    and (s.session_id is null or exists (select 1 from training_registrations g
      where g.session_id = s.session_id and g.person_id = ${person} and g.status = 'registered'))`;

/**
 * The groups a response is counted in: the respondent's role that puts them in the survey's audience (their
 * earliest, as participation counts them), its organisation and plan.
 */
export async function respondentGroups(db: Db, surveyId: string, personId: string, day: string) {
  const [g] = await rows<{ role: string; organisation: string; plan: string | null }>(
    db,
    sql`select pr.role::text as role, o.name as organisation, ${planOf(sql`o`, sql`${day}::date`)} as plan
      from surveys s join person_roles pr on pr.person_id = ${personId} and ${inAudience(sql`pr.person_id`, day)}
        join organisations o on o.id = pr.org_id
      where s.id = ${surveyId}
      order by pr.starts_on, o.name limit 1`,
  );
  return g ?? { role: null, organisation: null, plan: null };
}

/** Whether the survey `s` is addressed to a person on a day. */
export const addressedTo = (personId: string, day: string) =>
  sql`exists (select 1 from person_roles pr where pr.person_id = ${personId} and ${inAudience(sql`${personId}::uuid`, day)})`;

/**
 * Everyone a survey is addressed to on a day, once each, with the role that puts them in its audience (their
 * earliest), its organisation and plan.
 */
const addressed = (orgId: string, surveyId: string, day: string) =>
  sql`select distinct on (p.id) p.id as person_id, p.given_name || ' ' || p.family_name as name, p.email,
      pr.role::text as role, o.name as organisation, ${planOf(sql`o`, sql`${day}::date`)} as plan
    from surveys s join person_roles pr on ${inAudience(sql`pr.person_id`, day)}
      join people p on p.id = pr.person_id
      join organisations o on o.id = pr.org_id
    where s.org_id = ${orgId} and s.id = ${surveyId}
    order by p.id, pr.starts_on, o.name`;

/** The people a survey is addressed to today who have not submitted it. */
export function notAnswered(db: Db, orgId: string, surveyId: string, day: string) {
  return rows<{ personId: string; name: string; email: string }>(
    db,
    sql`select a.person_id as "personId", a.name, a.email from (${addressed(orgId, surveyId, day)}) a
      where a.email is not null
        and not exists (select 1 from survey_participants x where x.org_id = ${orgId} and x.survey_id = ${surveyId}
          and x.person_id = a.person_id and x.submitted)`,
  );
}

/**
 * Those a survey is addressed to today, counted by plan, organisation and role, and how far they have got.
 * While it is open, "completed" counts only the earliest whole fives to submit (as results count responses,
 * decision 021), so that no organisation's count moves alone; once it has closed, everyone who submitted.
 */
export async function participationRows(db: Db, orgId: string, surveyId: string, day: string) {
  const found = await rows<{
    plan: string | null;
    organisation: string;
    role: string;
    started: boolean;
    completed: boolean;
    people: number;
  }>(
    db,
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
  return role ? { ...groups, role: roleLabel(role) } : groups;
}

/**
 * A training vendor's published survey as a plan may read it: only under a training agreement in force
 * (decision 021), with the plan's name for its own group.
 */
export async function sharedWithPlan(db: Db, id: string, planId: string, day: string) {
  const [found] = await rows<{
    surveyOrg: string;
    vendor: string;
    title: string;
    code: string;
    anonymous: boolean;
    version: number | null;
    plan: string;
  }>(
    db,
    sql`select s.org_id as "surveyOrg", o.name as vendor, s.title, s.code, s.anonymous,
        s.published_version as version, me.name as plan
      from surveys s join organisations o on o.id = s.org_id and o.kind = 'training_vendor'
        join organisations me on me.id = ${planId} and me.kind = 'plan'
      where s.id = ${id} and me.id in ${networkOf(sql`s.org_id`, sql`${day}`)}`,
  );
  return found;
}

/** The published surveys of training vendors a plan has a training agreement with. */
export function sharedSurveys(db: Db, planId: string, day: string) {
  return rows<{ id: string; title: string; organisation: string; publishedVersion: number }>(
    db,
    sql`select s.id, s.title, o.name as organisation, s.published_version as "publishedVersion"
      from surveys s join organisations o on o.id = s.org_id
      where o.kind = 'training_vendor' and s.published_version is not null
        and exists (select 1 from organisations me where me.id = ${planId} and me.kind = 'plan')
        and ${planId}::uuid in ${networkOf(sql`s.org_id`, sql`${day}`)}
      order by s.title`,
  );
}

/**
 * What a survey's links name, as the organisation may use them: whether the session is one it runs, the
 * module one it may see, and which of the organisations named (by position) are outside its network.
 */
export async function linksFound(db: Db, orgId: string, input: SurveyInput, day: string) {
  const [found] = await rows<{ session: boolean; module: boolean; outside: number[] }>(
    db,
    sql`select exists (select 1 from training_sessions where org_id = ${orgId} and id = ${input.sessionId ?? null}) as session,
        exists (select 1 from training_modules where id = ${input.moduleId ?? null} and (org_id = ${orgId} or shared)) as module,
        array(select (n - 1)::int from unnest(${arrayParam(input.organisationIds, 'uuid')}) with ordinality as o(id, n)
          where o.id not in ${networkOf(sql`${orgId}`, sql`${day}`)} order by n) as outside`,
  );
  return found!;
}

/**
 * Marks a person's participation submitted, once: numbered by the submissions sequence (results count
 * whole fives in that order), and answers whether this call was the one that submitted.
 */
export async function claimSubmission(tx: Db, orgId: string, surveyId: string, personId: string, when: SQL) {
  const [claimed] = await rows(
    tx,
    sql`insert into survey_participants (org_id, survey_id, person_id, submitted, submitted_seq, updated_at)
      values (${orgId}, ${surveyId}, ${personId}, true, nextval('survey_submissions_seq'), ${when})
      on conflict (org_id, survey_id, person_id) do update
        set submitted = true, saved_answers = null, saved_version = null, submitted_seq = excluded.submitted_seq,
          updated_at = excluded.updated_at
        where survey_participants.submitted = false
      returning 1`,
  );
  return Boolean(claimed);
}
