// What the care plan service's parts share (decision 058): the rules, how each finds a plan and its holder, who
// may write or sign, the transaction a change runs in (widened to the holder, audited in both chains), the plan's
// view, the checks on a signature, and the lock that writes the signed PDF.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  type PlanContent,
  type PlanView,
  SIGN_STEP_LABELS,
  SIGNER_ROLES,
  type SignatureInput,
} from '@contract/care/plans.schemas.js';
import type { CareRule } from '@contract/care/rules.schemas.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import type { AuditInput, AuditTrail } from '../../../platform/audit/audit.service.js';
import { type Actor, activeMembershipOf, activeOrgOf, scopeOf } from '../../../platform/auth/actor.js';
import type { Database, Db } from '../../../platform/db/client.js';
import { withScope } from '../../../platform/db/scope.js';
import type { FileStore } from '../../../platform/files/file-store.js';
import { AppError, forbidden, notFound, validationFailed } from '../../../platform/http/errors.js';
import { CareErrors } from '../care.errors.js';
import { carePolicy as policy } from '../care.policy.js';
import * as careRepo from '../care.repository.js';
import { recordOutsideChanges } from '../care-audit.js';
import { namesOf } from '../care-team.repository.js';
import * as workRepo from '../care-work.repository.js';
import { dayWords } from '../rules.js';
import { renderSignedPlan } from './plan.pdf.js';
import { reviewClock, signOffClocks, stepsOf } from './plan-clocks.js';
import { mustBe, rethrowPlan } from './plan-states.js';
import * as repo from './plans.repository.js';

/** Records a change in the actor's audit chain, and (after commit) in the holder's when it is another. */
export type RecordChange = (input: AuditInput) => Promise<void>;
export const SIGNED_PLAN_PURPOSE = 'care_plan_signed';

/** A Community Partner (behavioral health or LTSS) writes a person-centered treatment plan. */
export const isCommunityPartner = (actor: Actor) =>
  activeMembershipOf(actor)?.orgKind?.startsWith('cp_') ?? false;

export const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

export function createPlanContext({
  database,
  audit,
  files,
  baseUrl,
}: {
  database: Database;
  audit: AuditTrail;
  files: FileStore;
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
    // The holder's copy of each change another organisation made on its enrollee's plan (decision 050), but for
    // a plan tagged under 42 CFR Part 2 (decision 060).
    if (orgId !== holder)
      await recordOutsideChanges(audit, actor, holder, changes, (ids) =>
        repo.taggedPlanIds(database.system, ids),
      );
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
        part2: p.part2OrgId !== null,
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
      part2: plan.part2OrgId !== null,
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
    mustBe(plan, 'in_sign_off');
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

  return {
    database,
    audit,
    files,
    baseUrl,
    rules,
    visibleEnrollee,
    onRecord,
    planHolder,
    mayWrite,
    mayRecord,
    loaded,
    first,
    present,
    lockIfComplete,
    checkSignature,
  };
}
export type PlanContext = ReturnType<typeof createPlanContext>;
