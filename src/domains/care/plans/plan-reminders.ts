// Reminders and escalation for care plan sign-off, through the outbox (issue 20): each morning, for every plan
// out for signatures at an organisation, the step it waits for is looked at. From a week before its due date the
// person who wrote the plan is reminded; once it is overdue, the organisations' administrators are told as well.
// Each message is written once (its key names the plan, the step and the due date). The messages carry no
// health information: they say a plan waits and link to the enrollee's page, where access is checked.
import { SIGN_STEP_LABELS } from '@contract/care/plans.schemas.js';
import type { CareRule } from '@contract/care/rules.schemas.js';
import { addDays } from '@contract/iso-days.js';
import { massachusettsInstant, massachusettsToday } from '@contract/massachusetts-day.js';
import type { AuditTrail } from '../../../platform/audit/audit.service.js';
import type { Database, Db } from '../../../platform/db/client.js';
import type { JobQueue } from '../../../platform/jobs/queue.js';
import type { Outbox, OutgoingMessage } from '../../../platform/mail/outbox.js';
import { dayWords } from '../rules.js';
import { signOffClocks } from './plan-clocks.js';
import * as repo from './plans.repository.js';

export const PLAN_REMIND_JOB = 'care.plans.remind';
declare module '../../../platform/jobs/queue.js' {
  interface JobKinds {
    /** Reminds and escalates the organisation's care plans waiting for a signature; runs each morning. */
    [PLAN_REMIND_JOB]: Record<string, never>;
  }
}

/** How many days before a step's due date its first reminder goes. */
export const REMIND_DAYS_BEFORE = 7;

export function createPlanReminders({
  database,
  audit,
  outbox,
  jobs,
  rules,
  baseUrl,
}: {
  database: Database;
  audit: AuditTrail;
  outbox: Outbox;
  jobs: JobQueue;
  rules: () => Promise<CareRule[]>;
  baseUrl: string;
}) {
  /** Writes today's reminders and escalations for the organisation's plans; returns how many were queued. */
  async function remind(orgId: string, today: string) {
    const all = await rules();
    const db = database.system;
    const messages: OutgoingMessage[] = [];
    for (const { plan, signatures } of await repo.plansInSignOff(db, orgId)) {
      const waiting = signOffClocks(
        {
          program: plan.program,
          sentOn: plan.sentOn,
          clinicalReview: plan.clinicalReview,
          signatures: signatures.map((s) => ({ step: s.step, signedOn: s.signedOn })),
        },
        all,
      ).find((c) => !c.signedOn);
      if (!waiting?.dueOn || today < addDays(waiting.dueOn, -REMIND_DAYS_BEFORE)) continue;
      const overdue = today > waiting.dueOn;
      // A plan tagged under 42 CFR Part 2 escalates within its program only: the holder may not know it exists.
      const orgIds = plan.part2OrgId
        ? [plan.writtenByOrgId]
        : [...new Set([plan.orgId, plan.writtenByOrgId])];
      const link = `${baseUrl.replace(/\/$/, '')}/care/enrollees/${plan.enrolleeId}`;
      const step = SIGN_STEP_LABELS[waiting.step].toLowerCase();
      for (const r of await repo.reminderRecipients(db, plan.writtenBy, orgIds, overdue, today)) {
        const kind = r.admin ? 'escalation' : overdue ? 'overdue' : 'reminder';
        messages.push({
          key: `care-plan:${kind}:${plan.id}:${waiting.step}:${waiting.dueOn}:${r.personId}`,
          to: r.email,
          toName: r.name,
          personId: r.personId,
          subject: overdue
            ? `Care plan overdue: waiting for the ${step} since ${dayWords(waiting.dueOn)}`
            : `Care plan waiting for the ${step}, due ${dayWords(waiting.dueOn)}`,
          body: [
            `Dear ${r.name},`,
            '',
            r.admin
              ? `A care plan written at your organisation has waited for the ${step} past its due date, ${dayWords(waiting.dueOn)}.`
              : `A care plan you wrote is waiting for the ${step}. ${waiting.explanation}.`,
            '',
            `Open the enrollee's record to follow it up (sign in first): ${link}`,
          ].join('\n'),
          entityType: 'care_plan',
          entityId: plan.id,
        });
      }
    }
    return database.system.transaction(async (transaction) => {
      const tx = transaction as unknown as Db;
      const result = await outbox.queue(tx, orgId, messages, null);
      if (result.queued)
        await audit.recordChange(
          tx,
          { userId: null, name: 'scheduled care plan reminders', ip: null, userAgent: null, orgId },
          { action: 'remind', entityType: 'care_plan', entityId: null, details: { today, ...result } },
        );
      return result;
    });
  }

  /** Queues the organisation's next morning run, unless one waits already. */
  const scheduleNext = (orgId: string, day: string) =>
    database.system.transaction((tx) =>
      jobs.enqueueOnce(tx as unknown as Db, {
        orgId,
        kind: PLAN_REMIND_JOB,
        payload: {},
        runAt: massachusettsInstant(day, '07:00'),
      }),
    );

  jobs.register(PLAN_REMIND_JOB, async (job) => {
    const today = massachusettsToday();
    const { queued } = await remind(job.orgId, today);
    if ((await repo.plansInSignOff(database.system, job.orgId)).length)
      await scheduleNext(job.orgId, addDays(today, 1));
    return { queued, message: `${queued} care plan reminder${queued === 1 ? '' : 's'} queued` };
  });

  return { remind, scheduleNext };
}
export type PlanReminders = ReturnType<typeof createPlanReminders>;
