// The reminders workflow's rows (decision 029): the organisation's settings, flags, the officers' notices and
// digest, and whom the digest and escalations go to.

import { flagView } from '@contract/compliance/reminders.schemas.js';
import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { arrayParam, checkedRow, checkedRows, type Db, isoTimestamp } from '../../platform/db/client.js';
import { organisationsView } from '../organisations/index.js';
import { peopleView, personRolesView } from '../people/index.js';
import { flags, officerNotices, settings, statuses } from './compliance.tables.js';
import { DEFAULT_SETTINGS, type ReminderSettings } from './reminders.js';

export async function settingsOf(db: Db, orgId: string): Promise<ReminderSettings> {
  const t = settings;
  const [row] = await db
    .select({
      remindDaysBefore: t.remindDaysBefore,
      remindOnDue: t.remindOnDue,
      escalateAfterDays: t.escalateAfterDays,
      flagAfterDays: t.flagAfterDays,
      repeatOverdueDays: t.repeatOverdueDays,
    })
    .from(t)
    .where(eq(t.orgId, orgId));
  return row ?? DEFAULT_SETTINGS;
}

export async function saveSettings(db: Db, orgId: string, s: ReminderSettings) {
  const values = {
    remindDaysBefore: s.remindDaysBefore,
    remindOnDue: s.remindOnDue,
    escalateAfterDays: s.escalateAfterDays,
    flagAfterDays: s.flagAfterDays,
    repeatOverdueDays: s.repeatOverdueDays,
  };
  await db
    .insert(settings)
    .values({ orgId, ...values })
    .onConflictDoUpdate({
      target: settings.orgId,
      set: { ...values, version: sql`${settings.version} + 1`, updatedAt: sql`now()` },
    });
}

const officer = z.object({ personId: z.string(), name: z.string(), email: z.string(), role: z.string() });
export type Officer = z.infer<typeof officer>;

/** The organisation's compliance officers and administrators with a role on `today`. */
export function officersAndAdmins(db: Db, orgId: string, today: string) {
  return checkedRows(
    db,
    officer,
    sql`select distinct p.id as "personId", p.given_name || ' ' || p.family_name as name, p.email, r.role::text as role
      from ${personRolesView} r join ${peopleView} p on p.id = r.person_id
      where r.org_id = ${orgId} and r.role in ('compliance_officer', 'org_admin')
        and r.starts_on <= ${today}::date and (r.ends_on is null or r.ends_on >= ${today}::date)`,
  );
}

const orgNameRow = z.object({ name: z.string() });
export async function orgName(db: Db, orgId: string) {
  const org = await checkedRow(
    db,
    orgNameRow,
    sql`select name from ${organisationsView} o where id = ${orgId}`,
  );
  return org?.name;
}

/** For each person × requirement, the organisations where the person holds the roles that bring them under it. */
export async function reachedThrough(db: Db, orgId: string, personIds: string[]) {
  if (personIds.length === 0) return new Map<string, string[]>();
  const found = await db
    .select({ requirementId: statuses.requirementId, personId: statuses.personId, orgIds: statuses.orgIds })
    .from(statuses)
    .where(and(eq(statuses.orgId, orgId), sql`${statuses.personId} = any(${arrayParam(personIds, 'uuid')})`));
  return new Map(found.map((r) => [`${r.requirementId}:${r.personId}`, r.orgIds]));
}

export interface FlagInput {
  requirementId: string;
  personId: string;
  dueOn: string;
}

/** Raises the flags not raised before (one per person × requirement × due date); returns how many. */
export async function raiseFlags(tx: Db, orgId: string, list: FlagInput[], today: string) {
  let raised = 0;
  for (let i = 0; i < list.length; i += 500) {
    const inserted = await tx
      .insert(flags)
      .values(list.slice(i, i + 500).map((f) => ({ orgId, ...f, flaggedOn: today })))
      .onConflictDoNothing({ target: [flags.orgId, flags.requirementId, flags.personId, flags.dueOn] })
      .returning({ id: flags.id });
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
    await tx
      .insert(officerNotices)
      .values(notices.slice(i, i + 500).map((n) => ({ orgId, ...n, noticedOn: today })))
      .onConflictDoNothing({ target: [officerNotices.orgId, officerNotices.key] });
  }
}

const takeDigestRow = z.object({ stage: z.enum(['escalation', 'flag']), line: z.string() });
/**
 * The notices for today's digest, marked as given to it: none if today's digest already went (they wait for
 * tomorrow's), so the officers get one a day; those longest late first.
 */
export async function takeDigest(tx: Db, orgId: string, today: string) {
  const n = officerNotices;
  const [already] = await tx
    .select({ key: n.key })
    .from(n)
    .where(and(eq(n.orgId, orgId), eq(n.digestedOn, today)))
    .limit(1);
  if (already) return [];
  // Ordered as the database orders text, as every list the officers see is.
  return checkedRows(
    tx,
    takeDigestRow,
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
  ].filter((c): c is SQL => c !== undefined);
  const items = await checkedRows(
    db,
    flagView.extend({ total: z.number() }),
    sql`select f.id, f.requirement_id as "requirementId", f.person_id as "personId",
        p.given_name || ' ' || p.family_name as name, p.email, q.code as "requirementCode",
        q.title as "requirementTitle", f.due_on::text as "dueOn",
        f.flagged_on::text as "flaggedOn", ${isoTimestamp(sql`f.cleared_at`)} as "clearedAt",
        f.cleared_by_name as "clearedByName", f.clear_reason as "clearReason", count(*) over ()::int as total
      from compliance_flags f join ${peopleView} p on p.id = f.person_id
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
  const [row] = await tx
    .update(flags)
    .set({ clearedAt: sql`now()`, clearedBy: by.userId, clearedByName: by.name, clearReason: reason })
    .where(and(eq(flags.orgId, orgId), eq(flags.id, id), isNull(flags.clearedAt)))
    .returning({ id: flags.id, requirementId: flags.requirementId, personId: flags.personId });
  return row;
}
