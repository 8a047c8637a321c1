// Instrument responses: a survey answered by a professional about someone else (a care coordinator completing
// an assessment instrument with an enrollee). The response is an ordinary identified response of the survey's
// published version, naming the person who recorded it; whoever it is about is recorded by the caller (the
// care assessment holds the response id), so the survey engine knows nothing of enrollees (decision 052).
import { type Answers, checkAnswers, type Definition } from '@contract/surveys/definition.js';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { arrayParam, checkedRow, checkedRows, type Db } from '../../platform/db/client.js';
import { surveyResponses, surveys } from './surveys.tables.js';

const object = (v: unknown) => typeof v === 'object' && v !== null;

const instrumentRow = z.object({
  title: z.string(),
  anonymous: z.boolean(),
  version: z.number().nullable(),
  definition: z.custom<Definition>(object).nullable(),
});

export type InstrumentResponse =
  | { ok: true; responseId: string; version: number; title: string }
  | {
      ok: false;
      problem: 'not_found' | 'anonymous' | 'not_published' | 'answers';
      issues: { path: string; message: string }[];
    };

/**
 * Checks the answers against the survey's published version and writes them as a response of it, in the
 * caller's transaction (whose scope must see the survey: the organisation that holds it).
 */
export async function recordInstrumentResponse(
  tx: Db,
  r: { orgId: string; surveyId: string; answers: Answers; recordedBy: string; day: string },
): Promise<InstrumentResponse> {
  const found = await checkedRow(
    tx,
    instrumentRow,
    sql`select s.title, s.anonymous, v.number as version, v.definition
      from surveys s left join survey_versions v
        on v.org_id = s.org_id and v.survey_id = s.id and v.number = s.published_version
      where s.org_id = ${r.orgId} and s.id = ${r.surveyId}`,
  );
  if (!found) return { ok: false, problem: 'not_found', issues: [] };
  if (found.anonymous) return { ok: false, problem: 'anonymous', issues: [] };
  if (!found.definition || found.version === null) return { ok: false, problem: 'not_published', issues: [] };
  const issues = checkAnswers(found.definition, r.answers, true);
  if (issues.length) return { ok: false, problem: 'answers', issues };
  const [row] = await tx
    .insert(surveyResponses)
    .values({
      orgId: r.orgId,
      surveyId: r.surveyId,
      versionNumber: found.version,
      personId: r.recordedBy,
      answers: r.answers,
      groups: { role: null, organisation: null, plan: null },
      submittedOn: r.day,
    })
    .returning({ id: surveyResponses.id });
  return { ok: true, responseId: row!.id, version: found.version, title: found.title };
}

const publishedInstrumentRow = z.object({
  surveyId: z.string(),
  title: z.string(),
  version: z.number(),
  definition: z.custom<Definition>(object),
});

/**
 * The surveys of an organisation an assessment may be answered on: published, identified, and tied to no
 * training session or module; each with the questions of its published version, by title.
 */
export function assessmentInstruments(db: Db, orgId: string) {
  return checkedRows(
    db,
    publishedInstrumentRow,
    sql`select s.id as "surveyId", s.title, v.number as version, v.definition
      from surveys s join survey_versions v
        on v.org_id = s.org_id and v.survey_id = s.id and v.number = s.published_version
      where s.org_id = ${orgId} and not s.anonymous and s.session_id is null and s.module_id is null
      order by s.title`,
  );
}

/** Which survey, version and title each response answered, for the responses the scope sees. */
export async function instrumentsOfResponses(db: Db, responseIds: string[]) {
  if (!responseIds.length) return new Map<string, { surveyId: string; version: number; title: string }>();
  const rows = await db
    .select({
      id: surveyResponses.id,
      surveyId: surveyResponses.surveyId,
      version: surveyResponses.versionNumber,
      title: surveys.title,
    })
    .from(surveyResponses)
    .innerJoin(
      surveys,
      and(eq(surveys.orgId, surveyResponses.orgId), eq(surveys.id, surveyResponses.surveyId)),
    )
    .where(inArray(surveyResponses.id, responseIds));
  return new Map(rows.map(({ id, ...r }) => [id, r]));
}

const responseRow = z.object({
  id: z.string(),
  code: z.string(),
  version: z.number(),
  definition: z.custom<Definition>((v) => typeof v === 'object' && v !== null),
  answers: z.custom<Answers>((v) => typeof v === 'object' && v !== null),
  submittedOn: z.string(),
});
export type InstrumentAnswers = z.infer<typeof responseRow>;

/**
 * The organisation's responses with these ids to surveys that are not anonymous (an anonymous survey's answers
 * are never read one by one). The caller has already decided the reader may see the record they belong to.
 */
export function instrumentResponses(db: Db, orgId: string, ids: readonly string[]) {
  if (!ids.length) return Promise.resolve([]);
  return checkedRows(
    db,
    responseRow,
    sql`select r.id, s.code, r.version_number as version, v.definition, r.answers, r.submitted_on::text as "submittedOn"
      from survey_responses r
        join surveys s on s.org_id = r.org_id and s.id = r.survey_id
        join survey_versions v on v.org_id = r.org_id and v.survey_id = r.survey_id and v.number = r.version_number
      where r.org_id = ${orgId} and r.id = any(${arrayParam(ids, 'uuid')}) and not s.anonymous`,
  );
}
