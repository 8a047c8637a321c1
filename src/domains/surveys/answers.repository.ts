// A respondent's side: the survey they may answer, their saved answers, the one submission and the
// response it leaves (an anonymous survey's held until five can be mixed).

import type { Answers, Definition } from '@contract/surveys/definition.js';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { checkedRow, type Db } from '../../platform/db/client.js';
import { addressedTo } from './audience.repository.js';
import { surveyParticipants, surveyResponses, surveyResponsesHeld } from './surveys.tables.js';

const object = (v: unknown) => typeof v === 'object' && v !== null;

const openRow = z.object({
  orgId: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  anonymous: z.boolean(),
  invited: z.boolean(),
  opensOn: z.string().nullable(),
  closesOn: z.string().nullable(),
  version: z.number().nullable(),
  definition: z.custom<Definition>(object).nullable(),
});

/** A survey with its published version, and whether it is addressed to a person on a day. */
export function surveyToAnswer(db: Db, id: string, personId: string, day: string) {
  return checkedRow(
    db,
    openRow,
    sql`select s.org_id as "orgId", s.title, s.description, s.anonymous,
        ${addressedTo(personId, day)} as invited, s.opens_on::text as "opensOn", s.closes_on::text as "closesOn",
        v.number as version, v.definition
      from surveys s left join survey_versions v
        on v.org_id = s.org_id and v.survey_id = s.id and v.number = s.published_version
      where s.id = ${id}`,
  );
}

const participant = (orgId: string, surveyId: string, personId: string) =>
  and(
    eq(surveyParticipants.orgId, orgId),
    eq(surveyParticipants.surveyId, surveyId),
    eq(surveyParticipants.personId, personId),
  );

/** Where a person stands with a survey: submitted, or the answers saved so far and the version they answer. */
export async function participation(db: Db, orgId: string, surveyId: string, personId: string) {
  const [found] = await db
    .select({
      submitted: surveyParticipants.submitted,
      savedAnswers: surveyParticipants.savedAnswers,
      savedVersion: surveyParticipants.savedVersion,
    })
    .from(surveyParticipants)
    .where(participant(orgId, surveyId, personId));
  return found && { ...found, savedAnswers: found.savedAnswers as Answers | null };
}

/** Keeps a person's answers to come back to, replacing any kept before. */
export async function saveAnswers(
  db: Db,
  p: { orgId: string; surveyId: string; personId: string; version: number; answers: Answers },
) {
  await db
    .insert(surveyParticipants)
    .values({
      orgId: p.orgId,
      surveyId: p.surveyId,
      personId: p.personId,
      savedAnswers: p.answers,
      savedVersion: p.version,
    })
    .onConflictDoUpdate({
      target: [surveyParticipants.orgId, surveyParticipants.surveyId, surveyParticipants.personId],
      set: { savedAnswers: p.answers, savedVersion: p.version, updatedAt: sql`now()` },
    });
}

/**
 * Marks a person's participation submitted, once: numbered by the submissions sequence (results count
 * whole fives in that order), and answers whether this call was the one that submitted. For an anonymous
 * survey it keeps only the day, not the time.
 */
export async function claimSubmission(
  tx: Db,
  p: { orgId: string; surveyId: string; personId: string; anonymous: boolean; day: string },
) {
  const { orgId, surveyId, personId } = p;
  const when = p.anonymous ? sql`${p.day}::date::timestamptz` : sql`now()`;
  const claimed = await tx
    .insert(surveyParticipants)
    .values({
      orgId,
      surveyId,
      personId,
      submitted: true,
      submittedSeq: sql`nextval('survey_submissions_seq')`,
      updatedAt: when,
    })
    .onConflictDoUpdate({
      target: [surveyParticipants.orgId, surveyParticipants.surveyId, surveyParticipants.personId],
      set: {
        submitted: true,
        savedAnswers: null,
        savedVersion: null,
        submittedSeq: sql`excluded.submitted_seq`,
        updatedAt: sql`excluded.updated_at`,
      },
      setWhere: eq(surveyParticipants.submitted, false),
    })
    .returning({ personId: surveyParticipants.personId });
  return claimed.length > 0;
}

/**
 * Writes a submitted response: an anonymous survey's names no one and waits with the held ones to be mixed
 * (`releaseHeld`); an identified survey's names its respondent.
 */
export async function insertResponse(
  tx: Db,
  r: {
    orgId: string;
    surveyId: string;
    version: number;
    answers: Answers;
    groups: Record<string, string | null>;
    day: string;
    personId: string | null;
  },
) {
  const values = {
    orgId: r.orgId,
    surveyId: r.surveyId,
    versionNumber: r.version,
    answers: r.answers,
    groups: r.groups,
    submittedOn: r.day,
  };
  if (r.personId === null) await tx.insert(surveyResponsesHeld).values(values);
  else await tx.insert(surveyResponses).values({ ...values, personId: r.personId });
}

/**
 * Moves an anonymous survey's held responses to `survey_responses` once at least five are waiting: all
 * together, in random order, with new ids, in this statement's own transaction.
 */
export async function releaseHeld(db: Db, orgId: string, surveyId: string, atLeast: number) {
  await db.execute(
    sql`with moved as (
        delete from survey_responses_held h where h.org_id = ${orgId} and h.survey_id = ${surveyId}
          and (select count(*) from survey_responses_held w where w.org_id = ${orgId} and w.survey_id = ${surveyId}) >= ${atLeast}
        returning h.org_id, h.survey_id, h.version_number, h.answers, h.groups, h.submitted_on)
      insert into survey_responses (org_id, survey_id, version_number, answers, groups, submitted_on)
      select org_id, survey_id, version_number, answers, groups, submitted_on from moved order by random()`,
  );
}
