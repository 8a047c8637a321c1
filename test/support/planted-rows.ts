import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { checkedRow, checkedRows, type Db } from '../../src/platform/db/client.js';

/**
 * Rows a test plants straight in the database where the API cannot make them: the past (a completion
 * recorded months ago, a role begun years ago, a session already held), states reached only with time or
 * from outside (a held attestation, an attendance report's rows), or thousands of rows at once. Kept here so
 * that a test file names no table of a domain other than its own (scripts/check-boundaries.js).
 */

const idRow = z.object({ id: z.string() });
const idOf = async (db: Db, query: ReturnType<typeof sql>) => (await checkedRow(db, idRow, query))!.id;

// ---- people ----

/** Moves when a person's roles began, and optionally their team: a person hired long ago. */
export async function backdateRoles(db: Db, personId: string, change: { startsOn?: string; team?: string }) {
  if (change.startsOn !== undefined)
    await db.execute(
      sql`update person_roles set starts_on = ${change.startsOn}::date where person_id = ${personId}`,
    );
  if (change.team !== undefined)
    await db.execute(sql`update person_roles set team = ${change.team} where person_id = ${personId}`);
}

/** One more role for a person, at an organisation where they hold none yet. */
export async function addRole(
  db: Db,
  role: { orgId: string; personId: string; role: string; startsOn: string },
) {
  await db.execute(
    sql`insert into person_roles (org_id, person_id, role, starts_on)
      values (${role.orgId}, ${role.personId}, ${role.role}, ${role.startsOn})`,
  );
}

/** A role at the organisation with this code for the person with this e-mail address (demo records). */
export async function addRoleByCode(
  db: Db,
  role: { orgCode: string; email: string; role: string; startsOn: string },
) {
  await db.execute(
    sql`insert into person_roles (org_id, person_id, role, starts_on)
      select o.id, p.id, ${role.role}, ${role.startsOn} from organisations o, people p
      where o.code = ${role.orgCode} and p.email = ${role.email}`,
  );
}

/** `n` people with a care coordinator's role at the organisation since 2024, in one go, as an import adds them. */
export async function hireInBulk(db: Db, orgId: string, n: number) {
  await db.execute(
    sql`with added as (
        insert into people (home_org_id, given_name, family_name, email)
        select ${orgId}, 'Hired', 'Person ' || g, ${orgId}::text || '.' || g || '@bulk.example'
        from generate_series(1, ${n}) g returning id)
      insert into person_roles (org_id, person_id, role, starts_on)
      select ${orgId}, id, 'care_coordinator', '2024-01-01' from added`,
  );
}

/** Names a person's supervisor at an organisation. */
export async function setSupervisor(db: Db, orgId: string, personId: string, supervisorId: string) {
  await db.execute(
    sql`insert into person_org_details (org_id, person_id, supervisor_id) values (${orgId}, ${personId}, ${supervisorId})`,
  );
}

/** A qualification held by a person, issued (and entered) when the test says. */
export async function plantQualification(
  db: Db,
  q: { orgId: string; personId: string; kind: string; name: string; issuer: string; issuedOn: string },
  more: { expiresOn?: string; createdAt?: string } = {},
) {
  await db.execute(
    sql`insert into qualifications (org_id, person_id, kind, name, issuer, issued_on, expires_on, created_at)
      values (${q.orgId}, ${q.personId}, ${q.kind}, ${q.name}, ${q.issuer}, ${q.issuedOn}, ${more.expiresOn ?? null},
        coalesce(${more.createdAt ?? null}::timestamptz, now()))`,
  );
}

// ---- training ----

/** Training topics, made without a training team's client; their ids, in the order given. */
export async function plantTopics(
  db: Db,
  topics: { orgId: string; code: string; title: string; shared: boolean }[],
) {
  const values = topics.map((x) => sql`(${x.orgId}, ${x.code}, ${x.title}, ${x.shared})`);
  const made = await checkedRows(
    db,
    idRow,
    sql`insert into training_topics (org_id, code, title, shared) values ${sql.join(values, sql`, `)} returning id`,
  );
  return made.map((m) => m.id);
}

/** One training topic; its id. */
export async function plantTopic(
  db: Db,
  topic: { orgId: string; code: string; title: string; shared: boolean },
) {
  return (await plantTopics(db, [topic]))[0]!;
}

/** A completion of a live session, recorded by a trainer when the test says (by default now); its id. */
export async function plantCompletion(
  db: Db,
  c: { orgId: string; personId: string; personName: string; topicId: string; completedOn: string },
  more: { certificateCode?: string; createdAt?: string } = {},
) {
  return idOf(
    db,
    sql`insert into training_completions (org_id, person_id, person_name, topic_id, completed_on, method,
        recorded_by_name, certificate_code, created_at)
      values (${c.orgId}, ${c.personId}, ${c.personName}, ${c.topicId}, ${c.completedOn}, 'live', 'Trainer',
        ${more.certificateCode ?? null}, coalesce(${more.createdAt ?? null}::timestamptz, now()))
      returning id`,
  );
}

/** Revokes a completion at a given instant, or (with no instant) takes the revocation back. */
export async function setCompletionRevoked(
  db: Db,
  id: string,
  revoked: { at: string; reason: string } | null,
) {
  await db.execute(
    sql`update training_completions set revoked_at = ${revoked?.at ?? null}, revoked_reason = ${revoked?.reason ?? null}
      where id = ${id}`,
  );
}

/** Moves a session in time (to a day already past, or one still to come). */
export async function moveSession(db: Db, id: string, startsAt: string, endsAt: string) {
  await db.execute(
    sql`update training_sessions set starts_at = ${startsAt}, ends_at = ${endsAt} where id = ${id}`,
  );
}

/** Marks a session cancelled now, with no notice to anyone. */
export async function cancelSessionQuietly(db: Db, id: string) {
  await db.execute(sql`update training_sessions set cancelled_at = now() where id = ${id}`);
}

/** A live session on a partner's own topic, which the API would not offer there; its attestation token. */
export async function plantLiveSession(
  db: Db,
  s: {
    orgId: string;
    id: string;
    topicId: string;
    title: string;
    startsAt: string;
    endsAt: string;
    closesAt: string;
  },
) {
  const token = `tok-${s.id}`;
  await db.execute(
    sql`insert into training_sessions (org_id, id, topic_id, kind, title, starts_at, ends_at, video_url,
        duration_minutes, attestation_token, attestation_closes_at, attestation_statement)
      values (${s.orgId}, ${s.id}, ${s.topicId}, 'live', ${s.title}, ${s.startsAt}, ${s.endsAt}, null, null, ${token},
        ${s.closesAt}, 'I attest')`,
  );
  return token;
}

/** A curriculum module over the given topics. */
export async function plantModule(
  db: Db,
  m: { orgId: string; title: string; topicIds: string[]; position: number; shared?: boolean },
) {
  await db.execute(
    sql`insert into training_modules (org_id, title, topic_ids, position, shared)
      values (${m.orgId}, ${m.title}, ${`{${m.topicIds.join(',')}}`}::uuid[], ${m.position}, ${m.shared ?? false})`,
  );
}

/** An attendance report's rows for a session: one row per person given (repeats allowed), an hour each. */
export async function plantAttendance(db: Db, sessionId: string, personIds: string[], joinedAt: string) {
  await db.execute(
    sql`insert into training_attendance (org_id, session_id, row_number, name, minutes, person_id, joined_at)
      select org_id, id, n, 'x', 60, p, ${joinedAt}
      from training_sessions, unnest(${`{${personIds.join(',')}}`}::uuid[]) with ordinality as u(p, n)
      where id = ${sessionId}`,
  );
}

/** An attestation held for review, as one that did not match the attendance report is. */
export async function holdAttestation(db: Db, a: { orgId: string; sessionId: string; personId: string }) {
  await db.execute(
    sql`insert into training_attestations (org_id, session_id, person_id, statement, evidence, status)
      values (${a.orgId}, ${a.sessionId}, ${a.personId}, 'I attended', '{}'::jsonb, 'held')`,
  );
}

/** Moves a person's viewings of a recording `seconds` into the past, as time passing would. */
export async function ageViewings(db: Db, sessionId: string, personId: string, seconds: number) {
  await db.execute(
    sql`update training_viewings set started_at = started_at - make_interval(secs => ${seconds}),
        last_beat_at = last_beat_at - make_interval(secs => ${seconds})
      where session_id = ${sessionId} and person_id = ${personId}`,
  );
}

// ---- compliance ----

/** Rewrites every version of a requirement to ask for one topic only, as an edit made in the past would. */
export async function rewriteRequirementTopics(db: Db, requirementId: string, topicId: string) {
  await db.execute(
    sql`update compliance_requirement_versions
      set definition = jsonb_set(definition, '{topic_ids}', jsonb_build_array(${topicId}::text))
      where requirement_id = ${requirementId}`,
  );
}
