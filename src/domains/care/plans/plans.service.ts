import { COVERAGE_PROGRAMS } from '@contract/care/care.labels.js';
import { type PlanContent, type PlanCreate, planContent } from '@contract/care/plans.schemas.js';
import type { RuleProgram } from '@contract/care/rules.schemas.js';
import { addDays } from '@contract/iso-days.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import type { AuditTrail } from '../../../platform/audit/audit.service.js';
import { type Actor, activeOrgOf, scopeOf } from '../../../platform/auth/actor.js';
import type { Database } from '../../../platform/db/client.js';
import { withScope } from '../../../platform/db/scope.js';
import type { FileStore } from '../../../platform/files/file-store.js';
import { AppError, notFound, validationFailed } from '../../../platform/http/errors.js';
import { staleOrMissing } from '../../../platform/http/versioning.js';
import type { JobQueue } from '../../../platform/jobs/queue.js';
import type { Outbox } from '../../../platform/mail/outbox.js';
import { CareErrors } from '../care.errors.js';
import { carePolicy as policy } from '../care.policy.js';
import { part2Marked, recordEnrolleeRead } from '../care-audit.js';
import * as workRepo from '../care-work.repository.js';
import { createPlanContext, isCommunityPartner } from './plan-context.js';
import { planLinkMethods } from './plan-links.js';
import { createPlanReminders } from './plan-reminders.js';
import { planSigningMethods } from './plan-signing.js';
import { mustBe } from './plan-states.js';
import * as repo from './plans.repository.js';

export function createCarePlans({
  database,
  audit,
  files,
  outbox,
  jobs,
  baseUrl,
}: {
  database: Database;
  audit: AuditTrail;
  files: FileStore;
  outbox: Outbox;
  jobs: JobQueue;
  baseUrl: string;
}) {
  const context = createPlanContext({ database, audit, files, baseUrl });
  const { rules, visibleEnrollee, onRecord, planHolder, mayWrite, loaded, first, present } = context;
  const reminders = createPlanReminders({ database, audit, outbox, jobs, rules, baseUrl });

  /** The program whose rules a plan follows: a Community Partner's plan, the CP program's; else the coverage. */
  function programOf(
    actor: Actor,
    enrollments: readonly { program: RuleProgram; effectiveOn: string; endsOn: string | null }[],
  ) {
    if (isCommunityPartner(actor)) return 'cp' as const;
    const today = massachusettsToday();
    const coverage = enrollments
      .filter((e) => (COVERAGE_PROGRAMS as readonly string[]).includes(e.program) && e.effectiveOn <= today)
      .sort((a, b) => (a.effectiveOn < b.effectiveOn ? 1 : -1));
    const current = coverage.find((e) => e.endsOn === null || e.endsOn >= today) ?? coverage[0];
    return current?.program ?? null;
  }

  return {
    rules,
    reminders,

    async list({ actor, enrolleeId }: { actor: Actor; enrolleeId: string }) {
      if (!policy.can(actor, 'enrollee.read')) throw notFound('The enrollee');
      const orgId = activeOrgOf(actor);
      const { load, holder } = await withScope(database, scopeOf(actor), async (db) => {
        const enrollee = await visibleEnrollee(db, orgId, enrolleeId);
        const plans = await repo.plansOf(db, enrollee.orgId, enrolleeId);
        return { load: await loaded(db, plans), holder: enrollee.orgId };
      });
      const items = await present(load);
      recordEnrolleeRead(audit, actor, holder, {
        entityType: 'care_enrollee',
        entityId: enrolleeId,
        action: 'read_care_plans',
        details: { phi: true },
      });
      return items;
    },

    async get({ actor, id }: { actor: Actor; id: string }) {
      if (!policy.can(actor, 'enrollee.read')) throw notFound('The care plan');
      const orgId = activeOrgOf(actor);
      const load = await withScope(database, scopeOf(actor), async (db) => {
        const p = await repo.findPlan(db, id);
        if (!p) throw notFound('The care plan');
        await visibleEnrollee(db, orgId, p.enrolleeId);
        return loaded(db, [p]);
      });
      const plan = await first(Promise.resolve(load));
      recordEnrolleeRead(audit, actor, load.plans[0]!.orgId, {
        entityType: 'care_plan',
        entityId: id,
        action: 'read',
        details: part2Marked({ phi: true, enrolleeId: plan.enrolleeId }, plan),
      });
      return plan;
    },

    async create({ actor, enrolleeId, input }: { actor: Actor; enrolleeId: string; input: PlanCreate }) {
      policy.authorize(actor, 'plan.write');
      const { load } = await onRecord(
        actor,
        async (db, orgId) => (await visibleEnrollee(db, orgId, enrolleeId)).orgId,
        async (tx, holder, orgId, _name, record) => {
          await mayWrite(tx, actor, holder, orgId, enrolleeId);
          const assessment = (await workRepo.assessmentsOf(tx, holder, enrolleeId)).find(
            (a) => a.id === input.assessmentId,
          );
          if (!assessment)
            throw validationFailed([
              { path: 'body.assessmentId', message: 'Choose one of this enrollee’s assessments' },
            ]);
          if (assessment.kind === 'hrsn_screening')
            throw validationFailed([
              {
                path: 'body.assessmentId',
                message:
                  'A social-needs screening is not a comprehensive assessment: choose the assessment the plan follows',
              },
            ]);
          // The plan's and a Community Partner's plans are kept apart: each kind has its own versions.
          const kind = isCommunityPartner(actor) ? 'pctp' : 'icp';
          const plans = (await repo.plansOf(tx, holder, enrolleeId)).filter((p) => p.kind === kind);
          if (plans.some((p) => p.status !== 'signed')) throw new AppError(CareErrors.PLAN_OPEN_ALREADY);
          const latestSigned = plans.find((p) => p.status === 'signed');
          let previousId = input.previousId;
          if (previousId !== null) {
            const previous = plans.find((p) => p.id === previousId);
            if (previous?.status !== 'signed')
              throw validationFailed([
                { path: 'body.previousId', message: 'Choose one of this enrollee’s signed care plans' },
              ]);
          } else previousId = latestSigned?.id ?? null;
          if (input.addendum && !previousId)
            throw validationFailed([
              {
                path: 'body.addendum',
                message: 'An addendum is added to a signed plan, and this enrollee has none',
              },
            ]);
          const facts = await workRepo.enrolleeFacts(tx, enrolleeId);
          const program = programOf(actor, facts?.enrollments ?? []);
          if (!program)
            throw validationFailed([
              {
                path: 'params.id',
                message:
                  'The enrollee has no One Care, ACO or MCO enrollment whose rules the plan’s clocks would follow',
              },
            ]);
          const row = await repo.insertPlan(tx, {
            orgId: holder,
            enrolleeId,
            kind,
            program,
            number: await repo.nextNumber(tx, holder, enrolleeId),
            previousId,
            addendum: input.addendum,
            majorChange: input.majorChange,
            assessmentId: input.assessmentId,
            content: input.content,
            writtenByOrgId: orgId,
            writtenBy: actor.personId,
            // A new version or addendum of a tagged plan stays tagged (decision 060).
            part2OrgId: input.part2 ? orgId : (plans.find((p) => p.id === previousId)?.part2OrgId ?? null),
          });
          await record({
            action: 'create',
            entityType: 'care_plan',
            entityId: row.id,
            details: { enrolleeId, number: row.number, addendum: row.addendum, previousId },
          });
          return { load: await loaded(tx, [row]) };
        },
      );
      return first(Promise.resolve(load));
    },

    /** Changes a draft's content (If-Match: its version); a plan out for signatures or signed is not changed. */
    async update({
      actor,
      id,
      version,
      content,
    }: {
      actor: Actor;
      id: string;
      version: number;
      content: PlanContent;
    }) {
      policy.authorize(actor, 'plan.write');
      return first(
        onRecord(
          actor,
          (db, orgId) => planHolder(db, orgId, id),
          async (tx, holder, orgId, _name, record) => {
            const plan = (await repo.lockPlan(tx, id))!;
            await mayWrite(tx, actor, holder, orgId, plan.enrolleeId, plan);
            mustBe(plan, 'draft');
            const row = await repo.updatePlan(tx, holder, id, version, {
              content: planContent.parse(content),
            });
            if (!row) staleOrMissing(true, 'The care plan');
            await record({
              action: 'update',
              entityType: 'care_plan',
              entityId: id,
              details: { enrolleeId: plan.enrolleeId },
            });
            return loaded(tx, [row]);
          },
        ),
      );
    },

    /** Removes a draft nobody has been asked to sign. */
    /** `version` is read once the plan is known to be the actor's to see (If-Match). */
    async discard({ actor, id, version }: { actor: Actor; id: string; version: () => number }) {
      policy.authorize(actor, 'plan.write');
      await onRecord(
        actor,
        (db, orgId) => planHolder(db, orgId, id),
        async (tx, holder, orgId, _name, record) => {
          const plan = (await repo.lockPlan(tx, id))!;
          await mayWrite(tx, actor, holder, orgId, plan.enrolleeId, plan);
          mustBe(plan, 'draft');
          if (plan.version !== version()) staleOrMissing(true, 'The care plan');
          // Links made while it was out for signatures were revoked when it came back; they go with it.
          await repo.deleteLinks(tx, holder, id);
          await repo.deletePlan(tx, holder, id);
          await record({
            action: 'delete',
            entityType: 'care_plan',
            entityId: id,
            details: { enrolleeId: plan.enrolleeId, number: plan.number },
          });
        },
      );
    },

    /** Sends a draft for signatures: its content is fixed from now, and the enrollee's clock starts today. */
    async send({
      actor,
      id,
      version,
      clinicalReview,
    }: {
      actor: Actor;
      id: string;
      version: number;
      clinicalReview: boolean;
    }) {
      policy.authorize(actor, 'plan.write');
      const sent = await first(
        onRecord(
          actor,
          (db, orgId) => planHolder(db, orgId, id),
          async (tx, holder, orgId, _name, record) => {
            const plan = (await repo.lockPlan(tx, id))!;
            await mayWrite(tx, actor, holder, orgId, plan.enrolleeId, plan);
            mustBe(plan, 'draft');
            const row = await repo.updatePlan(tx, holder, id, version, {
              status: 'in_sign_off',
              sentOn: massachusettsToday(),
              clinicalReview,
            });
            if (!row) staleOrMissing(true, 'The care plan');
            await record({
              action: 'send',
              entityType: 'care_plan',
              entityId: id,
              details: { enrolleeId: plan.enrolleeId, clinicalReview },
            });
            return loaded(tx, [row]);
          },
        ),
      );
      // Reminders run each morning while the organisation has plans out for signatures.
      const holder = (await repo.findPlan(database.system, id))!.orgId;
      await reminders.scheduleNext(holder, addDays(massachusettsToday(), 1));
      return sent;
    },

    /** Takes a plan back to draft to change it: only while nobody has signed it. */
    async withdraw({ actor, id, version }: { actor: Actor; id: string; version: number }) {
      policy.authorize(actor, 'plan.write');
      return first(
        onRecord(
          actor,
          (db, orgId) => planHolder(db, orgId, id),
          async (tx, holder, orgId, _name, record) => {
            const plan = (await repo.lockPlan(tx, id))!;
            await mayWrite(tx, actor, holder, orgId, plan.enrolleeId, plan);
            mustBe(plan, 'in_sign_off');
            if ((await repo.signaturesOf(tx, holder, [id])).length)
              throw new AppError(CareErrors.PLAN_SIGNED_ALREADY);
            await repo.revokeLinks(tx, holder, id);
            const row = await repo.updatePlan(tx, holder, id, version, {
              status: 'draft',
              sentOn: null,
              clinicalReview: null,
            });
            if (!row) staleOrMissing(true, 'The care plan');
            await record({
              action: 'withdraw',
              entityType: 'care_plan',
              entityId: id,
              details: { enrolleeId: plan.enrolleeId },
            });
            return loaded(tx, [row]);
          },
        ),
      );
    },

    /** The signed plan's PDF, exactly as stored when it was locked (audited as a PHI read). */
    async signedPdf({ actor, id }: { actor: Actor; id: string }) {
      if (!policy.can(actor, 'enrollee.read')) throw notFound('The care plan');
      const orgId = activeOrgOf(actor);
      const plan = await withScope(database, scopeOf(actor), async (db) => {
        const p = await repo.findPlan(db, id);
        if (!p) throw notFound('The care plan');
        await visibleEnrollee(db, orgId, p.enrolleeId);
        return p;
      });
      if (!plan.pdfFileId) throw new AppError(CareErrors.PLAN_NOT_SIGNED);
      recordEnrolleeRead(audit, actor, plan.orgId, {
        entityType: 'care_plan',
        entityId: id,
        action: 'download_signed_pdf',
        details: part2Marked({ phi: true, enrolleeId: plan.enrolleeId, pdfSha256: plan.pdfSha256 }, plan),
      });
      return { plan, stream: files.open(plan.orgId, plan.pdfFileId) };
    },

    ...planSigningMethods(context),
    ...planLinkMethods(context),
  };
}

export type CarePlans = ReturnType<typeof createCarePlans>;
