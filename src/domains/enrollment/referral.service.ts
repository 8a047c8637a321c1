import { REFERRAL_DECLINE_REASON_LABELS } from '@contract/enrollment/assignment.labels.js';
import type {
  referralDeclineInput,
  referralInput,
  referralListQuery,
  SentReferralView,
} from '@contract/enrollment/identification.schemas.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import type { z } from 'zod';
import type { AuditTrail } from '../../platform/audit/audit.service.js';
import { type Actor, activeMembershipOf, activeOrgOf, scopeOf } from '../../platform/auth/actor.js';
import { type Database, type Db, isUniqueViolation } from '../../platform/db/client.js';
import { withReadScope, withScope } from '../../platform/db/scope.js';
import { AppError, CommonErrors } from '../../platform/http/errors.js';
import { enrollmentPolicy as policy } from './enrollment.policy.js';
import { IdentificationErrors } from './identification.errors.js';
import * as ident from './identification.repository.js';
import * as repo from './referral.repository.js';

type ReferralInput = z.output<typeof referralInput>;
type DeclineInput = z.output<typeof referralDeclineInput>;
type ListQuery = z.output<typeof referralListQuery>;

const EASTERN = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', dateStyle: 'long' });

/** What the provider that sent a referral sees of it: what it sent, the status, and a decline's reason. */
const asSent = (r: repo.ReferralRecord): SentReferralView => ({
  id: r.id,
  planOrgId: r.planOrgId,
  planName: r.planName,
  masshealthId: r.masshealthId,
  familyName: r.familyName,
  givenName: r.givenName,
  dateOfBirth: r.dateOfBirth,
  cpType: r.cpType,
  reason: r.reason,
  status: r.status,
  declineReason: r.declineReason,
  decidedAt: r.decidedAt,
  createdByName: r.createdByName,
  createdAt: r.createdAt,
});

/**
 * Providers refer members, on their behalf, to their ACO/MCO for Community Partner supports; the ACO/MCO
 * accepts (which identifies the member) or declines with a reason, once. Who, when and why are kept.
 */
export function createReferralService(deps: { database: Database; audit: AuditTrail }) {
  const { database, audit } = deps;

  /** The referral to decide, pending and at the version the caller saw; in the deciding transaction. */
  async function pending(tx: Db, orgId: string, id: string, version: number) {
    const r = await repo.receivedReferral(tx, orgId, id.toLowerCase());
    if (!r) throw new AppError(IdentificationErrors.REFERRAL_NOT_FOUND);
    if (r.status !== 'pending')
      throw new AppError(
        IdentificationErrors.REFERRAL_DECIDED,
        `This referral was already ${r.status}${r.decidedByName ? ` by ${r.decidedByName}` : ''}${r.decidedAt ? ` on ${EASTERN.format(new Date(r.decidedAt))}` : ''}: a decision is recorded once.`,
      );
    if (r.version !== version) throw new AppError(CommonErrors.VERSION_CONFLICT);
    return r;
  }

  const decided = async (
    tx: Db,
    orgId: string,
    r: repo.ReferralRecord,
    d: Parameters<typeof repo.decideReferral>[4],
  ) => {
    if (!(await repo.decideReferral(tx, orgId, r.id, r.version, d)))
      throw new AppError(CommonErrors.VERSION_CONFLICT);
  };

  return {
    /** The ACOs, MCOs and plans the provider may refer to: a network contract in force today. */
    async plans(actor: Actor) {
      policy.authorize(actor, 'referral.send');
      return repo.contractedPlans(database.system, activeOrgOf(actor), massachusettsToday());
    },

    async send(actor: Actor, input: ReferralInput) {
      policy.authorize(actor, 'referral.send');
      const fromOrgId = activeOrgOf(actor);
      const kind = await repo.organisationKind(database.system, input.planOrgId);
      if (!kind || !['aco', 'mco', 'plan'].includes(kind))
        throw new AppError(IdentificationErrors.REFERRAL_PLAN_UNKNOWN, undefined, [
          { path: 'planOrgId', message: 'Choose an ACO, MCO or plan' },
        ]);
      const contracted = await repo.contractedPlans(
        database.system,
        fromOrgId,
        massachusettsToday(),
        input.planOrgId,
      );
      if (contracted.length === 0)
        throw new AppError(IdentificationErrors.REFERRAL_NO_CONTRACT, undefined, [
          {
            path: 'planOrgId',
            message: 'Choose an ACO, MCO or plan your organisation has a network contract with',
          },
        ]);
      return withScope(database, scopeOf(actor), async (tx) => {
        const id = await repo
          .insertReferral(tx, { ...input, fromOrgId, createdBy: actor.personId, createdByName: actor.name })
          .catch((err: unknown) => {
            if (isUniqueViolation(err))
              throw new AppError(IdentificationErrors.REFERRAL_PENDING, undefined, [
                {
                  path: 'masshealthId',
                  message: 'A referral of this member to this plan is already waiting',
                },
              ]);
            throw err;
          });
        await audit.recordChange(tx, actor, {
          action: 'create',
          entityType: 'enrollment_referral',
          entityId: id,
          orgId: fromOrgId,
          details: { phi: true, planOrgId: input.planOrgId },
        });
        return { id };
      });
    },

    /**
     * A provider's referrals sent (what it sent and their status only), an ACO's/MCO's received (pending
     * first), or every one for a state agency; an audited read of PHI.
     */
    async list(actor: Actor, query: ListQuery) {
      policy.authorize(actor, 'referral.read');
      const orgId = activeOrgOf(actor);
      const kind = activeMembershipOf(actor)?.orgKind;
      const direction: repo.ReferralFilter['direction'] =
        kind === 'state_agency' ? 'all' : (query.direction ?? (kind === 'provider' ? 'sent' : 'received'));
      const filter = { direction, orgId, status: query.status };
      const offset = (query.page - 1) * query.pageSize;
      const { rows, total } = await withReadScope(database, scopeOf(actor), async (db) => ({
        rows: await repo.listReferrals(db, filter, offset, query.pageSize),
        total: await repo.countReferrals(db, filter),
      }));
      // Each ACO/MCO's log names its referrals read, by whom (a provider its own, a state agency any).
      const byPlan = new Map<string, string[]>();
      for (const r of rows) byPlan.set(r.planOrgId, [...(byPlan.get(r.planOrgId) ?? []), r.id]);
      for (const [planOrgId, ids] of byPlan)
        audit.recordRead(actor, {
          entityType: 'enrollment_referral',
          action: 'list',
          orgId: planOrgId,
          details: { phi: true, ids, direction, actorOrgId: orgId },
        });
      return {
        direction,
        items: direction === 'sent' ? rows.map(asSent) : rows,
        total,
        page: query.page,
        pageSize: query.pageSize,
      };
    },

    /**
     * Accepts a referral: the ACO/MCO's member with the referral's MassHealth ID and date of birth is identified
     * (or their open identification marked as from this referral). No such member: 409, decline it instead.
     */
    async accept(actor: Actor, id: string, version: number) {
      policy.authorize(actor, 'referral.decide');
      const orgId = activeOrgOf(actor);
      return withScope(database, scopeOf(actor), async (tx) => {
        const r = await pending(tx, orgId, id, version);
        const member = await ident.memberByIdAndBirth(tx, orgId, r.masshealthId, r.dateOfBirth);
        if (!member) throw new AppError(IdentificationErrors.REFERRAL_NOT_MEMBER);
        await ident.lockIdentifications(tx, orgId);
        const state = (await ident.memberStates(tx, orgId, [member.enrolleeId])).get(member.enrolleeId);
        const values = {
          enrolleeId: member.enrolleeId,
          source: 'referral',
          cpType: r.cpType,
          suggestedCpOrgId: null,
          startReason: `Provider referral accepted (${r.fromOrgName})`,
          agencyFlags: [],
          identifiedOn: massachusettsToday(),
          // The acceptance is the member's latest record: a list's record of an earlier day changes nothing.
          recordUpdatedOn: massachusettsToday(),
          referralId: r.id,
        };
        const [written] = state?.openId
          ? await ident.updateIdentifications(tx, orgId, null, [{ ...values, id: state.openId }], true)
          : await ident.insertIdentifications(
              tx,
              orgId,
              { importId: null, userId: actor.userId, name: actor.name },
              [values],
            );
        await decided(tx, orgId, r, {
          status: 'accepted',
          enrolleeId: member.enrolleeId,
          declineReason: null,
          note: null,
          decidedBy: actor.personId,
          decidedByName: actor.name,
        });
        await audit.recordChange(
          tx,
          actor,
          {
            action: 'accept',
            entityType: 'enrollment_referral',
            entityId: r.id,
            orgId,
            details: { phi: true, enrolleeId: member.enrolleeId, fromOrgId: r.fromOrgId },
          },
          {
            action: state?.openId ? 'update' : 'create',
            entityType: 'enrollment_identification',
            entityId: written!.id,
            orgId,
            details: { phi: true, enrolleeId: member.enrolleeId, source: 'referral', referralId: r.id },
          },
        );
        return { id: r.id, status: 'accepted' as const, identificationId: written!.id };
      });
    },

    /**
     * The provider takes back a referral sent by mistake, while it waits for a decision. One decided (or
     * another organisation's) is not its to take back.
     */
    async withdraw(actor: Actor, id: string) {
      policy.authorize(actor, 'referral.send');
      const fromOrgId = activeOrgOf(actor);
      return withScope(database, scopeOf(actor), async (tx) => {
        const r = await repo.sentReferral(tx, fromOrgId, id.toLowerCase());
        if (!r) throw new AppError(IdentificationErrors.REFERRAL_NOT_FOUND);
        if (!(await repo.withdrawReferral(tx, fromOrgId, r.id, actor.name)))
          throw new AppError(
            IdentificationErrors.REFERRAL_DECIDED,
            `This referral was already ${r.status}: only one waiting for a decision can be withdrawn.`,
          );
        await audit.recordChange(tx, actor, {
          action: 'withdraw',
          entityType: 'enrollment_referral',
          entityId: r.id,
          orgId: fromOrgId,
          details: { planOrgId: r.planOrgId },
        });
        return { id: r.id, status: 'withdrawn' as const };
      });
    },

    /** Declines a referral with a reason from the list (and a note for the ACO/MCO's own record). */
    async decline(actor: Actor, id: string, version: number, input: DeclineInput) {
      policy.authorize(actor, 'referral.decide');
      const orgId = activeOrgOf(actor);
      return withScope(database, scopeOf(actor), async (tx) => {
        const r = await pending(tx, orgId, id, version);
        await decided(tx, orgId, r, {
          status: 'declined',
          enrolleeId: null,
          declineReason: input.reason,
          note: input.note,
          decidedBy: actor.personId,
          decidedByName: actor.name,
        });
        await audit.recordChange(tx, actor, {
          action: 'decline',
          entityType: 'enrollment_referral',
          entityId: r.id,
          orgId,
          details: { reason: input.reason, fromOrgId: r.fromOrgId },
        });
        return {
          id: r.id,
          status: 'declined' as const,
          reason: REFERRAL_DECLINE_REASON_LABELS[input.reason],
        };
      });
    },
  };
}

export type ReferralService = ReturnType<typeof createReferralService>;
