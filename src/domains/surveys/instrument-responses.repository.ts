// Identified responses read by id, for a domain that ties a response to its own record (a care assessment's
// answers): with the survey's code and the definition of the version answered, to write them as FHIR.
import type { Answers, Definition } from '@contract/surveys/definition.js';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { arrayParam, checkedRows, type Db } from '../../platform/db/client.js';

const responseRow = z.object({
  id: z.string(),
  code: z.string(),
  version: z.number(),
  definition: z.custom<Definition>((v) => typeof v === 'object' && v !== null),
  answers: z.custom<Answers>((v) => typeof v === 'object' && v !== null),
  submittedOn: z.string(),
});
export type InstrumentResponse = z.infer<typeof responseRow>;

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
