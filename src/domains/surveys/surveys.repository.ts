// Surveys and their published versions: reading them as the builder sees them, writing the draft and its
// distribution, publishing, and checking what a survey links to.

import type { Definition } from '@contract/surveys/definition.js';
import { type SurveyInput, surveyView } from '@contract/surveys/surveys.schemas.js';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, activeOrgOf, scopeOf } from '../../platform/auth/actor.js';
import { arrayParam, checkedRow, checkedRows, type Database, type Db } from '../../platform/db/client.js';
import { withReadScope } from '../../platform/db/scope.js';
import { notFound } from '../../platform/http/errors.js';
import { networkOf, organisationsView } from '../organisations/index.js';
import { modulesView, sessionsView } from '../training/index.js';
import { countedResponses } from './results.repository.js';
import { surveys, surveyVersions } from './surveys.tables.js';

const object = (v: unknown) => typeof v === 'object' && v !== null;
/** A definition as stored: checked when it was written, so only its being an object is checked here. */
const storedDefinition = z.custom<Definition>(object);
const surveyRow = surveyView.extend({ definition: storedDefinition });

const surveySelect = (where: SQL, day: string) =>
  sql`select s.id, s.code, s.title, s.description, s.draft as definition, s.anonymous, s.module_id as "moduleId",
      s.session_id as "sessionId", s.link, s.roles, s.organisation_ids as "organisationIds", s.opens_on::text as "opensOn",
      s.closes_on::text as "closesOn", s.published_version as "publishedVersion",
      (select count(*)::int from ${countedResponses(day)} r where r.org_id = s.org_id and r.survey_id = s.id) as responses,
      s.version
    from surveys s where ${where} order by s.title`;

/** An organisation's surveys as their builders see them, with the responses counted on a day. */
export function surveysOf(db: Db, orgId: string, day: string) {
  return checkedRows(db, surveyRow, surveySelect(sql`s.org_id = ${orgId}`, day));
}

/** A survey of the actor's organisation, read in their scope; not found otherwise. */
export async function ownSurvey(database: Database, actor: Actor, id: string, day: string) {
  const orgId = activeOrgOf(actor);
  const survey = await withReadScope(database, scopeOf(actor), (tx) =>
    checkedRow(tx, surveyRow, surveySelect(sql`s.org_id = ${orgId} and s.id = ${id}`, day)),
  );
  if (!survey) throw notFound('The survey');
  return { orgId, survey };
}

/** The columns a survey's draft and distribution are written to. */
const columns = (input: SurveyInput) => ({
  code: input.code,
  title: input.title,
  description: input.description ?? null,
  draft: input.definition,
  anonymous: input.anonymous,
  moduleId: input.moduleId ?? null,
  sessionId: input.sessionId ?? null,
  link: input.link ?? null,
  roles: input.roles,
  organisationIds: input.organisationIds,
  opensOn: input.opensOn ?? null,
  closesOn: input.closesOn ?? null,
});

/** A new draft survey; its id. */
export async function insertSurvey(tx: Db, orgId: string, input: SurveyInput) {
  const [row] = await tx
    .insert(surveys)
    .values({ orgId, ...columns(input) })
    .returning({ id: surveys.id });
  return row!;
}

/** Changes a survey's draft and distribution if it is still at `version`; false if it is not (or is gone). */
export async function updateSurvey(tx: Db, orgId: string, id: string, version: number, input: SurveyInput) {
  const changed = await tx
    .update(surveys)
    .set({ ...columns(input), version: sql`${surveys.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(surveys.orgId, orgId), eq(surveys.id, id), eq(surveys.version, version)))
    .returning({ id: surveys.id });
  return changed.length > 0;
}

const numberRow = z.object({ number: z.number() });

/** Publishes a survey's draft as its next version, which respondents answer from now on; its number. */
export async function publishDraft(tx: Db, orgId: string, id: string, publishedBy: string) {
  const row = await checkedRow(
    tx,
    numberRow,
    sql`with next as (
        select coalesce(max(number), 0) + 1 as number from survey_versions where org_id = ${orgId} and survey_id = ${id})
      insert into survey_versions (org_id, survey_id, number, definition, published_by_name)
      select ${orgId}, ${id}, next.number, s.draft, ${publishedBy} from surveys s, next
      where s.org_id = ${orgId} and s.id = ${id}
      returning number`,
  );
  await tx
    .update(surveys)
    .set({ publishedVersion: row!.number, version: sql`${surveys.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(surveys.orgId, orgId), eq(surveys.id, id)));
  return row!.number;
}

/** One published version's definition, or undefined when the survey has no such version. */
export async function versionDefinition(db: Db, orgId: string, surveyId: string, version: number) {
  const [found] = await db
    .select({ definition: surveyVersions.definition })
    .from(surveyVersions)
    .where(
      and(
        eq(surveyVersions.orgId, orgId),
        eq(surveyVersions.surveyId, surveyId),
        eq(surveyVersions.number, version),
      ),
    );
  return found && (found.definition as Definition);
}

const linksRow = z.object({ session: z.boolean(), module: z.boolean(), outside: z.array(z.number()) });

/**
 * What a survey's links name, as the organisation may use them: whether the session is one it runs, the
 * module one it may see, and which of the organisations named (by position) are outside its network.
 */
export async function linksFound(db: Db, orgId: string, input: SurveyInput, day: string) {
  const found = await checkedRow(
    db,
    linksRow,
    sql`select exists (select 1 from ${sessionsView} ts where ts.org_id = ${orgId} and ts.id = ${input.sessionId ?? null}) as session,
        exists (select 1 from ${modulesView} m where m.id = ${input.moduleId ?? null} and (m.org_id = ${orgId} or m.shared)) as module,
        array(select (n - 1)::int from unnest(${arrayParam(input.organisationIds, 'uuid')}) with ordinality as o(id, n)
          where o.id not in ${networkOf(sql`${orgId}`, sql`${day}`)} order by n) as outside`,
  );
  return found!;
}

const refRow = z.object({ id: z.string(), orgId: z.string(), code: z.string(), organisation: z.string() });

/** Surveys whose id or code (any case) is `ref`, each with its organisation's code. */
export function surveysByRef(db: Db, ref: string) {
  return checkedRows(
    db,
    refRow,
    sql`select s.id, s.org_id as "orgId", s.code, o.code as organisation from surveys s
      join ${organisationsView} o on o.id = s.org_id where s.id::text = ${ref} or lower(s.code) = lower(${ref})`,
  );
}
