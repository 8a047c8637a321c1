// Whom a survey is addressed to: the audience rules as SQL over the people, organisations and training
// domains' published relations (decision 040), and what follows from them (a person's open surveys, the
// groups their response is counted in, who has not answered).
import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { checkedRow, checkedRows, type Db } from '../../platform/db/client.js';
import { networkOf, organisationPlansView, organisationsView } from '../organisations/index.js';
import { peopleView, personRolesView } from '../people/index.js';
import { sessionRegistrantsView } from '../training/index.js';

/** Whether the survey row `s` names whom it is for: a role, an organisation or a session. */
const hasAudience = (s: SQL) =>
  sql`(cardinality(${s}.roles) > 0 or cardinality(${s}.organisation_ids) > 0 or ${s}.session_id is not null)`;

/**
 * The audience rules, for a role row `pr` of a person and the survey `s`: a current role it names (none
 * named: any), at an organisation it names (none named: any); for a survey linked to a session, registered
 * for that session. A survey that names no role, no organisation and no session is for no one. Whatever it
 * names, a survey reaches only roles at its organisation or one in its network that day (decision 021) — or,
 * linked to the organisation's own session, those who registered for it.
 */
const inAudience = (person: SQL, day: string) =>
  sql`${hasAudience(sql`s`)}
    and (cardinality(s.roles) = 0 or pr.role::text = any(s.roles))
    and (cardinality(s.organisation_ids) = 0 or pr.org_id = any(s.organisation_ids))
    and pr.starts_on <= ${day}::date and (pr.ends_on is null or pr.ends_on >= ${day}::date)
    and (s.session_id is not null or pr.org_id in ${networkOf(sql`s.org_id`, sql`${day}`)})
    and (s.session_id is null or exists (select 1 from ${sessionRegistrantsView} g
      where g.session_id = s.session_id and g.person_id = ${person}))`;

/** Whether the survey `s` is addressed to a person on a day. */
export const addressedTo = (personId: string, day: string) =>
  sql`exists (select 1 from ${personRolesView} pr where pr.person_id = ${personId} and ${inAudience(sql`${personId}::uuid`, day)})`;

const groupsRow = z.object({ role: z.string(), organisation: z.string(), plan: z.string().nullable() });

/**
 * The groups a response is counted in: the respondent's role that puts them in the survey's audience (their
 * earliest, as participation counts them), its organisation and plan.
 */
export async function respondentGroups(db: Db, surveyId: string, personId: string, day: string) {
  const found = await checkedRow(
    db,
    groupsRow,
    sql`select pr.role::text as role, o.name as organisation, op.plan
      from surveys s join ${personRolesView} pr on pr.person_id = ${personId} and ${inAudience(sql`pr.person_id`, day)}
        join ${organisationsView} o on o.id = pr.org_id
        join ${organisationPlansView(sql`${day}`)} op on op.org_id = o.id
      where s.id = ${surveyId}
      order by pr.starts_on, o.name limit 1`,
  );
  return found ?? { role: null, organisation: null, plan: null };
}

/**
 * Everyone a survey is addressed to on a day, once each, with the role that puts them in its audience (their
 * earliest), its organisation and plan.
 */
export const addressed = (orgId: string, surveyId: string, day: string) =>
  sql`select distinct on (p.id) p.id as person_id, p.given_name || ' ' || p.family_name as name, p.email,
      pr.role::text as role, o.name as organisation, op.plan
    from surveys s join ${personRolesView} pr on ${inAudience(sql`pr.person_id`, day)}
      join ${peopleView} p on p.id = pr.person_id
      join ${organisationsView} o on o.id = pr.org_id
      join ${organisationPlansView(sql`${day}`)} op on op.org_id = o.id
    where s.org_id = ${orgId} and s.id = ${surveyId}
    order by p.id, pr.starts_on, o.name`;

const waitingRow = z.object({ personId: z.string(), name: z.string(), email: z.string() });

/** The people a survey is addressed to today who have not submitted it. */
export function notAnswered(db: Db, orgId: string, surveyId: string, day: string) {
  return checkedRows(
    db,
    waitingRow,
    sql`select a.person_id as "personId", a.name, a.email from (${addressed(orgId, surveyId, day)}) a
      where a.email is not null
        and not exists (select 1 from survey_participants x where x.org_id = ${orgId} and x.survey_id = ${surveyId}
          and x.person_id = a.person_id and x.submitted)`,
  );
}

const openSurveyRow = z.object({
  id: z.string(),
  title: z.string(),
  organisation: z.string(),
  closesOn: z.string().nullable(),
  answered: z.boolean(),
  started: z.boolean(),
});

/** Published surveys open on a day and addressed to a person, and whether they have answered or started each. */
export function openSurveysFor(db: Db, personId: string, day: string) {
  return checkedRows(
    db,
    openSurveyRow,
    sql`select s.id, s.title, o.name as organisation, s.closes_on::text as "closesOn",
        coalesce(p.submitted, false) as answered, p.saved_answers is not null as started
      from surveys s join ${organisationsView} o on o.id = s.org_id
        left join survey_participants p on p.org_id = s.org_id and p.survey_id = s.id and p.person_id = ${personId}
      where s.published_version is not null
        and (s.opens_on is null or s.opens_on <= ${day}::date) and (s.closes_on is null or s.closes_on >= ${day}::date)
        and ${addressedTo(personId, day)}
      order by answered, s.closes_on nulls last, s.title`,
  );
}
