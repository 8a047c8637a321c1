import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { checkedRow, type Db } from '../../src/platform/db/client.js';

/**
 * Records of the demo dataset (src/seed/) a test opens by id, found by what a person would see on the page:
 * a name, an e-mail address, a title. Kept here so that a test file names no domain's tables
 * (scripts/check-boundaries.js); each throws when the demo has no such record, saying which.
 */

const idRow = z.object({ id: z.string() });
async function one(db: Db, what: string, query: ReturnType<typeof sql>) {
  const row = await checkedRow(db, idRow, query);
  if (!row) throw new Error(`The demo data has no ${what}`);
  return row.id;
}

/** A live session whose title contains the word. */
export const liveSessionTitled = (db: Db, word: string) =>
  one(
    db,
    `live session titled “${word}”`,
    sql`select id from training_sessions where kind = 'live' and title like ${`%${word}%`}`,
  );

/** The id of one completion recorded for the person with this e-mail address. */
export const completionOf = (db: Db, email: string) =>
  one(
    db,
    `completion for ${email}`,
    sql`select c.id from training_completions c join people p on p.id = c.person_id where p.email = ${email}`,
  );

/**
 * An enrollee the person works with today: one whose single point of contact they are if any, else one whose
 * care team their organisation is on.
 */
export const enrolleeOf = (db: Db, email: string) =>
  one(
    db,
    `enrollee on the care team of ${email}`,
    sql`select m.enrollee_id as id from care_team_members m join people p on p.email = ${email}
        where m.member_org_id = p.home_org_id and m.starts_on <= current_date
          and (m.ends_on is null or m.ends_on >= current_date)
        order by (m.person_id = p.id and m.single_point_of_contact) desc, m.enrollee_id limit 1`,
  );

/** Ids of one record of each kind a page of the app shows, for a test that opens every page. */
export async function onePerPage(db: Db) {
  const person = await one(
    db,
    'Maria Santos',
    sql`select id from people where email = 'maria.santos@bostoncommunityhealth.example'`,
  );
  const org = await one(
    db,
    'Boston Community Health Center',
    sql`select id from organisations where name = 'Boston Community Health Center'`,
  );
  const liveSession = await one(
    db,
    'live session still to come',
    sql`select id from training_sessions where kind = 'live' and starts_at > now() order by starts_at limit 1`,
  );
  const token = await one(
    db,
    'attestation link',
    sql`select attestation_token as id from training_sessions where id = ${liveSession}`,
  );
  const topic = await one(
    db,
    'topic of that session',
    sql`select topic_id as id from training_sessions where id = ${liveSession}`,
  );
  const year = await one(db, 'program year', sql`select id from training_program_years limit 1`);
  const survey = await one(
    db,
    'needs assessment',
    sql`select id from surveys where title = 'Module 1 needs assessment'`,
  );
  const certificate = await one(
    db,
    'certificate',
    sql`select certificate_code as id from training_completions where certificate_code is not null limit 1`,
  );
  return { person, org, liveSession, token, topic, year, survey, certificate };
}
