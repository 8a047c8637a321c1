import type { AuditTrail } from '../../../platform/audit/audit.service.js';
import type { Actor } from '../../../platform/auth/actor.js';
import type { Database, Db } from '../../../platform/db/client.js';
import { AppError, notFound } from '../../../platform/http/errors.js';
import { liveRule, minimumMinutes, recordedRule, watchedMinutes } from '../completions/completion-rules.js';
import { completeSession } from '../completions/session-completion.js';
import { viewingTotals } from '../participation/participation.repository.js';
import { findSession, type SessionRow } from '../sessions/sessions.repository.js';
import { TrainingErrors } from '../training.errors.js';
import { trainingScope } from '../training.scope.js';
import * as repo from './attendance.repository.js';
import { attendedMinutes } from './matching.js';

/**
 * What the person's record shows for a session: minutes attended (live), or watched (recorded: only the
 * time the server clocked in viewings, decision 022).
 */
async function evidenceFor(db: Db, session: SessionRow, personId: string) {
  const minimum = minimumMinutes(session);
  if (session.kind === 'recorded') {
    const totals = await viewingTotals(db, session.id, personId);
    const minutes = watchedMinutes(totals.ms, session);
    return { minutes, minimum, joins: totals.viewings, ...recordedRule(minutes, minimum) };
  }
  const rows = await repo.attendanceOf(db, session.id, personId);
  const minutes = attendedMinutes(
    rows.map((r) => ({
      joinedAt: r.joinedAt ? new Date(r.joinedAt) : null,
      leftAt: r.leftAt ? new Date(r.leftAt) : null,
      minutes: r.minutes,
    })),
  );
  return { minutes, minimum, joins: rows.length, ...liveRule(minutes, minimum) };
}

/** A person's attestation that they completed a session, through the session's attestation link. */
export function createAttestationService(deps: { database: Database; audit: AuditTrail }) {
  const { database, audit } = deps;
  const { requirePerson, scoped, reading } = trainingScope(database);

  return {
    /** What the attestation page shows the signed-in person: the statement, their evidence, the rule. */
    async attestation({ actor, token }: { actor: Actor; token: string }) {
      const personId = requirePerson(actor);
      return reading(actor, async (db) => {
        const session = await findSession(db, personId, { token });
        if (!session) throw notFound('The attestation link');
        const evidence = await evidenceFor(db, session, personId);
        const attested = await repo.findAttestation(db, session.id, personId);
        return {
          sessionId: session.id,
          sessionTitle: session.title,
          topicTitle: session.topicTitle,
          kind: session.kind,
          statement: session.attestationStatement,
          closesAt: session.attestationClosesAt,
          closed: Date.parse(session.attestationClosesAt) < Date.now(),
          evidence: { minutes: evidence.minutes, minimum: evidence.minimum },
          ruleMet: evidence.met,
          reason: evidence.reason,
          attested: attested ?? null,
        };
      });
    },

    /**
     * Records the signed-in person's attestation. When their evidence meets the session's rule the topic is
     * completed at once; otherwise the attestation is held for the training team to review.
     */
    async attest({ actor, token }: { actor: Actor; token: string }) {
      const personId = requirePerson(actor);
      return scoped(actor, async (tx) => {
        const session = await findSession(tx, personId, { token });
        if (!session) throw notFound('The attestation link');
        if (Date.parse(session.attestationClosesAt) < Date.now())
          throw new AppError(TrainingErrors.ATTESTATION_CLOSED);
        if (await repo.findAttestation(tx, session.id, personId))
          throw new AppError(TrainingErrors.ALREADY_ATTESTED);
        const evidence = await evidenceFor(tx, session, personId);
        const status: 'accepted' | 'held' = evidence.met ? 'accepted' : 'held';
        const attestationId = await repo.insertAttestation(tx, {
          orgId: session.orgId,
          sessionId: session.id,
          personId,
          personName: actor.name,
          statement: session.attestationStatement,
          evidence,
          status,
          reason: evidence.reason,
          ip: actor.ip ?? null,
        });
        let completionId: string | null = null;
        if (evidence.met) {
          completionId = await completeSession(tx, session, {
            personId,
            personName: actor.name,
            evidence: {
              attestationId,
              minutes: evidence.minutes,
              minimum: evidence.minimum,
              joins: evidence.joins,
            },
            recordedBy: actor.userId,
            recordedByName: `${actor.name} (attestation)`,
          });
        }
        await audit.recordChange(tx, actor, {
          action: status === 'accepted' ? 'attest' : 'attest.held',
          entityType: 'training_session',
          entityId: session.id,
          details: { attestationId, completionId, minutes: evidence.minutes, minimum: evidence.minimum },
        });
        return { status, reason: evidence.reason, completionId };
      });
    },
  };
}
