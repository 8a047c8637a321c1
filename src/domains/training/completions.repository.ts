import type { CompletionView } from '@contract/training/training.schemas.js';
import { type SQL, sql } from 'drizzle-orm';
import { type Db, isoTimestamp as iso, rows } from '../../platform/db/client.js';

type Page = { offset: number; limit: number };

export async function insertCompletion(
  db: Db,
  c: {
    orgId: string;
    personId: string;
    personName: string;
    topicId: string;
    completedOn: string;
    method: string;
    sessionId: string | null;
    evidence: unknown;
    recordedBy: string | null;
    recordedByName: string;
    certificateCode: string;
  },
) {
  const [row] = await rows<{ id: string }>(
    db,
    sql`insert into training_completions (org_id, person_id, person_name, topic_id, completed_on, method, session_id,
        evidence, recorded_by, recorded_by_name, certificate_code)
      values (${c.orgId}, ${c.personId}, ${c.personName}, ${c.topicId}, ${c.completedOn}, ${c.method}, ${c.sessionId},
        ${JSON.stringify(c.evidence)}::jsonb, ${c.recordedBy}, ${c.recordedByName}, ${c.certificateCode})
      returning id`,
  );
  return row!.id;
}

/** A completion as read: what the API shows, and which organisation keeps its topic. */
export type CompletionRow = CompletionView & { topicOrgId: string };

/**
 * Who may see a completion (decision 022): the organisation that recorded it and the person, always; any
 * other organisation only when the topic is shared or is its own (row-level security adds: and the person
 * holds a role there).
 */
export const completionVisibleTo = (viewer: { orgId: string | null; personId: string | null }) =>
  sql`(c.org_id = ${viewer.orgId} or c.person_id = ${viewer.personId} or t.shared or t.org_id = ${viewer.orgId})`;

const completionSelect = (where: SQL, tail: SQL = sql``) =>
  sql`select c.id, c.org_id as "orgId", ${iso(sql`c.created_at`)} as "recordedAt", o.name as issuer,
      c.person_id as "personId", c.person_name as "personName", t.org_id as "topicOrgId",
      c.topic_id as "topicId", t.title as "topicTitle", t.shared,
      t.ce_hours::float8 as "ceHours", t.ce_accreditor as "ceAccreditor", c.completed_on::text as "completedOn", c.method,
      c.session_id as "sessionId", c.evidence, c.recorded_by_name as "recordedByName",
      c.certificate_code as "certificateCode", ${iso(sql`c.revoked_at`)} as "revokedAt",
      c.revoked_reason as "revokedReason", c.corrections, c.version, count(*) over ()::int as total
    from training_completions c
      join training_topics t on t.id = c.topic_id
      join organisations o on o.id = c.org_id
    where ${where} ${tail}`;

export async function listCompletions(
  db: Db,
  viewer: { orgId: string | null; personId: string | null },
  personId: string,
  q: { sort?: string | undefined; dir: string },
  page: Page,
) {
  const order = q.sort === 'topicTitle' ? sql`t.title` : sql`c.completed_on`;
  const items = await rows<CompletionRow & { total: number }>(
    db,
    completionSelect(
      sql`c.person_id = ${personId} and ${completionVisibleTo(viewer)}`,
      sql`order by ${order} ${q.dir === 'asc' ? sql`asc` : sql`desc`}, c.id offset ${page.offset} limit ${page.limit}`,
    ),
  );
  return { items, total: items[0]?.total ?? 0 };
}

export async function findCompletion(
  db: Db,
  by: { id: string } | { code: string } | { sessionId: string; personId: string },
) {
  const where =
    'id' in by
      ? sql`c.id = ${by.id}`
      : 'code' in by
        ? sql`c.certificate_code = ${by.code}`
        : sql`c.session_id = ${by.sessionId} and c.person_id = ${by.personId}`;
  const [row] = await rows<CompletionRow>(db, completionSelect(where));
  return row;
}

export async function revokeCompletion(db: Db, id: string, reason: string, version: number) {
  const [row] = await rows<{ id: string }>(
    db,
    sql`update training_completions set revoked_at = now(), revoked_reason = ${reason}, version = version + 1,
        updated_at = now()
      where id = ${id} and version = ${version} and revoked_at is null returning id`,
  );
  return row;
}

export async function correctCompletion(
  db: Db,
  id: string,
  version: number,
  set: { completedOn: string; topicId: string; evidence: unknown },
  correction: object,
) {
  const [row] = await rows<{ id: string }>(
    db,
    sql`update training_completions set completed_on = ${set.completedOn}, topic_id = ${set.topicId},
        evidence = ${JSON.stringify(set.evidence)}::jsonb,
        corrections = corrections || ${JSON.stringify([correction])}::jsonb, version = version + 1, updated_at = now()
      where id = ${id} and version = ${version} and revoked_at is null returning id`,
  );
  return row;
}

/** The person's name, if this organisation can see their identity record. */
export async function visiblePersonName(db: Db, personId: string) {
  const [row] = await rows<{ name: string }>(
    db,
    sql`select given_name || ' ' || family_name as name from people where id = ${personId}`,
  );
  return row?.name;
}

/** Which organisation recorded a completion (a system lookup, for the command line). */
export async function findCompletionOwner(db: Db, id: string) {
  const [row] = await rows<{ orgId: string }>(
    db,
    sql`select org_id as "orgId" from training_completions where id = ${id}`,
  );
  return row;
}
