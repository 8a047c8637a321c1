// A PCP's single-use approval link (decision 058): made for a named PCP, shown once; what it shows (that plan
// only) and the approval it carries, spent by one conditional update. Public routes, rate-limited and audited.
import { randomBytes } from 'node:crypto';
import type { PlanContent } from '@contract/care/plans.schemas.js';
import { foldText } from '@contract/fold.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import type { AuditActor } from '../../../platform/audit/audit.service.js';
import { type Actor, activeOrgOf, scopeOf } from '../../../platform/auth/actor.js';
import { withScope } from '../../../platform/db/scope.js';
import { AppError, notFound, validationFailed } from '../../../platform/http/errors.js';
import { createRateLimiter } from '../../../platform/http/rate-limit.js';
import { CareErrors } from '../care.errors.js';
import { carePolicy as policy } from '../care.policy.js';
import * as careRepo from '../care.repository.js';
import { namesOf } from '../care-team.repository.js';
import { type PlanContext, type RecordChange, sha256 } from './plan-context.js';
import { mustBe, rethrowPlan } from './plan-states.js';
import * as repo from './plans.repository.js';

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

export function planLinkMethods({
  database,
  audit,
  baseUrl,
  onRecord,
  planHolder,
  mayRecord,
  lockIfComplete,
  checkSignature,
}: PlanContext) {
  const linkLimiter = createRateLimiter({ limit: 30, windowMs: 10 * 60_000 });
  return {
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
          mustBe(plan, 'in_sign_off');
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
