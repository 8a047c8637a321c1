// Care plans (issue 20): written after an assessment, sent for signatures, signed step by step (the enrollee,
// then the PCP or PCP designee, then the care team's clinical review where asked), and locked with a PDF of
// exactly what was signed. A PCP who is not a Concord user approves through a single-use, expiring link.
// Decision 058.
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { COVERAGE_PROGRAMS } from '@contract/care/care.labels.js';
import {
  type PlanContent,
  type PlanCreate,
  type PlanView,
  planContent,
  SIGN_STEP_LABELS,
  SIGNER_ROLES,
  type SignatureInput,
} from '@contract/care/plans.schemas.js';
import type { CareRule, RuleProgram } from '@contract/care/rules.schemas.js';
import { foldText } from '@contract/fold.js';
import { addDays } from '@contract/iso-days.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import type { AuditActor, AuditInput, AuditTrail } from '../../../platform/audit/audit.service.js';
import {
  type Actor,
  activeMembershipOf,
  activeOrgOf,
  hasRole,
  scopeOf,
} from '../../../platform/auth/actor.js';
import type { Database, Db } from '../../../platform/db/client.js';
import { withScope } from '../../../platform/db/scope.js';
import type { FileStore, Upload } from '../../../platform/files/file-store.js';
import { AppError, forbidden, notFound, validationFailed } from '../../../platform/http/errors.js';
import { createRateLimiter } from '../../../platform/http/rate-limit.js';
import { staleOrMissing } from '../../../platform/http/versioning.js';
import type { JobQueue } from '../../../platform/jobs/queue.js';
import type { Outbox } from '../../../platform/mail/outbox.js';
import { CareErrors } from '../care.errors.js';
import { carePolicy as policy } from '../care.policy.js';
import * as careRepo from '../care.repository.js';
import { recordEnrolleeRead, recordOutsideChange } from '../care-audit.js';
import { namesOf } from '../care-team.repository.js';
import * as workRepo from '../care-work.repository.js';
import { dayWords } from '../rules.js';
import { renderSignedPlan } from './plan.pdf.js';
import { reviewClock, signOffClocks, stepsOf } from './plan-clocks.js';
import { createPlanReminders } from './plan-reminders.js';
import * as repo from './plans.repository.js';

/** Records a change in the actor's audit chain, and (after commit) in the holder's when it is another. */
type RecordChange = (input: AuditInput) => Promise<void>;
export const PLAN_PAGE_PURPOSE = 'care_plan_page';
export const SIGNED_PLAN_PURPOSE = 'care_plan_signed';
const PAGE_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  tif: 'image/tiff',
  tiff: 'image/tiff',
};

/** A Community Partner (behavioral health or LTSS) writes a person-centered treatment plan. */
const isCommunityPartner = (actor: Actor) => activeMembershipOf(actor)?.orgKind?.startsWith('cp_') ?? false;

/** Titles and credentials around a clinician's name ("Dr.", ", MD"), left out when names are compared. */
const TITLES = new Set([
  'dr',
  'doctor',
  'md',
  'do',
  'np',
  'aprn',
  'pa',
  'rn',
  'mr',
  'mrs',
  'ms',
  'mx',
  'phd',
]);
/** A name as typed, for comparing: its words without case, accents, punctuation, order or titles. */
const foldName = (name: string) =>
  foldText(name)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w && !TITLES.has(w))
    .sort()
    .join(' ');

/** A signed page belongs to the plan it was uploaded to: its purpose names the plan. */
const pagePurpose = (planId: string) => `${PLAN_PAGE_PURPOSE}:${planId}`;
const MAX_PAGE_BYTES = 20 * 1024 * 1024;
/** What each kind of page begins with: a file that does not is refused, whatever its name says. */
const MAGIC: Record<string, readonly Buffer[]> = {
  'application/pdf': [Buffer.from('%PDF-')],
  'image/png': [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
  'image/jpeg': [Buffer.from([0xff, 0xd8, 0xff])],
  'image/tiff': [Buffer.from('II*\0', 'latin1'), Buffer.from('MM\0*', 'latin1')],
};

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

/** A locked or out-for-signatures plan refused by its trigger, or a second open plan. */
function rethrowPlan(err: unknown): never {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const c = e.cause ?? e;
  if (c.constraint === 'care_plans_locked_row') throw new AppError(CareErrors.PLAN_LOCKED);
  if (c.constraint === 'care_plans_one_open_key') throw new AppError(CareErrors.PLAN_OPEN_ALREADY);
  if (c.constraint === 'care_plan_signatures_step_key') throw new AppError(CareErrors.PLAN_STEP_SIGNED);
  throw err;
}

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
  let rulesLoaded: Promise<CareRule[]> | null = null;
  const rules = () => {
    rulesLoaded ??= workRepo.allRules(database.system).catch((err) => {
      rulesLoaded = null;
      throw err;
    });
    return rulesLoaded;
  };
  const reminders = createPlanReminders({ database, audit, outbox, jobs, rules, baseUrl });
  const linkLimiter = createRateLimiter({ limit: 30, windowMs: 10 * 60_000 });

  /** The enrollee as the actor's organisation sees it: its record and the organisation holding it. */
  async function visibleEnrollee(db: Db, orgId: string, enrolleeId: string) {
    const enrollee = await careRepo.findEnrollee(db, orgId, enrolleeId, massachusettsToday());
    if (!enrollee) throw notFound('The enrollee');
    return enrollee;
  }

  /**
   * Runs `work` for an actor on the enrollee's record: first found visible to the actor's organisation, then in a
   * transaction whose scope also takes in the holder (a Community Partner on the team writes the plan's rows,
   * held by the plan, and its files), as an assessment is recorded (decision 052).
   */
  async function onRecord<T>(
    actor: Actor,
    find: (db: Db, orgId: string) => Promise<string>,
    work: (tx: Db, holder: string, orgId: string, holderName: string, record: RecordChange) => Promise<T>,
  ) {
    const orgId = activeOrgOf(actor);
    const scope = scopeOf(actor);
    const holder = await withScope(database, scope, (db) => find(db, orgId));
    const holderName = (await namesOf(database.system, [], [holder])).org.get(holder) ?? '';
    const changes: AuditInput[] = [];
    let result: T;
    try {
      result = await withScope(
        database,
        { ...scope, orgIds: [...new Set([...scope.orgIds, holder])] },
        async (tx) => {
          // Seen again inside the widened transaction: only what the actor's own organisation sees counts.
          await find(tx, orgId);
          return work(tx, holder, orgId, holderName, async (input) => {
            await audit.recordChange(tx, actor, input);
            changes.push(input);
          });
        },
      );
    } catch (err) {
      rethrowPlan(err);
    }
    // The holder's copy of each change another organisation made on its enrollee's plan (decision 050).
    for (const input of changes) await recordOutsideChange(audit, actor, holder, input);
    return result;
  }

  const planHolder = async (db: Db, orgId: string, planId: string) => {
    const plan = await repo.findPlan(db, planId);
    if (!plan) throw notFound('The care plan');
    await visibleEnrollee(db, orgId, plan.enrolleeId);
    return plan.orgId;
  };

  /**
   * Whether the actor writes plans for this enrollee: at the holder, or as a care manager on the team. A plan
   * already written is changed only by the organisation that wrote it (the plan's, or a Community Partner's).
   */
  async function mayWrite(
    tx: Db,
    actor: Actor,
    holder: string,
    orgId: string,
    enrolleeId: string,
    plan?: repo.PlanRow,
  ) {
    policy.authorize(actor, 'plan.write');
    if (plan && plan.writtenByOrgId !== orgId)
      throw forbidden(
        'Only the organisation that wrote this care plan changes it or sends it for signatures.',
      );
    if (holder === orgId) return;
    if (!(await workRepo.managesCareOf(tx, holder, enrolleeId, actor.personId, orgId, massachusettsToday())))
      throw forbidden(
        'Only the plan’s care managers, or a care coordinator or clinical care manager on the enrollee’s care team, write a care plan.',
      );
  }

  /** Whether the actor records signatures on the enrollee's plan: at the holder, or on the enrollee's care team. */
  async function mayRecord(tx: Db, actor: Actor, holder: string, orgId: string, enrolleeId: string) {
    policy.authorize(actor, 'plan.sign');
    if (holder === orgId) return;
    if (!(await repo.onTeam(tx, holder, enrolleeId, actor.personId, orgId, massachusettsToday())))
      throw forbidden(
        'Only the plan’s staff, or a member of the enrollee’s care team, records a signature on the care plan.',
      );
  }

  /** What plans' views are made of, read in the caller's transaction. */
  async function loaded(db: Db, plans: readonly repo.PlanRow[]) {
    if (!plans.length) return { plans, signatures: [], majorChanges: [] };
    const signatures = await repo.signaturesOf(
      db,
      plans[0]!.orgId,
      plans.map((p) => p.id),
    );
    // The review clock runs from the enrollee's signature on the latest signed plan that is not an addendum.
    const latestSigned = plans.find((p) => p.status === 'signed' && !p.addendum);
    const majorChanges = latestSigned
      ? (await workRepo.majorChangesOf(db, latestSigned.orgId, latestSigned.enrolleeId)).map((m) => ({
          on: m.occurredOn,
          reason: m.reason,
        }))
      : [];
    return { plans, signatures, majorChanges };
  }
  type Loaded = Awaited<ReturnType<typeof loaded>>;

  /** The first plan's view, once its transaction has ended. */
  const first = async (load: Promise<Loaded>) => (await present(await load))[0]!;

  /** The views, names read after the transaction (PGlite's one connection is held by it until then). */
  async function present({ plans, signatures, majorChanges }: Loaded): Promise<PlanView[]> {
    const all = await rules();
    const names = await namesOf(
      database.system,
      [...new Set(signatures.map((s) => s.recordedBy).filter((x): x is string => Boolean(x)))],
      [...new Set(plans.map((p) => p.writtenByOrgId))],
    );
    const latestSigned = plans.find((p) => p.status === 'signed' && !p.addendum);
    const today = massachusettsToday();
    return plans.map((p) => {
      const own = signatures.filter((s) => s.planId === p.id);
      const clocks = signOffClocks(
        {
          program: p.program,
          sentOn: p.sentOn,
          clinicalReview: p.clinicalReview,
          signatures: own.map((s) => ({ step: s.step, signedOn: s.signedOn })),
        },
        all,
      );
      const enrolleeSigned = own.find((s) => s.step === 'enrollee')?.signedOn;
      const review =
        p === latestSigned && enrolleeSigned
          ? reviewClock(p.program, enrolleeSigned, majorChanges, all)
          : null;
      return {
        id: p.id,
        enrolleeId: p.enrolleeId,
        kind: p.kind,
        number: p.number,
        addendum: p.addendum,
        majorChange: p.majorChange,
        previousId: p.previousId,
        assessmentId: p.assessmentId,
        status: p.status,
        content: p.content as PlanContent,
        writtenByOrgId: p.writtenByOrgId,
        writtenByOrgName: names.org.get(p.writtenByOrgId) ?? '',
        clinicalReview: p.clinicalReview,
        sentOn: p.sentOn,
        lockedAt: p.lockedAt?.toISOString() ?? null,
        pdfSha256: p.pdfSha256,
        steps: clocks.map((c) => {
          const s = own.find((x) => x.step === c.step);
          return {
            step: c.step,
            dueOn: c.dueOn,
            rule: c.rule,
            explanation: c.explanation,
            signed: s
              ? {
                  signerName: s.signerName,
                  signerRole: s.signerRole,
                  channel: s.channel,
                  signedOn: s.signedOn,
                  recordedAt: s.recordedAt.toISOString(),
                  recordedBy: s.recordedBy,
                  recordedByName: s.recordedBy ? (names.person.get(s.recordedBy) ?? null) : null,
                  fileId: s.fileId,
                }
              : null,
          };
        }),
        review:
          review && review.dueOn !== null
            ? {
                dueOn: review.dueOn,
                rule: review.rule,
                explanation: review.explanation,
                overdue: today > review.dueOn,
              }
            : null,
        version: p.version,
        createdAt: p.createdAt.toISOString(),
      };
    });
  }

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

  /** Locks the plan once its last step is signed: the PDF written, stored and hashed, the hash audited. */
  async function lockIfComplete(
    tx: Db,
    plan: repo.PlanRow,
    record: RecordChange,
    createdBy: string | null,
    organisation: string,
  ) {
    const signatures = await repo.signaturesOf(tx, plan.orgId, [plan.id]);
    const signed = new Set(signatures.map((s) => s.step));
    if (!stepsOf(plan.clinicalReview).every((s) => signed.has(s))) return plan;
    const enrollee = await careRepo.findEnrollee(tx, plan.orgId, plan.enrolleeId, massachusettsToday());
    const assessment = (await workRepo.assessmentsOf(tx, plan.orgId, plan.enrolleeId)).find(
      (a) => a.id === plan.assessmentId,
    );
    const lockedAt = new Date();
    const pdf = await renderSignedPlan({
      kind: plan.kind,
      number: plan.number,
      addendum: plan.addendum,
      organisation,
      enrollee: {
        name: `${enrollee!.givenName} ${enrollee!.familyName}`,
        birthDate: enrollee!.dateOfBirth,
        masshealthId: enrollee!.masshealthId,
      },
      assessedOn: assessment!.completedOn,
      content: plan.content as PlanContent,
      signatures: stepsOf(plan.clinicalReview).map((step) => {
        const s = signatures.find((x) => x.step === step)!;
        return {
          step,
          signerName: s.signerName,
          signerRole: s.signerRole,
          channel: s.channel,
          signedOn: s.signedOn,
        };
      }),
      lockedAt,
    });
    const hash = sha256(pdf);
    const file = await files.save(
      tx,
      {
        orgId: plan.orgId,
        name: `care-plan-${plan.number}-signed.pdf`,
        contentType: 'application/pdf',
        purpose: SIGNED_PLAN_PURPOSE,
        createdBy,
      },
      Readable.from([Buffer.from(pdf)]),
    );
    const locked = await repo.updatePlan(tx, plan.orgId, plan.id, plan.version, {
      status: 'signed',
      lockedAt,
      pdfFileId: file.id,
      pdfSha256: hash,
    });
    if (!locked) throw new AppError(CareErrors.PLAN_LOCKED);
    // A link not yet used is spent: the plan it was made for is signed.
    await repo.revokeLinks(tx, plan.orgId, plan.id);
    await record({
      action: 'lock',
      entityType: 'care_plan',
      entityId: plan.id,
      details: { enrolleeId: plan.enrolleeId, number: plan.number, pdfFileId: file.id, pdfSha256: hash },
    });
    return locked;
  }

  /** Checks a signature against the plan's state and the step's rules, in words that name the field. */
  function checkSignature(
    plan: repo.PlanRow,
    signatures: readonly repo.SignatureRow[],
    input: Pick<SignatureInput, 'step' | 'signerRole' | 'signedOn'>,
  ) {
    if (plan.status !== 'in_sign_off')
      throw new AppError(plan.status === 'signed' ? CareErrors.PLAN_LOCKED : CareErrors.PLAN_NOT_SENT);
    const steps = stepsOf(plan.clinicalReview);
    const next = steps.find((s) => !signatures.some((x) => x.step === s));
    if (!steps.includes(input.step))
      throw validationFailed([
        { path: 'body.step', message: 'This plan was sent without a clinical review step' },
      ]);
    if (signatures.some((s) => s.step === input.step)) throw new AppError(CareErrors.PLAN_STEP_SIGNED);
    if (next !== input.step)
      throw validationFailed([
        {
          path: 'body.step',
          message: `${SIGN_STEP_LABELS[next!]} comes first: the steps are signed in order`,
        },
      ]);
    if (!(SIGNER_ROLES[input.step] as readonly string[]).includes(input.signerRole))
      throw validationFailed([
        {
          path: 'body.signerRole',
          message: `${SIGN_STEP_LABELS[input.step]} is signed by ${SIGNER_ROLES[input.step].join(' or ').replaceAll('_', ' ')}`,
        },
      ]);
    const before =
      signatures.find((s) => s.step === steps[steps.indexOf(input.step) - 1])?.signedOn ?? plan.sentOn!;
    const today = massachusettsToday();
    if (input.signedOn > today)
      throw validationFailed([
        { path: 'body.signedOn', message: `Choose a day on or before ${dayWords(today)}` },
      ]);
    if (input.signedOn < before)
      throw validationFailed([
        {
          path: 'body.signedOn',
          message: `Choose a day on or after ${dayWords(before)}, when this step began`,
        },
      ]);
  }

  const service = {
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
        details: { phi: true, enrolleeId: plan.enrolleeId },
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
            if (plan.status === 'signed') throw new AppError(CareErrors.PLAN_LOCKED);
            if (plan.status !== 'draft') throw new AppError(CareErrors.PLAN_IN_SIGN_OFF);
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
          if (plan.status !== 'draft')
            throw new AppError(
              plan.status === 'signed' ? CareErrors.PLAN_LOCKED : CareErrors.PLAN_IN_SIGN_OFF,
            );
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
            if (plan.status !== 'draft')
              throw new AppError(
                plan.status === 'signed' ? CareErrors.PLAN_LOCKED : CareErrors.PLAN_IN_SIGN_OFF,
              );
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
            if (plan.status !== 'in_sign_off')
              throw new AppError(
                plan.status === 'signed' ? CareErrors.PLAN_LOCKED : CareErrors.PLAN_NOT_SENT,
              );
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

    /** Stores a signed page (scanned or faxed) of a plan out for signatures, for a signature to point to. */
    async uploadPage({
      actor,
      id,
      upload: receive,
    }: {
      actor: Actor;
      id: string;
      upload: () => Promise<Upload>;
    }) {
      policy.authorize(actor, 'plan.sign');
      // The plan must be one the actor sees before anything is read from the upload.
      await withScope(database, scopeOf(actor), (db) => planHolder(db, activeOrgOf(actor), id));
      const upload = await receive();
      const extension = upload.fileName.toLowerCase().split('.').pop() ?? '';
      const contentType = PAGE_TYPES[extension];
      if (!contentType || !/[^.]\.[a-z]+$/i.test(upload.fileName)) {
        upload.stream.resume();
        throw validationFailed([
          {
            path: 'file',
            message: `"${upload.fileName}" is not one of .${Object.keys(PAGE_TYPES).join(', .')}`,
          },
        ]);
      }
      return onRecord(
        actor,
        (db, orgId) => planHolder(db, orgId, id),
        async (tx, holder, orgId, _name, record) => {
          const plan = (await repo.lockPlan(tx, id))!;
          await mayRecord(tx, actor, holder, orgId, plan.enrolleeId);
          if (plan.status !== 'in_sign_off') {
            upload.stream.resume();
            throw new AppError(plan.status === 'signed' ? CareErrors.PLAN_LOCKED : CareErrors.PLAN_NOT_SENT);
          }
          const file = await files.save(
            tx,
            {
              orgId: holder,
              name: upload.fileName,
              contentType,
              purpose: pagePurpose(id),
              createdBy: actor.userId,
            },
            upload.stream,
          );
          const refuse = async (error: AppError) => {
            await files.remove(holder, file.id);
            throw error;
          };
          if (upload.truncated?.() || file.size > MAX_PAGE_BYTES)
            await refuse(
              validationFailed([
                { path: 'file', message: `A signed page is at most ${MAX_PAGE_BYTES / 1024 / 1024} MB` },
              ]),
            );
          if (!(await files.startsWith(holder, file.id, MAGIC[contentType]!)))
            await refuse(
              validationFailed([
                {
                  path: 'file',
                  message: `"${upload.fileName}" is not a ${extension.toUpperCase()} file inside: scan or save the signed page again`,
                },
              ]),
            );
          await record({
            action: 'upload',
            entityType: 'stored_file',
            entityId: file.id,
            details: { purpose: PLAN_PAGE_PURPOSE, planId: id, name: file.name, size: file.size },
          });
          return { fileId: file.id, name: file.name, size: file.size };
        },
      );
    },

    /** Records a signature (If-Match: the plan's version); the last one locks the plan and writes its PDF. */
    async sign({
      actor,
      id,
      version,
      input,
    }: {
      actor: Actor;
      id: string;
      version: number;
      input: SignatureInput;
    }) {
      policy.authorize(actor, 'plan.sign');
      return first(
        onRecord(
          actor,
          (db, orgId) => planHolder(db, orgId, id),
          async (tx, holder, orgId, holderName, record) => {
            const plan = (await repo.lockPlan(tx, id))!;
            await mayRecord(tx, actor, holder, orgId, plan.enrolleeId);
            const signatures = await repo.signaturesOf(tx, holder, [id]);
            checkSignature(plan, signatures, input);
            if (plan.version !== version) staleOrMissing(true, 'The care plan');
            if (input.step === 'clinical_review') {
              // The reviewer signs for themselves: a registered nurse or clinical care manager, on screen.
              if (!hasRole(actor, 'rn', 'clinical_care_manager'))
                throw forbidden(
                  'A clinical review is signed by the care team’s registered nurse or clinical care manager themselves.',
                );
              if (input.channel !== 'on_screen' || !actor.roles.includes(input.signerRole as 'rn'))
                throw validationFailed([
                  {
                    path: 'body.signerRole',
                    message: 'Sign the clinical review yourself, on screen, in the role you hold',
                  },
                ]);
            }
            if (input.channel === 'on_screen' && !input.attested)
              throw validationFailed([
                {
                  path: 'body.attested',
                  message: 'The signer confirms that they have read the plan and agree with it',
                },
              ]);
            if (input.channel === 'on_screen' && input.fileId)
              throw validationFailed([
                { path: 'body.fileId', message: 'A signature on screen has no signed page' },
              ]);
            if (input.channel !== 'on_screen') {
              // The page must have been uploaded to this plan, and not already count for another step.
              const page = input.fileId
                ? await files.find(tx, holder, input.fileId).catch(() => undefined)
                : undefined;
              if (page?.purpose !== pagePurpose(id))
                throw validationFailed([
                  {
                    path: 'body.fileId',
                    message: 'Upload the signed page to this plan first, then give its file id',
                  },
                ]);
              if (signatures.some((s) => s.fileId === input.fileId))
                throw validationFailed([
                  { path: 'body.fileId', message: 'This page is already the signature of another step' },
                ]);
            }
            await repo.insertSignature(tx, {
              orgId: holder,
              planId: id,
              enrolleeId: plan.enrolleeId,
              step: input.step,
              signerName: input.signerName,
              signerRole: input.signerRole,
              channel: input.channel,
              signedOn: input.signedOn,
              recordedBy: actor.personId,
              fileId: input.channel === 'on_screen' ? null : input.fileId,
            });
            await record({
              action: 'sign',
              entityType: 'care_plan',
              entityId: id,
              details: {
                enrolleeId: plan.enrolleeId,
                step: input.step,
                channel: input.channel,
                signedOn: input.signedOn,
              },
            });
            const signed = (await repo.updatePlan(tx, holder, id, plan.version, {}))!;
            return loaded(tx, [await lockIfComplete(tx, signed, record, actor.userId, holderName)]);
          },
        ),
      );
    },

    /** Makes a single-use link for a PCP who is not a Concord user; the address is shown once. */
    async createLink({
      actor,
      id,
      input,
    }: {
      actor: Actor;
      id: string;
      input: { recipientName: string; recipientRole: 'pcp' | 'pcp_designee'; hours: number };
    }) {
      policy.authorize(actor, 'plan.sign');
      return onRecord(
        actor,
        (db, orgId) => planHolder(db, orgId, id),
        async (tx, holder, orgId, _name, record) => {
          const plan = (await repo.lockPlan(tx, id))!;
          await mayRecord(tx, actor, holder, orgId, plan.enrolleeId);
          if (plan.status !== 'in_sign_off')
            throw new AppError(plan.status === 'signed' ? CareErrors.PLAN_LOCKED : CareErrors.PLAN_NOT_SENT);
          if ((await repo.signaturesOf(tx, holder, [id])).some((s) => s.step === 'pcp'))
            throw new AppError(CareErrors.PLAN_STEP_SIGNED);
          const token = randomBytes(32).toString('base64url');
          const link = await repo.insertLink(tx, {
            orgId: holder,
            planId: id,
            enrolleeId: plan.enrolleeId,
            tokenSha256: sha256(token),
            recipientName: input.recipientName,
            recipientRole: input.recipientRole,
            expiresAt: new Date(Date.now() + input.hours * 3_600_000),
            createdBy: actor.personId,
          });
          await record({
            action: 'create_link',
            entityType: 'care_plan',
            entityId: id,
            details: {
              enrolleeId: plan.enrolleeId,
              linkId: link.id,
              expiresAt: link.expiresAt.toISOString(),
            },
          });
          return { ...linkView(link), url: `${baseUrl.replace(/\/$/, '')}/plan-approval/${token}` };
        },
      );
    },

    async links({ actor, id }: { actor: Actor; id: string }) {
      policy.authorize(actor, 'plan.sign');
      const orgId = activeOrgOf(actor);
      return withScope(database, scopeOf(actor), async (db) => {
        const holder = await planHolder(db, orgId, id);
        return (await repo.linksOf(db, holder, id)).map(linkView);
      });
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
        details: { phi: true, enrolleeId: plan.enrolleeId, pdfSha256: plan.pdfSha256 },
      });
      return { plan, stream: files.open(plan.orgId, plan.pdfFileId) };
    },

    /** What a single-use link shows: that plan only, while the link is unused and unexpired (public, audited). */
    async openLink({ token, ip }: { token: string; ip: string }) {
      if (!linkLimiter.take(ip)) throw new AppError('RATE_LIMITED');
      const link = await usableLink(token);
      const plan = (await repo.findPlan(database.system, link.planId))!;
      const enrollee = (await careRepo.findEnrollee(
        database.system,
        plan.orgId,
        plan.enrolleeId,
        massachusettsToday(),
      ))!;
      const signatures = await repo.signaturesOf(database.system, plan.orgId, [plan.id]);
      const names = await namesOf(database.system, [], [plan.orgId]);
      await audit.recordNow(linkActor(link, ip), {
        action: 'read',
        entityType: 'care_plan',
        entityId: plan.id,
        details: { phi: true, through: 'single-use link', linkId: link.id },
      });
      const enrolleeSigned = signatures.find((s) => s.step === 'enrollee');
      return {
        organisation: names.org.get(plan.orgId) ?? '',
        recipientName: link.recipientName,
        expiresAt: link.expiresAt.toISOString(),
        enrollee: { name: `${enrollee.givenName} ${enrollee.familyName}`, dateOfBirth: enrollee.dateOfBirth },
        plan: {
          kind: plan.kind,
          number: plan.number,
          addendum: plan.addendum,
          content: plan.content as PlanContent,
        },
        enrolleeSigned: enrolleeSigned
          ? { signerName: enrolleeSigned.signerName, signedOn: enrolleeSigned.signedOn }
          : null,
        ready:
          plan.status === 'in_sign_off' &&
          Boolean(enrolleeSigned) &&
          !signatures.some((s) => s.step === 'pcp'),
      };
    },

    /** The PCP's approval through the link: spends it, records the signature, and locks the plan if it was the last. */
    async approveByLink({ token, ip, signerName }: { token: string; ip: string; signerName: string }) {
      if (!linkLimiter.take(ip)) throw new AppError('RATE_LIMITED');
      const found = await usableLink(token);
      // The link is the named PCP's: approving under another name would record a signer nobody checked.
      if (foldName(signerName) !== foldName(found.recipientName))
        throw validationFailed([
          {
            path: 'body.signerName',
            message: `This link was made for ${found.recipientName}: type that name, or ask the care coordinator for a link in yours`,
          },
        ]);
      const actor = linkActor(found, ip);
      const organisation = (await namesOf(database.system, [], [found.orgId])).org.get(found.orgId) ?? '';
      try {
        await withScope(database, { orgIds: [found.orgId], personId: null }, async (scoped) => {
          const record: RecordChange = (input) => audit.recordChange(scoped, actor, input);
          const link = await repo.useLink(scoped, found.id);
          if (!link) throw new AppError(CareErrors.PLAN_LINK_USED);
          const plan = await repo.lockPlan(scoped, link.planId);
          if (!plan) throw notFound('The care plan');
          const signatures = await repo.signaturesOf(scoped, plan.orgId, [plan.id]);
          if (plan.status === 'in_sign_off' && !signatures.some((s) => s.step === 'enrollee'))
            throw new AppError(CareErrors.PLAN_AWAITS_ENROLLEE);
          checkSignature(plan, signatures, {
            step: 'pcp',
            signerRole: link.recipientRole as 'pcp',
            signedOn: massachusettsToday(),
          });
          await repo.insertSignature(scoped, {
            orgId: plan.orgId,
            planId: plan.id,
            enrolleeId: plan.enrolleeId,
            step: 'pcp',
            signerName,
            signerRole: link.recipientRole,
            channel: 'link',
            signedOn: massachusettsToday(),
            recordedBy: null,
            linkId: link.id,
          });
          await record({
            action: 'sign',
            entityType: 'care_plan',
            entityId: plan.id,
            details: { enrolleeId: plan.enrolleeId, step: 'pcp', channel: 'link', linkId: link.id },
          });
          const signed = (await repo.updatePlan(scoped, plan.orgId, plan.id, plan.version, {}))!;
          await lockIfComplete(scoped, signed, record, null, organisation);
        });
      } catch (err) {
        rethrowPlan(err);
      }
      return { approved: true as const };
    },
  };
  return service;

  /** The link a token names, refused in words when it is unknown, used or expired. */
  async function usableLink(token: string) {
    const link = await repo.linkByToken(database.system, sha256(token));
    if (!link) throw notFound('This approval link');
    if (link.usedAt) throw new AppError(CareErrors.PLAN_LINK_USED);
    if (link.revokedAt) throw new AppError(CareErrors.PLAN_LINK_REVOKED);
    if (link.expiresAt.getTime() <= Date.now()) throw new AppError(CareErrors.PLAN_LINK_EXPIRED);
    return link;
  }
}

function linkView(link: repo.LinkRow) {
  return {
    id: link.id,
    recipientName: link.recipientName,
    expiresAt: link.expiresAt.toISOString(),
    usedAt: link.usedAt?.toISOString() ?? null,
  };
}

const linkActor = (link: repo.LinkRow, ip: string): AuditActor => ({
  userId: null,
  name: `${link.recipientName} (${link.recipientRole === 'pcp' ? 'PCP' : 'PCP designee'}, through a single-use link)`,
  ip,
  userAgent: null,
  orgId: link.orgId,
});

export type CarePlans = ReturnType<typeof createCarePlans>;
