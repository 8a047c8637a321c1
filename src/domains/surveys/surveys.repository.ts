import { type SQL, sql } from 'drizzle-orm';
import { type Actor, activeOrgOf, scopeOf } from '../../platform/auth/actor.js';
import { arrayParam, type Database, type Db, rows } from '../../platform/db/client.js';
import { withReadScope } from '../../platform/db/scope.js';
import { notFound } from '../../platform/http/errors.js';
import type { SurveyInput, SurveyView } from './surveys.schemas.js';

export const surveySelect = (where: SQL) =>
  sql`select s.id, s.code, s.title, s.description, s.draft as definition, s.anonymous, s.module_id as "moduleId",
      s.link, s.roles, s.organisation_ids as "organisationIds", s.opens_on::text as "opensOn",
      s.closes_on::text as "closesOn", s.published_version as "publishedVersion",
      (select count(*)::int from survey_responses r where r.org_id = s.org_id and r.survey_id = s.id) as responses,
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
    link: sql`${input.link ?? null}`,
    roles: arrayParam(input.roles, 'text'),
    organisation_ids: arrayParam(input.organisationIds, 'uuid'),
    opens_on: sql`${input.opensOn ?? null}`,
    closes_on: sql`${input.closesOn ?? null}`,
  };
}

/** A survey of the actor's organisation, read in their scope; not found otherwise. */
export async function ownSurvey(database: Database, actor: Actor, id: string) {
  const orgId = activeOrgOf(actor);
  const [survey] = await withReadScope(database, scopeOf(actor), (tx) =>
    rows<SurveyView>(tx, surveySelect(sql`s.org_id = ${orgId} and s.id = ${id}`)),
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

/** The groups a response is counted in: the respondent's first current role, its organisation and plan. */
export async function respondentGroups(db: Db, personId: string, day: string) {
  const [g] = await rows<{ role: string; organisation: string; plan: string | null }>(
    db,
    sql`select pr.role::text as role, o.name as organisation, ${planOf(sql`o`, sql`${day}::date`)} as plan
      from person_roles pr join organisations o on o.id = pr.org_id
      where pr.person_id = ${personId} and pr.starts_on <= ${day}::date
        and (pr.ends_on is null or pr.ends_on >= ${day}::date)
      order by pr.starts_on, o.name limit 1`,
  );
  return g ?? { role: null, organisation: null, plan: null };
}

/** The people a survey is addressed to today (by role and organisation) who have not submitted it. */
export function notAnswered(db: Db, orgId: string, surveyId: string, day: string) {
  return rows<{ personId: string; name: string; email: string }>(
    db,
    sql`select distinct p.id as "personId", p.given_name || ' ' || p.family_name as name, p.email
      from surveys s join person_roles pr on (cardinality(s.roles) = 0 or pr.role::text = any(s.roles))
          and (cardinality(s.organisation_ids) = 0 or pr.org_id = any(s.organisation_ids))
          and pr.starts_on <= ${day}::date and (pr.ends_on is null or pr.ends_on >= ${day}::date)
        join people p on p.id = pr.person_id
      where s.org_id = ${orgId} and s.id = ${surveyId} and p.email is not null
        and not exists (select 1 from survey_participants x where x.org_id = s.org_id and x.survey_id = s.id
          and x.person_id = p.id and x.submitted)`,
  );
}
