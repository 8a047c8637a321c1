import { completionView } from '@contract/training/training.schemas.js';
import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { checkedRow, checkedRows, type Db, isoTimestamp as iso } from '../../../platform/db/client.js';
import { prepared } from '../../../platform/db/prepared.js';
import { organisationsView } from '../../organisations/index.js';
import { peopleView } from '../../people/index.js';
import { completions } from './completions.tables.js';

type Page = { offset: number; limit: number };

export async function insertCompletion(
  db: Db,
  c: {
    orgId: string;
    personId: string;
    personName: string;
    topicId: string;
    completedOn: string;
    method: (typeof completions.$inferInsert)['method'];
    sessionId: string | null;
    evidence: unknown;
    recordedBy: string | null;
    recordedByName: string;
    certificateCode: string;
  },
) {
  const [row] = await prepared(db, 'insert_completion', buildInsertCompletion).execute(c);
  return row!.id;
}

/** Recording a completion is the hottest write: built once per connection (prepared.ts). */
const buildInsertCompletion = (db: Db) =>
  db
    .insert(completions)
    .values({
      orgId: sql.placeholder('orgId'),
      personId: sql.placeholder('personId'),
      personName: sql.placeholder('personName'),
      topicId: sql.placeholder('topicId'),
      completedOn: sql.placeholder('completedOn'),
      method: sql.placeholder('method'),
      sessionId: sql.placeholder('sessionId'),
      evidence: sql.placeholder('evidence'),
      recordedBy: sql.placeholder('recordedBy'),
      recordedByName: sql.placeholder('recordedByName'),
      certificateCode: sql.placeholder('certificateCode'),
    })
    .returning({ id: completions.id })
    .prepare('insert_completion');

/** A completion as read: what the API shows, and which organisation keeps its topic. */
export const completionRow = completionView.extend({ topicOrgId: z.uuid() });
export type CompletionRow = z.infer<typeof completionRow>;
const pagedCompletionRow = completionRow.extend({ total: z.number() });

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
      join ${organisationsView} o on o.id = c.org_id
    where ${where} ${tail}`;

export async function listCompletions(
  db: Db,
  viewer: { orgId: string | null; personId: string | null },
  personId: string,
  q: { sort?: string | undefined; dir: string },
  page: Page,
) {
  const order = q.sort === 'topicTitle' ? sql`t.title` : sql`c.completed_on`;
  const found = await checkedRows(
    db,
    pagedCompletionRow,
    completionSelect(
      sql`c.person_id = ${personId} and ${completionVisibleTo(viewer)}`,
      sql`order by ${order} ${q.dir === 'asc' ? sql`asc` : sql`desc`}, c.id offset ${page.offset} limit ${page.limit}`,
    ),
  );
  const total = found[0]?.total ?? 0;
  return { items: found.map(({ total: _total, ...item }): CompletionRow => item), total };
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
  const row = await checkedRow(db, pagedCompletionRow, completionSelect(where));
  if (!row) return undefined;
  const { total: _total, ...completion } = row;
  return completion as CompletionRow;
}

export async function revokeCompletion(db: Db, id: string, reason: string, version: number) {
  const [row] = await db
    .update(completions)
    .set({
      revokedAt: sql`now()`,
      revokedReason: reason,
      version: sql`${completions.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(completions.id, id), eq(completions.version, version), isNull(completions.revokedAt)))
    .returning({ id: completions.id });
  return row;
}

export async function correctCompletion(
  db: Db,
  id: string,
  version: number,
  set: { completedOn: string; topicId: string; evidence: unknown },
  correction: object,
) {
  const [row] = await db
    .update(completions)
    .set({
      completedOn: set.completedOn,
      topicId: set.topicId,
      evidence: set.evidence,
      corrections: sql`${completions.corrections} || ${JSON.stringify([correction])}::jsonb`,
      version: sql`${completions.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(completions.id, id), eq(completions.version, version), isNull(completions.revokedAt)))
    .returning({ id: completions.id });
  return row;
}

const visiblePersonNameRow = z.object({ name: z.string() });
/** The person's name, if this organisation can see their identity record. */
export async function visiblePersonName(db: Db, personId: string) {
  const row = await checkedRow(
    db,
    visiblePersonNameRow,
    sql`select p.given_name || ' ' || p.family_name as name from ${peopleView} p where p.id = ${personId}`,
  );
  return row?.name;
}

const insertedCompletionRow = z.object({ id: z.string() });
/**
 * Records a completion earned outside a session in one statement, with its audit row (`audited`, the audit
 * trail's expressions for the event, written only if the completion is): inserted only when the caller may
 * see the person and the topic is the organisation's own or shared, with the person's name as certified
 * taken in the same statement. False when either check fails: `completionSubjects` then says which.
 */
export async function insertCheckedCompletion(
  db: Db,
  c: {
    id: string;
    orgId: string;
    personId: string;
    topicId: string;
    completedOn: string;
    method: (typeof completions.$inferInsert)['method'];
    evidence: unknown;
    recordedBy: string | null;
    recordedByName: string;
    certificateCode: string;
  },
  audited: (onlyIf: string) => SQL,
) {
  const row = await checkedRow(
    db,
    insertedCompletionRow,
    sql`with completion as (
        insert into training_completions (id, org_id, person_id, person_name, topic_id, completed_on, method,
          evidence, recorded_by, recorded_by_name, certificate_code)
        select ${c.id}, ${c.orgId}, p.id, p.given_name || ' ' || p.family_name, t.id, ${c.completedOn},
          ${c.method}, ${JSON.stringify(c.evidence)}::jsonb, ${c.recordedBy}, ${c.recordedByName},
          ${c.certificateCode}
        from ${peopleView} p, training_topics t
        where p.id = ${c.personId} and t.id = ${c.topicId} and (t.shared or t.org_id = ${c.orgId})
        returning id),
      ${audited('completion')}
      select id from completion`,
  );
  return row !== undefined;
}

const completionSubjectsRow = z.object({ personName: z.string().nullable(), topicUsable: z.boolean() });
/**
 * What recording a completion checks: the person's name if the caller may see them, and whether the topic is
 * the organisation's own or shared.
 */
export async function completionSubjects(db: Db, orgId: string, topicId: string, personId: string) {
  const row = await checkedRow(
    db,
    completionSubjectsRow,
    sql`select (select p.given_name || ' ' || p.family_name from ${peopleView} p where p.id = ${personId}) as "personName",
      exists (select 1 from training_topics t where t.id = ${topicId} and (t.shared or t.org_id = ${orgId})) as "topicUsable"`,
  );
  return row!;
}

/** Which organisation recorded a completion (a system lookup, for the command line). */
export async function findCompletionOwner(db: Db, id: string) {
  const [row] = await db.select({ orgId: completions.orgId }).from(completions).where(eq(completions.id, id));
  return row;
}
