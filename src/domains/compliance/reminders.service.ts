import { sql } from 'drizzle-orm';
import type { AuditActor, AuditTrail } from '../../platform/audit/audit.service.js';
import { type Actor, activeOrgOf } from '../../platform/auth/actor.js';
import { type Database, type Db, rows } from '../../platform/db/client.js';
import { withScope } from '../../platform/db/scope.js';
import { notFound } from '../../platform/http/errors.js';
import type { JobHandler, JobQueue } from '../../platform/jobs/queue.js';
import type { Outbox, OutgoingMessage } from '../../platform/mail/outbox.js';
import { compliancePolicy as policy } from './compliance.policy.js';
import type { ComplianceService } from './compliance.service.js';
import { DEFAULT_SETTINGS, planReminders, type ReminderSettings, reminderText } from './reminders.js';
import { addDays, massachusettsDate } from './rules.js';

export const REMIND_JOB = 'compliance.remind';

/** Six in the morning, Massachusetts time, on `day`. */
const morningOf = (day: string) => {
  const noonUtc = new Date(`${day}T12:00:00Z`);
  const offset = massachusettsDate(new Date(`${day}T04:30:00Z`)) === day ? 4 : 5; // EDT or EST
  return new Date(noonUtc.getTime() - (12 - 6 - offset) * 3_600_000);
};

/**
 * Reminders, escalations and flags for overdue training, sent through the outbox and run every morning by
 * the job queue. Every message has a key, so a repeated or catch-up run sends nothing twice.
 */
export function createReminders(deps: {
  database: Database;
  audit: AuditTrail;
  outbox: Outbox;
  jobs: JobQueue;
  compliance: ComplianceService;
  baseUrl: string;
}) {
  const { database, audit, outbox, jobs, compliance, baseUrl } = deps;
  const db = database.system;

  async function settingsOf(tx: Db, orgId: string): Promise<ReminderSettings> {
    const [row] = await rows<ReminderSettings>(
      tx,
      sql`select remind_days_before as "remindDaysBefore", remind_on_due as "remindOnDue",
          escalate_after_days as "escalateAfterDays", flag_after_days as "flagAfterDays"
        from compliance_settings where org_id = ${orgId}`,
    );
    return row ?? DEFAULT_SETTINGS;
  }

  /** Whom escalations go to: the organisation's compliance officers, else its administrators. */
  async function officersOf(orgId: string, today: string) {
    const found = await rows<{ personId: string; name: string; email: string; role: string }>(
      db,
      sql`select distinct p.id as "personId", p.given_name || ' ' || p.family_name as name, p.email, r.role::text as role
        from person_roles r join people p on p.id = r.person_id
        where r.org_id = ${orgId} and r.role in ('compliance_officer', 'org_admin')
          and r.starts_on <= ${today}::date and (r.ends_on is null or r.ends_on >= ${today}::date)`,
    );
    const officers = found.filter((o) => o.role === 'compliance_officer');
    return officers.length ? officers : found;
  }

  async function run(orgId: string, today: string, options: { dryRun: boolean; actor: AuditActor | null }) {
    const [settings, statuses, officers, [org]] = await Promise.all([
      settingsOf(db, orgId),
      compliance.statusesAt(orgId, today),
      officersOf(orgId, today),
      rows<{ name: string }>(db, sql`select name from organisations where id = ${orgId}`),
    ]);
    const planned = planReminders(statuses, settings, today);
    const messages: OutgoingMessage[] = planned.flatMap((m) => {
      const text = reminderText(m, org?.name ?? 'Your organisation', baseUrl);
      const common = { ...text, entityType: 'compliance_requirement', entityId: m.row.requirementId };
      return m.to === 'person'
        ? [{ ...common, key: m.key, to: m.row.email, toName: m.row.name, personId: m.row.personId }]
        : officers.map((o) => ({
            ...common,
            key: `${m.key}:${o.personId}`,
            to: o.email,
            toName: o.name,
            personId: m.row.personId,
          }));
    });
    const byStage = Object.fromEntries(
      (['before', 'due', 'escalation', 'flag'] as const).map((s) => [
        s,
        planned.filter((m) => m.stage === s).length,
      ]),
    );
    if (options.dryRun)
      return {
        today,
        dryRun: true,
        byStage,
        messages: messages.length,
        queued: 0,
        alreadySent: 0,
        preview: messages.slice(0, 20),
      };
    const sent = await db.transaction(async (transaction) => {
      const tx = transaction as unknown as Db;
      const result = await outbox.queue(tx, orgId, messages, options.actor?.userId ?? null);
      await audit.recordChange(
        tx,
        options.actor ?? { userId: null, name: 'scheduled reminders', ip: null, userAgent: null, orgId },
        {
          action: 'remind',
          entityType: 'compliance',
          entityId: orgId,
          details: { today, byStage, ...result },
        },
      );
      return result;
    });
    return { today, dryRun: false, byStage, messages: messages.length, ...sent, preview: [] };
  }

  /** Queues tomorrow morning's run for the organisation, unless one is already waiting. */
  async function scheduleNext(orgId: string, day: string) {
    const [waiting] = await rows(
      db,
      sql`select 1 from jobs where org_id = ${orgId} and kind = ${REMIND_JOB} and status = 'queued' limit 1`,
    );
    if (!waiting) await jobs.enqueue(db, { orgId, kind: REMIND_JOB, payload: {}, runAt: morningOf(day) });
  }

  const handler: JobHandler = async (job) => {
    const today = massachusettsDate(new Date());
    const result = await run(job.orgId, today, { dryRun: false, actor: null });
    await scheduleNext(job.orgId, addDays(today, 1));
    return { ...result, message: `${result.queued} reminder${result.queued === 1 ? '' : 's'} sent` };
  };
  jobs.register(REMIND_JOB, handler);

  return {
    run,

    async settings(actor: Actor) {
      policy.authorize(actor, 'compliance.read');
      return settingsOf(db, activeOrgOf(actor));
    },

    async saveSettings(actor: Actor, s: ReminderSettings) {
      policy.authorize(actor, 'compliance.manage');
      const orgId = activeOrgOf(actor);
      await withScope(database, { orgIds: [orgId] }, async (tx) => {
        await tx.execute(
          sql`insert into compliance_settings (org_id, remind_days_before, remind_on_due, escalate_after_days, flag_after_days)
            values (${orgId}, ${`{${s.remindDaysBefore.join(',')}}`}::int[], ${s.remindOnDue}, ${s.escalateAfterDays}, ${s.flagAfterDays})
            on conflict (org_id) do update set remind_days_before = excluded.remind_days_before,
              remind_on_due = excluded.remind_on_due, escalate_after_days = excluded.escalate_after_days,
              flag_after_days = excluded.flag_after_days, version = compliance_settings.version + 1, updated_at = now()`,
        );
        await audit.recordChange(tx, actor, {
          action: 'update',
          entityType: 'compliance_settings',
          entityId: orgId,
          details: { ...s },
        });
      });
    },

    /** Every organisation with requirements gets a morning run (at start-up; each run queues the next). */
    async ensureScheduled() {
      const orgs = await rows<{ orgId: string }>(
        db,
        sql`select distinct org_id as "orgId" from compliance_requirements where active`,
      );
      const today = massachusettsDate(new Date());
      for (const { orgId } of orgs) await scheduleNext(orgId, today);
    },

    async runNow(actor: Actor, dryRun: boolean) {
      policy.authorize(actor, 'compliance.manage');
      return run(activeOrgOf(actor), massachusettsDate(new Date()), {
        dryRun,
        actor: {
          userId: actor.userId,
          name: actor.name,
          ip: actor.ip,
          userAgent: actor.userAgent,
          orgId: actor.orgId,
        },
      });
    },

    /** A reminder sent by hand, now, whatever the schedule would send. */
    async remindOne(actor: Actor, personId: string, requirementId: string) {
      policy.authorize(actor, 'compliance.manage');
      const orgId = activeOrgOf(actor);
      const today = massachusettsDate(new Date());
      const [row] = await compliance.statusesAt(orgId, today, {
        personIds: [personId],
        requirementIds: [requirementId],
      });
      if (!row) throw notFound('A requirement that reaches this person');
      const [org] = await rows<{ name: string }>(db, sql`select name from organisations where id = ${orgId}`);
      const text = reminderText(
        { stage: 'manual', key: '', to: 'person', row, daysLate: 0 },
        org!.name,
        baseUrl,
      );
      return withScope(database, { orgIds: [orgId] }, async (tx) => {
        const result = await outbox.queue(
          tx,
          orgId,
          [
            {
              key: `compliance:manual:${requirementId}:${personId}:${Date.now()}`,
              to: row.email,
              toName: row.name,
              personId,
              ...text,
              entityType: 'compliance_requirement',
              entityId: requirementId,
            },
          ],
          actor.userId,
        );
        await audit.recordChange(tx, actor, {
          action: 'remind',
          entityType: 'compliance_status',
          entityId: personId,
          details: { requirementId, status: row.status },
        });
        return { queued: result.queued, to: row.email };
      });
    },
  };
}

export type Reminders = ReturnType<typeof createReminders>;
