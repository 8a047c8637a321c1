import { randomBytes } from 'node:crypto';
import type { AuditTrail } from '../../platform/audit/audit.service.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database, Db } from '../../platform/db/client.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { createRateLimiter } from '../../platform/http/rate-limit.js';
import { staleOrMissing } from '../../platform/http/versioning.js';
import { renderCertificate } from './certificates/certificate.pdf.js';
import * as records from './completions.repository.js';
import { TrainingErrors } from './training.errors.js';
import { COMPLETION_METHOD_LABELS } from './training.labels.js';
import { trainingPolicy as policy } from './training.policy.js';
import * as repo from './training.repository.js';
import type { CompletionView } from './training.schemas.js';
import { trainingScope } from './training.scope.js';

type Page = { offset: number; limit: number };
type ListOrder = { sort?: string | undefined; dir: string };

/** Crockford base32 without look-alikes; 10 characters carry 50 bits, grouped for reading aloud. */
export function certificateCode() {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => alphabet[b % 32]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/**
 * Records that a person completed a session (attested, reviewed, or a self-paced module passed). The date is
 * the session's end for a live webinar, otherwise today.
 */
export function completeSession(
  db: Db,
  session: Pick<repo.SessionRow, 'orgId' | 'id' | 'topicId' | 'kind' | 'endsAt'>,
  c: {
    personId: string;
    personName: string;
    evidence: object;
    recordedBy: string | null;
    recordedByName: string;
  },
) {
  return records.insertCompletion(db, {
    orgId: session.orgId,
    personId: c.personId,
    personName: c.personName,
    topicId: session.topicId,
    completedOn: ((session.kind === 'live' && session.endsAt) || new Date().toISOString()).slice(0, 10),
    method: session.kind,
    sessionId: session.id,
    evidence: c.evidence,
    recordedBy: c.recordedBy,
    recordedByName: c.recordedByName,
    certificateCode: certificateCode(),
  });
}

/** Completions: a person's record of training, its certificate, and the public check of a certificate. */
export function createCompletionsService(deps: { database: Database; audit: AuditTrail; baseUrl: string }) {
  const { database, audit, baseUrl } = deps;
  const { orgOf, requirePerson, scoped, reading } = trainingScope(database);
  const verifyLimiter = createRateLimiter({ limit: 20, windowMs: 10 * 60_000 });

  return {
    async listCompletions(actor: Actor, personId: string | undefined, q: ListOrder, page: Page) {
      const id = personId ?? requirePerson(actor);
      policy.authorize(actor, 'completion.read', { id });
      const list = await reading(actor, (db) => records.listCompletions(db, id, q, page));
      audit.recordRead(actor, { entityType: 'training_completions', entityId: id });
      return list;
    },

    async recordCompletion(
      actor: Actor,
      input: { personId: string; topicId: string; completedOn: string; method: string; evidence: object },
    ) {
      policy.authorize(actor, 'completion.record');
      const orgId = orgOf(actor);
      return scoped(actor, async (tx) => {
        if (!(await repo.findTopic(tx, input.topicId))) throw notFound('The topic');
        const personName = await records.visiblePersonName(tx, input.personId);
        if (!personName) throw notFound('The person');
        const id = await records.insertCompletion(tx, {
          orgId,
          ...input,
          personName,
          sessionId: null,
          recordedBy: actor.userId,
          recordedByName: actor.name,
          certificateCode: certificateCode(),
        });
        await audit.recordChange(tx, actor, {
          action: 'create',
          entityType: 'training_completion',
          entityId: id,
          details: { personId: input.personId, topicId: input.topicId, method: input.method },
        });
        return { id };
      });
    },

    async revokeCompletion(actor: Actor, id: string, reason: string, version: number) {
      return scoped(actor, async (tx) => {
        const completion = await records.findCompletion(tx, { id });
        if (!completion) throw notFound('The completion');
        policy.authorize(actor, 'completion.revoke', completion);
        if (completion.revokedAt) throw new AppError(TrainingErrors.COMPLETION_REVOKED);
        if (!(await records.revokeCompletion(tx, id, reason, version)))
          staleOrMissing(true, 'The completion');
        await audit.recordChange(tx, actor, {
          action: 'revoke',
          entityType: 'training_completion',
          entityId: id,
          details: { reason },
        });
      });
    },

    async certificate(actor: Actor, id: string) {
      const completion = await reading(actor, (db) => records.findCompletion(db, { id }));
      if (!completion || !policy.can(actor, 'completion.read', { id: completion.personId })) {
        throw notFound('The completion');
      }
      audit.recordRead(actor, { action: 'certificate', entityType: 'training_completion', entityId: id });
      return { completion, pdf: await renderCertificate(certificateFacts(completion)) };
    },

    /** The public check of a certificate code: that certificate only, and only when the code is exact. */
    async verify(code: string, ip: string) {
      if (!verifyLimiter.take(ip)) throw new AppError('RATE_LIMITED');
      const completion = await records.findCompletion(database.system, { code: code.trim().toUpperCase() });
      if (!completion) throw notFound('A certificate with this code');
      await audit.recordNow(
        { userId: null, name: 'public verification', ip, userAgent: null, orgId: completion.orgId },
        { action: 'verify', entityType: 'training_completion', entityId: completion.id },
      );
      return {
        code: completion.certificateCode,
        status: completion.revokedAt ? ('revoked' as const) : ('valid' as const),
        name: completion.personName,
        topic: completion.topicTitle,
        completedOn: completion.completedOn,
        issuer: completion.issuer,
        revokedOn: completion.revokedAt?.slice(0, 10) ?? null,
      };
    },
  };

  function certificateFacts(c: CompletionView) {
    return {
      name: c.personName,
      topic: c.topicTitle,
      completedOn: c.completedOn,
      issuer: c.issuer,
      method: COMPLETION_METHOD_LABELS[c.method].toLowerCase(),
      code: c.certificateCode,
      verifyUrl: `${baseUrl}/verify/${c.certificateCode}`,
      revoked: Boolean(c.revokedAt),
    };
  }
}
