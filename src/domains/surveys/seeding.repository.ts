// A published survey and its answers written in bulk, as the demo dataset brings them: without the checks
// and the holding back of anonymous responses that answering one at a time goes through; and whom the demo
// asks.

import type { Answers, Definition } from '@contract/surveys/definition.js';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { arrayParam, checkedRows, type Db } from '../../platform/db/client.js';
import { organisationPlansView, organisationsView } from '../organisations/index.js';
import { personRolesView } from '../people/index.js';
import { surveys, surveyVersions } from './surveys.tables.js';

export interface SeededSurvey {
  orgId: string;
  code: string;
  title: string;
  description: string;
  definition: Definition;
  anonymous: boolean;
  moduleId: string | null;
  link: 'needs_assessment' | 'evaluation' | null;
  roles: string[];
  /** The day it was published and answered. */
  on: string;
  publishedBy: string;
  /**
   * Who answered, and what; an anonymous survey's responses name no one. A response may bring its own id (an
   * assessment points at it) and may name no person (an instrument answered about an enrollee: no participant).
   */
  responses: {
    id?: string;
    personId: string | null;
    answers: Answers;
    groups: Record<string, string | null>;
    on?: string;
  }[];
}

/** Writes a survey published as version 1 on its day, with its responses and participants; its id. */
export async function seedPublishedSurvey(db: Db, s: SeededSurvey) {
  const [survey] = await db
    .insert(surveys)
    .values({
      orgId: s.orgId,
      code: s.code,
      title: s.title,
      description: s.description,
      draft: s.definition,
      anonymous: s.anonymous,
      moduleId: s.moduleId,
      link: s.link,
      roles: s.roles,
      publishedVersion: 1,
    })
    .returning({ id: surveys.id });
  const id = survey!.id;
  await db.insert(surveyVersions).values({
    orgId: s.orgId,
    surveyId: id,
    number: 1,
    definition: s.definition,
    publishedByName: s.publishedBy,
    publishedAt: sql`${s.on}::date`,
  });
  const responses = s.responses.map((r) => ({
    id: r.id ?? null,
    person: s.anonymous ? null : r.personId,
    answers: r.answers,
    groups: r.groups,
    on: r.on ?? s.on,
  }));
  // One statement each for the responses and the participants, however many answered.
  await db.execute(
    sql`insert into survey_responses (org_id, id, survey_id, version_number, person_id, answers, groups, submitted_on)
      select ${s.orgId}, coalesce(x.id, gen_random_uuid()), ${id}, 1, x.person, x.answers, x.groups, x.on
      from jsonb_to_recordset(${JSON.stringify(responses)}::jsonb)
        as x(id uuid, person uuid, answers jsonb, groups jsonb, "on" date)`,
  );
  await db.execute(
    sql`insert into survey_participants (org_id, survey_id, person_id, submitted)
      select ${s.orgId}, ${id}, x.person, true
      from jsonb_to_recordset(${JSON.stringify(s.responses.flatMap((r) => (r.personId ? [{ person: r.personId }] : [])))}::jsonb) as x(person uuid)`,
  );
  return id;
}

const careCoordinatorsToAskRow = z.object({
  personId: z.string(),
  organisation: z.string(),
  plan: z.string().nullable(),
});
/**
 * Up to `limit` people who are care coordinators now, with their organisation and the plan it belongs to or
 * contracts with today, by id (each at their earliest such role), leaving out `exceptPersonIds`.
 */
export function careCoordinatorsToAsk(db: Db, c: { limit: number; exceptPersonIds: readonly string[] }) {
  return checkedRows(
    db,
    careCoordinatorsToAskRow,
    sql`select distinct on (pr.person_id) pr.person_id as "personId", o.name as organisation, op.plan
      from ${personRolesView} pr join ${organisationsView} o on o.id = pr.org_id
        join ${organisationPlansView(sql`current_date`)} op on op.org_id = o.id
      where pr.role = 'care_coordinator' and pr.ends_on is null
        and pr.person_id <> all(${arrayParam(c.exceptPersonIds, 'uuid')})
      order by pr.person_id, pr.starts_on
      limit ${c.limit}`,
  );
}
