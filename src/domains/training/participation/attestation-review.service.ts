import type { AuditTrail } from '../../../platform/audit/audit.service.js';
import type { Actor } from '../../../platform/auth/actor.js';
import type { Database, Db } from '../../../platform/db/client.js';
import { AppError } from '../../../platform/http/errors.js';
import { completeSession } from '../completions/session-completion.js';
import { managedSession } from '../sessions/session-access.js';
import type { SessionRow } from '../sessions/sessions.repository.js';
import { TrainingErrors } from '../training.errors.js';
import { trainingPolicy as policy } from '../training.policy.js';
import { trainingScope } from '../training.scope.js';
import * as participation from './participation.repository.js';

/**
 * The training team's review of attestations held because attendance did not yet show the person there:
 * where they wait, and accepting (the topic is completed) or rejecting them, one at a time or several.
 */
export function createAttestationReviewService(deps: { database: Database; audit: AuditTrail }) {
  const { audit } = deps;
  const { scoped, reading } = trainingScope(deps.database);

  /** Decides one held attestation (accepting completes the topic); undefined when it is not held. */
  async function decide(
    tx: Db,
    actor: Actor,
    session: SessionRow,
    attestationId: string,
    decision: 'accept' | 'reject',
    reason: string,
  ) {
    const status = decision === 'accept' ? ('accepted' as const) : ('rejected' as const);
    const held = await participation.decideAttestation(tx, session.id, attestationId, status, reason);
    if (!held) return undefined;
    const completionId =
      decision === 'accept'
        ? await completeSession(tx, session, {
            personId: held.personId,
            personName: held.personName,
            evidence: { ...held.evidence, attestationId, reviewedBy: actor.name, review: reason },
            recordedBy: actor.userId,
            recordedByName: actor.name,
          })
        : null;
    await audit.recordChange(tx, actor, {
      action: `attestation.${status}`,
      entityType: 'training_session',
      entityId: session.id,
      details: { attestationId, personId: held.personId, reason, completionId },
    });
    return { status, completionId };
  }

  return {
    /** Where attestations wait for the training team: counts per session it runs, for its home page. */
    async heldForReview({ actor }: { actor: Actor }) {
      const orgId = actor.orgId ?? '';
      policy.authorize(actor, 'session.manage', { orgId, shared: false });
      const list = await reading(actor, (db) => participation.heldBySession(db, orgId));
      const mine = list.filter((s) => policy.can(actor, 'session.manage', { orgId, shared: s.shared }));
      audit.recordRead(actor, { entityType: 'training_attestations', entityId: orgId });
      return mine.map(({ shared: _, ...s }) => s);
    },

    async listAttestations({ actor, id: sessionId }: { actor: Actor; id: string }) {
      return reading(actor, async (db) => {
        await managedSession(db, actor, sessionId);
        const list = await participation.listAttestations(db, sessionId);
        audit.recordRead(actor, { entityType: 'training_attestations', entityId: sessionId });
        return list;
      });
    },

    /** The training team accepts (the topic is completed) or rejects a held attestation, with a reason. */
    async decideAttestation({
      actor,
      id: sessionId,
      attestationId,
      decision,
      reason,
    }: {
      actor: Actor;
      id: string;
      attestationId: string;
      decision: 'accept' | 'reject';
      reason: string;
    }) {
      return scoped(actor, async (tx) => {
        const session = await managedSession(tx, actor, sessionId);
        const decided = await decide(tx, actor, session, attestationId, decision, reason);
        if (!decided) throw new AppError(TrainingErrors.NOT_HELD);
        return decided;
      });
    },

    /**
     * Accepts or rejects several held attestations at once, with one reason, in one transaction. Those no
     * longer held (decided meanwhile, or accepted when attendance came in) are left as they are and named.
     */
    async decideAttestations({
      actor,
      id: sessionId,
      attestationIds,
      decision,
      reason,
    }: {
      actor: Actor;
      id: string;
      attestationIds: string[];
      decision: 'accept' | 'reject';
      reason: string;
    }) {
      return scoped(actor, async (tx) => {
        const session = await managedSession(tx, actor, sessionId);
        const decided: { id: string; status: 'accepted' | 'rejected'; completionId: string | null }[] = [];
        const notHeld: string[] = [];
        for (const id of new Set(attestationIds)) {
          const one = await decide(tx, actor, session, id, decision, reason);
          if (one) decided.push({ id, ...one });
          else notHeld.push(id);
        }
        return { decided, notHeld };
      });
    },
  };
}
