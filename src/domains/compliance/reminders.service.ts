import type { AuditActor, AuditTrail } from '../../platform/audit/audit.service.js';
import { type Actor, activeOrgOf } from '../../platform/auth/actor.js';
import type { Database, Db } from '../../platform/db/client.js';
import { withScope } from '../../platform/db/scope.js';
import { notFound } from '../../platform/http/errors.js';
import type { JobHandler, JobQueue } from '../../platform/jobs/queue.js';
import type { Outbox, OutgoingMessage } from '../../platform/mail/outbox.js';
import { type Supervisor, supervisorsOf } from '../people/index.js';
import { compliancePolicy as policy } from './compliance.policy.js';
import type { ComplianceService } from './compliance.service.js';
import {
  digestLine,
  digestText,
  type PlannedMessage,
  planReminders,
  type ReminderSettings,
  reminderText,
} from './reminders.js';
import * as repo from './reminders.repository.js';
import { organisationsWithRequirements } from './requirements.repository.js';
import { addDays, massachusettsDate } from './rules.js';

export const REMIND_JOB = 'compliance.remind';
declare module '../../platform/jobs/queue.js' {
  interface JobKinds {
    /** Sends an organisation's reminders, flags and digests for the day. */
    [REMIND_JOB]: Record<string, never>;
  }
}

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
/** Thrown to roll back a dry run's transaction, carrying what the real run would have done. */
class DryRun<T> extends Error {
  constructor(readonly result: T) {
    super('dry run: rolled back');
  }
}

/**
 * Reminders, escalations, flags and the officers' daily digest for overdue training (decision 029), sent
 * through the outbox and run every morning by the job queue. Every message has a key, so a repeated or
 * catch-up run sends nothing twice; a dry run takes the same path in a transaction it rolls back.
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

  /** Whom the digest goes to: the organisation's compliance officers, else its administrators. */
  async function officersOf(orgId: string, today: string) {
    const found = await repo.officersAndAdmins(db, orgId, today);
    const officers = found.filter((o) => o.role === 'compliance_officer');
    return officers.length ? officers : found;
  }

  /** The supervisors each late person × requirement escalates to: those recorded where the requirement reaches them. */
  async function supervisorsFor(orgId: string, escalations: PlannedMessage[], today: string) {
    const personIds = [...new Set(escalations.map((m) => m.row.personId))];
    const [through, supervisors] = await Promise.all([
      repo.reachedThrough(db, orgId, personIds),
      supervisorsOf(db, personIds, today),
    ]);
    const byPerson = new Map<string, Supervisor[]>();
    for (const s of supervisors) byPerson.set(s.personId, [...(byPerson.get(s.personId) ?? []), s]);
    return (m: PlannedMessage) => {
      const orgIds = through.get(`${m.row.requirementId}:${m.row.personId}`) ?? [orgId];
      const found = (byPerson.get(m.row.personId) ?? []).filter((s) => orgIds.includes(s.orgId));
      return [...new Map(found.map((s) => [s.supervisorId, s])).values()];
    };
  }

  /** Today's run for an organisation; `actor` null for the scheduled one. */
  async function run(options: { actor: AuditActor | null; orgId: string; today: string; dryRun: boolean }) {
    const { orgId, today } = options;
    // Reads first: on the embedded database the transaction below holds the one connection.
    const [settings, statuses, officers, name] = await Promise.all([
      repo.settingsOf(db, orgId),
      compliance.statusesAt({ orgId, asOf: today }),
      officersOf(orgId, today),
      repo.orgName(db, orgId),
    ]);
    const orgName = name ?? 'Your organisation';
    const planned = planReminders(statuses, settings, today);
    const supervisorsOfRow = await supervisorsFor(
      orgId,
      planned.filter((m) => m.stage === 'escalation'),
      today,
    );
    const messages: OutgoingMessage[] = [];
    const notices: repo.NoticeInput[] = [];
    const flags: repo.FlagInput[] = [];
    for (const m of planned) {
      const text = reminderText(m, orgName, baseUrl);
      const common = { ...text, entityType: 'compliance_requirement', entityId: m.row.requirementId };
      const notice = {
        key: m.key,
        requirementId: m.row.requirementId,
        personId: m.row.personId,
        dueOn: m.row.dueOn!,
        daysLate: m.daysLate,
        line: digestLine(m),
      };
      if (m.to === 'person')
        messages.push({
          ...common,
          key: m.key,
          to: m.row.email,
          toName: m.row.name,
          personId: m.row.personId,
        });
      else if (m.stage === 'escalation') {
        const supervisors = supervisorsOfRow(m);
        if (supervisors.length === 0) notices.push({ ...notice, stage: 'escalation' });
        for (const s of supervisors)
          messages.push({
            ...common,
            key: `${m.key}:${s.supervisorId}`,
            to: s.email,
            toName: s.name,
            personId: m.row.personId,
          });
      } else {
        notices.push({ ...notice, stage: 'flag' });
        flags.push({ requirementId: m.row.requirementId, personId: m.row.personId, dueOn: m.row.dueOn! });
      }
    }
    const byStage = Object.fromEntries(
      (['before', 'due', 'overdue', 'escalation', 'flag'] as const).map((s) => [
        s,
        planned.filter((m) => m.stage === s).length,
      ]),
    );
    const write = async (tx: Db) => {
      const flagsRaised = await repo.raiseFlags(tx, orgId, flags, today);
      await repo.addNotices(tx, orgId, notices, today);
      const digest = await repo.takeDigest(tx, orgId, today);
      const all = [...messages];
      if (digest.length > 0)
        for (const o of officers)
          all.push({
            ...digestText(digest, orgName, today, baseUrl),
            key: `compliance:digest:${today}:${o.personId}`,
            to: o.email,
            toName: o.name,
            personId: null,
            entityType: 'compliance_digest',
            entityId: null,
          });
      const written: string[] = [];
      const result = await outbox.queue(tx, orgId, all, options.actor?.userId ?? null, written);
      const sent = new Set(written);
      const summary = { today, byStage, flagsRaised, digestLines: digest.length, ...result };
      await audit.recordChange(
        tx,
        options.actor ?? { userId: null, name: 'scheduled reminders', ip: null, userAgent: null, orgId },
        {
          action: 'remind',
          entityType: 'compliance',
          entityId: orgId,
          details: summary,
        },
      );
      return {
        ...summary,
        // A dry run's writes are rolled back: it queues nothing, and `preview` says what it would.
        queued: options.dryRun ? 0 : result.queued,
        dryRun: options.dryRun,
        messages: all.length,
        preview: all.filter((m) => sent.has(m.key)).map(({ to, subject, body }) => ({ to, subject, body })),
      };
    };
    try {
      return await db.transaction(async (transaction) => {
        const result = await write(transaction as unknown as Db);
        if (options.dryRun) throw new DryRun(result);
        return result;
      });
    } catch (err) {
      if (err instanceof DryRun) return err.result as Awaited<ReturnType<typeof write>>;
      throw err;
    }
  }

  /** Queues tomorrow morning's run for the organisation, unless one is already waiting. */
  const scheduleNext = (orgId: string, day: string) =>
    db.transaction((tx) =>
      jobs.enqueueOnce(tx as unknown as Db, { orgId, kind: REMIND_JOB, payload: {}, runAt: morningOf(day) }),
    );

  const handler: JobHandler = async (job) => {
    const today = massachusettsDate(new Date());
    const { preview: _sent, ...result } = await run({ actor: null, orgId: job.orgId, today, dryRun: false });
    await scheduleNext(job.orgId, addDays(today, 1));
    return { ...result, message: `${result.queued} reminder${result.queued === 1 ? '' : 's'} sent` };
  };
  jobs.register(REMIND_JOB, handler);

  return {
    run,

    async settings({ actor }: { actor: Actor }) {
      policy.authorize(actor, 'compliance.read');
      return repo.settingsOf(db, activeOrgOf(actor));
    },

    async saveSettings({ actor, input: s }: { actor: Actor; input: ReminderSettings }) {
      policy.authorize(actor, 'compliance.manage');
      const orgId = activeOrgOf(actor);
      await withScope(database, { orgIds: [orgId] }, async (tx) => {
        await repo.saveSettings(tx, orgId, s);
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
      const orgs = await organisationsWithRequirements(db);
      const today = massachusettsDate(new Date());
      for (const orgId of orgs) await scheduleNext(orgId, today);
    },

    async runNow({ actor, dryRun }: { actor: Actor; dryRun: boolean }) {
      policy.authorize(actor, 'compliance.manage');
      return run({
        orgId: activeOrgOf(actor),
        today: massachusettsDate(new Date()),
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

    /** The organisation's flags: open, cleared or all, for one requirement or person if asked. */
    async flags({
      actor,
      query: filter,
      page,
    }: {
      actor: Actor;
      query: repo.FlagFilter;
      page: { offset: number; limit: number };
    }) {
      policy.authorize(actor, 'compliance.read');
      const orgId = activeOrgOf(actor);
      const found = await repo.listFlags(db, orgId, filter, page);
      audit.recordRead(actor, { entityType: 'compliance_flags', details: { filter: { ...filter } } });
      return found;
    },

    /** Clears an open flag, saying why; who and when are kept on the flag and in the audit trail. */
    async clearFlag({
      actor,
      id,
      input: { reason },
    }: {
      actor: Actor;
      id: string;
      input: { reason: string };
    }) {
      policy.authorize(actor, 'compliance.flag.clear');
      const orgId = activeOrgOf(actor);
      await withScope(database, { orgIds: [orgId] }, async (tx) => {
        const cleared = await repo.clearFlag(
          tx,
          orgId,
          id,
          { userId: actor.userId, name: actor.name },
          reason,
        );
        if (!cleared) throw notFound('An open flag with this id');
        await audit.recordChange(tx, actor, {
          action: 'clear',
          entityType: 'compliance_flag',
          entityId: id,
          details: { requirementId: cleared.requirementId, personId: cleared.personId, reason },
        });
      });
    },

    /** A reminder sent by hand, now, whatever the schedule would send. */
    async remindOne({
      actor,
      input: { personId, requirementId },
    }: {
      actor: Actor;
      input: { personId: string; requirementId: string };
    }) {
      policy.authorize(actor, 'compliance.manage');
      const orgId = activeOrgOf(actor);
      const today = massachusettsDate(new Date());
      const [row] = await compliance.statusesAt({
        orgId,
        asOf: today,
        filter: { personIds: [personId], requirementIds: [requirementId] },
      });
      if (!row) throw notFound('A requirement that reaches this person');
      const text = reminderText(
        { stage: 'manual', key: '', to: 'person', row, daysLate: 0 },
        (await repo.orgName(db, orgId)) ?? 'Your organisation',
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
