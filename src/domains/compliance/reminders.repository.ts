import { sql } from 'drizzle-orm';
import { type Db, isoTimestamp, rows } from '../../platform/db/client.js';
import { DEFAULT_SETTINGS, type ReminderSettings } from './reminders.js';

export async function settingsOf(db: Db, orgId: string): Promise<ReminderSettings> {
  const [row] = await rows<ReminderSettings>(
    db,
    sql`select remind_days_before as "remindDaysBefore", remind_on_due as "remindOnDue",
        escalate_after_days as "escalateAfterDays", flag_after_days as "flagAfterDays",
        repeat_overdue_days as "repeatOverdueDays"
      from compliance_settings where org_id = ${orgId}`,
  );
  return row ?? DEFAULT_SETTINGS;
}

export async function saveSettings(db: Db, orgId: string, s: ReminderSettings) {
  await db.execute(
    sql`insert into compliance_settings (org_id, remind_days_before, remind_on_due, escalate_after_days, flag_after_days,
        repeat_overdue_days)
      values (${orgId}, ${`{${s.remindDaysBefore.join(',')}}`}::int[], ${s.remindOnDue}, ${s.escalateAfterDays},
        ${s.flagAfterDays}, ${s.repeatOverdueDays})
      on conflict (org_id) do update set remind_days_before = excluded.remind_days_before,
        remind_on_due = excluded.remind_on_due, escalate_after_days = excluded.escalate_after_days,
        flag_after_days = excluded.flag_after_days, repeat_overdue_days = excluded.repeat_overdue_days,
        version = compliance_settings.version + 1, updated_at = now()`,
  );
}

export interface Officer {
  personId: string;
  name: string;
  email: string;
  role: string;
}

/** The organisation's compliance officers and administrators with a role on `today`. */
export function officersAndAdmins(db: Db, orgId: string, today: string) {
  return rows<Officer>(
    db,
    sql`select distinct p.id as "personId", p.given_name || ' ' || p.family_name as name, p.email, r.role::text as role
      from person_roles r join people p on p.id = r.person_id
      where r.org_id = ${orgId} and r.role in ('compliance_officer', 'org_admin')
        and r.starts_on <= ${today}::date and (r.ends_on is null or r.ends_on >= ${today}::date)`,
  );
}

export async function orgName(db: Db, orgId: string) {
  const [org] = await rows<{ name: string }>(db, sql`select name from organisations where id = ${orgId}`);
  return org?.name;
}

/** For each person × requirement, the organisations where the person holds the roles that bring them under it. */
export async function reachedThrough(db: Db, orgId: string, personIds: string[]) {
  if (personIds.length === 0) return new Map<string, string[]>();
  const found = await rows<{ key: string; orgIds: string[] }>(
    db,
    sql`select requirement_id || ':' || person_id as key, org_ids as "orgIds" from compliance_statuses
      where org_id = ${orgId} and person_id = any(${`{${personIds.join(',')}}`}::uuid[])`,
  );
  return new Map(found.map((r) => [r.key, r.orgIds]));
}

export interface FlagInput {
  requirementId: string;
  personId: string;
  dueOn: string;
}

/** Raises the flags not raised before (one per person × requirement × due date); returns how many. */
export async function raiseFlags(tx: Db, orgId: string, flags: FlagInput[], today: string) {
  let raised = 0;
  for (let i = 0; i < flags.length; i += 500) {
    const values = sql.join(
      flags
        .slice(i, i + 500)
        .map((f) => sql`(${orgId}, ${f.requirementId}, ${f.personId}, ${f.dueOn}::date, ${today}::date)`),
      sql`, `,
    );
    const inserted = await rows(
      tx,
      sql`insert into compliance_flags (org_id, requirement_id, person_id, due_on, flagged_on) values ${values}
        on conflict (org_id, requirement_id, person_id, due_on) do nothing returning 1`,
    );
    raised += inserted.length;
  }
  return raised;
}

export interface NoticeInput {
  key: string;
  stage: 'escalation' | 'flag';
  requirementId: string;
  personId: string;
  dueOn: string;
  daysLate: number;
  line: string;
}

/** Keeps each notice for the officers once (by key), to go into a digest. */
export async function addNotices(tx: Db, orgId: string, notices: NoticeInput[], today: string) {
  for (let i = 0; i < notices.length; i += 500) {
    const values = sql.join(
      notices
        .slice(i, i + 500)
        .map(
          (n) =>
            sql`(${orgId}, ${n.key}, ${n.stage}, ${n.requirementId}, ${n.personId}, ${n.dueOn}::date, ${n.daysLate}, ${n.line}, ${today}::date)`,
        ),
      sql`, `,
    );
    await tx.execute(
      sql`insert into compliance_officer_notices (org_id, key, stage, requirement_id, person_id, due_on, days_late, line,
          noticed_on)
        values ${values} on conflict (org_id, key) do nothing`,
    );
  }
}

/**
 * The notices for today's digest, marked as given to it: none if today's digest already went (they wait for
 * tomorrow's), so the officers get one a day.
 */
export async function takeDigest(tx: Db, orgId: string, today: string) {
  const [already] = await rows(
    tx,
    sql`select 1 from compliance_officer_notices where org_id = ${orgId} and digested_on = ${today}::date limit 1`,
  );
  if (already) return [];
  return rows<{ stage: 'escalation' | 'flag'; line: string }>(
    tx,
    sql`with taken as (
      update compliance_officer_notices set digested_on = ${today}::date
      where org_id = ${orgId} and digested_on is null
      returning stage, line, days_late, key)
    select stage, line from taken order by days_late desc, key`,
  );
}

export interface FlagFilter {
  state: 'open' | 'cleared' | 'all';
  requirementId?: string | undefined;
  personId?: string | undefined;
}

export interface FlagView {
  id: string;
  requirementId: string;
  personId: string;
  name: string;
  email: string;
  requirementCode: string;
  requirementTitle: string;
  dueOn: string;
  flaggedOn: string;
  clearedAt: string | null;
  clearedByName: string | null;
  clearReason: string | null;
}

export async function listFlags(
  db: Db,
  orgId: string,
  f: FlagFilter,
  page: { offset: number; limit: number },
) {
  const where = [
    sql`f.org_id = ${orgId}`,
    f.state === 'open' ? sql`f.cleared_at is null` : undefined,
    f.state === 'cleared' ? sql`f.cleared_at is not null` : undefined,
    f.requirementId ? sql`f.requirement_id = ${f.requirementId}` : undefined,
    f.personId ? sql`f.person_id = ${f.personId}` : undefined,
  ].filter((c) => c !== undefined);
  const items = await rows<FlagView & { total: number }>(
    db,
    sql`select f.id, f.requirement_id as "requirementId", f.person_id as "personId",
        p.given_name || ' ' || p.family_name as name, p.email, q.code as "requirementCode",
        q.title as "requirementTitle", f.due_on::text as "dueOn",
        f.flagged_on::text as "flaggedOn", ${isoTimestamp(sql`f.cleared_at`)} as "clearedAt",
        f.cleared_by_name as "clearedByName", f.clear_reason as "clearReason", count(*) over ()::int as total
      from compliance_flags f join people p on p.id = f.person_id
        join compliance_requirements q on q.org_id = f.org_id and q.id = f.requirement_id
      where ${sql.join(where, sql` and `)}
      order by f.flagged_on desc, f.due_on, f.id offset ${page.offset} limit ${page.limit}`,
  );
  return { items: items.map(({ total: _t, ...flag }) => flag), total: items[0]?.total ?? 0 };
}

/** Clears an open flag; undefined when there is no open flag with that id. */
export async function clearFlag(
  tx: Db,
  orgId: string,
  id: string,
  by: { userId: string | null; name: string },
  reason: string,
) {
  const [row] = await rows<{ id: string; requirementId: string; personId: string }>(
    tx,
    sql`update compliance_flags set cleared_at = now(), cleared_by = ${by.userId}, cleared_by_name = ${by.name},
        clear_reason = ${reason}
      where org_id = ${orgId} and id = ${id} and cleared_at is null
      returning id, requirement_id as "requirementId", person_id as "personId"`,
  );
  return row;
}
