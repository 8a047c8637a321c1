import { randomUUID } from 'node:crypto';
import { massachusettsDate, massachusettsToday } from '@contract/massachusetts-day.js';
import { COMPLETION_METHOD_LABELS } from '@contract/training/training.labels.js';
import type {
  COMPLETION_METHODS,
  CompletionView,
  CorrectionInput,
} from '@contract/training/training.schemas.js';
import type { AuditTrail } from '../../../platform/audit/audit.service.js';
import type { Actor } from '../../../platform/auth/actor.js';
import type { Database, Db } from '../../../platform/db/client.js';
import type { FileStore, Upload } from '../../../platform/files/file-store.js';
import { AppError, notFound, validationFailed } from '../../../platform/http/errors.js';
import { createRateLimiter } from '../../../platform/http/rate-limit.js';
import { staleOrMissing } from '../../../platform/http/versioning.js';
import { findUsableTopic } from '../catalog/catalog.repository.js';
import { renderCertificate } from '../certificates/certificate.pdf.js';
import { TrainingErrors } from '../training.errors.js';
import { trainingPolicy as policy } from '../training.policy.js';
import { trainingScope } from '../training.scope.js';
import * as records from './completions.repository.js';
import { certificateCode } from './session-completion.js';

type Page = { offset: number; limit: number };
type ListOrder = { sort?: string | undefined; dir: string };

/** The most completions a transcript lists (a working life of training is a few hundred). */
const TRANSCRIPT_MAX = 5_000;

/** The kinds of file accepted as evidence of a completion earned elsewhere, by extension. */
const EVIDENCE_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  txt: 'text/plain',
};
const EVIDENCE_PURPOSE = 'training-evidence';

/**
 * A completion is recorded once it has happened: one dated after today (in Massachusetts) would earn a
 * certificate, and count towards compliance, for training not yet taken.
 */
function notInFuture(completedOn: string) {
  const today = massachusettsToday();
  if (completedOn > today)
    throw validationFailed(
      [
        {
          path: 'body.completedOn',
          message: `${completedOn} is after today (${today}); record a completion once it has happened`,
        },
      ],
      `The completion date ${completedOn} is in the future. Give the day the training was completed.`,
    );
}

/** Whether the actor sees what the recording organisation kept with a completion: it does, and the person. */
const keepsEvidence = (actor: Actor, c: { orgId: string; personId: string }) =>
  c.orgId === actor.orgId || c.personId === actor.personId;

/**
 * Whether the actor's organisation may see the completion at all (decision 022): the recording organisation
 * and the person always; others only for a shared topic or their own. Anyone else is answered as for an
 * id no one has.
 */
const completionVisible = (actor: Actor, c: records.CompletionRow) =>
  keepsEvidence(actor, c) || c.shared || c.topicOrgId === actor.orgId;

/** The completion with this id, if the actor may read it; otherwise 404. */
async function readableCompletion(db: Db, actor: Actor, id: string) {
  const completion = await records.findCompletion(db, { id });
  if (!completion || !completionVisible(actor, completion)) throw notFound('The completion');
  return completion;
}

/**
 * A completion as the actor may see it. It counts wherever the person works, so every organisation where
 * they hold a role sees that it was done; the evidence, the corrections and the reason for a revocation
 * are what the recording organisation kept, seen only by it and by the person (decision 012).
 */
function completionSeenBy<C extends Pick<CompletionView, 'orgId' | 'personId'>>(actor: Actor, c: C): C {
  return keepsEvidence(actor, c) ? c : { ...c, evidence: {}, corrections: [], revokedReason: null };
}

/** Completions: a person's record of training, its certificate, and the public check of a certificate. */
export function createCompletionsService(deps: {
  database: Database;
  audit: AuditTrail;
  files: FileStore;
  baseUrl: string;
}) {
  const { database, audit, files, baseUrl } = deps;
  const { orgOf, requirePerson, scoped, reading } = trainingScope(database);
  const verifyLimiter = createRateLimiter({ limit: 20, windowMs: 10 * 60_000 });

  const service = {
    /** A person's completions: the actor's own, or those of someone who holds (or held) a role here. */
    async listCompletions({
      actor,
      personId,
      query: q,
      page,
    }: {
      actor: Actor;
      personId: string | undefined;
      query: ListOrder;
      page: Page;
    }) {
      const id = personId ?? requirePerson(actor);
      policy.authorize(actor, 'completion.read', { id });
      const list = await reading(actor, async (db) => {
        if (id !== actor.personId && !(await records.visiblePersonName(db, id))) throw notFound('The person');
        return records.listCompletions(
          db,
          { orgId: actor.orgId, personId: actor.personId ?? null },
          id,
          q,
          page,
        );
      });
      audit.recordRead(actor, { entityType: 'training_completions', entityId: id });
      return { ...list, items: list.items.map((c) => completionSeenBy(actor, c)) };
    },

    /**
     * A person's transcript (the actor's own by default): every completion recorded for them, newest first,
     * each with the address its certificate is checked at. Read and audited as the list is.
     */
    async transcript({ actor, personId }: { actor: Actor; personId: string | undefined }) {
      const { items } = await service.listCompletions({
        actor,
        personId,
        query: { sort: 'completedOn', dir: 'desc' },
        page: { offset: 0, limit: TRANSCRIPT_MAX },
      });
      const lines = items.map((c) => ({ ...c, verifyUrl: `${baseUrl}/verify/${c.certificateCode}` }));
      const id = personId ?? requirePerson(actor);
      const personName =
        items[0]?.personName ?? (await reading(actor, (db) => records.visiblePersonName(db, id))) ?? '';
      return { personName, lines };
    },

    /** Stores a file of evidence for a completion about to be recorded; the completion then names it. */
    async uploadEvidence({ actor, upload: receive }: { actor: Actor; upload: () => Promise<Upload> }) {
      policy.authorize(actor, 'completion.record');
      const orgId = orgOf(actor);
      const upload = await receive();
      const extension = upload.fileName.toLowerCase().split('.').pop() ?? '';
      const contentType = EVIDENCE_TYPES[extension];
      if (!contentType || !upload.fileName.includes('.')) {
        upload.stream.resume();
        throw new AppError(TrainingErrors.EVIDENCE_FILE_TYPE, undefined, [
          {
            path: 'file',
            message: `"${upload.fileName}" is not one of .${Object.keys(EVIDENCE_TYPES).join(', .')}`,
          },
        ]);
      }
      return scoped(actor, async (tx) => {
        const file = await files.save(
          tx,
          { orgId, name: upload.fileName, contentType, purpose: EVIDENCE_PURPOSE, createdBy: actor.userId },
          upload.stream,
        );
        if ((upload.stream as { truncated?: boolean }).truncated) {
          await files.remove(orgId, file.id);
          throw new AppError('PAYLOAD_TOO_LARGE');
        }
        await audit.recordChange(tx, actor, {
          action: 'upload',
          entityType: 'stored_file',
          entityId: file.id,
          details: { purpose: EVIDENCE_PURPOSE, name: file.name, size: file.size },
        });
        return { fileId: file.id, name: file.name, size: file.size };
      });
    },

    async recordCompletion({
      actor,
      input,
    }: {
      actor: Actor;
      input: {
        personId: string;
        topicId: string;
        completedOn: string;
        method: (typeof COMPLETION_METHODS)[number];
        evidence: { note?: string | undefined; fileId?: string | undefined };
      };
    }) {
      policy.authorize(actor, 'completion.record');
      const orgId = orgOf(actor);
      notInFuture(input.completedOn);
      // One statement writes the completion and its audit row, so it needs no transaction around it.
      return reading(actor, async (db) => {
        const evidence = { ...input.evidence, ...(await evidenceFile(db, orgId, input.evidence.fileId)) };
        const id = randomUUID();
        const recorded = await records.insertCheckedCompletion(
          db,
          {
            id,
            orgId,
            ...input,
            evidence,
            recordedBy: actor.userId,
            recordedByName: actor.name,
            certificateCode: certificateCode(),
          },
          (onlyIf) =>
            audit.inStatement(
              actor,
              {
                action: 'create',
                entityType: 'training_completion',
                entityId: id,
                details: { personId: input.personId, topicId: input.topicId, method: input.method, evidence },
              },
              onlyIf,
            ),
        );
        if (!recorded) {
          const { topicUsable } = await records.completionSubjects(db, orgId, input.topicId, input.personId);
          throw notFound(topicUsable ? 'The person' : 'The topic');
        }
        return { id };
      });
    },

    /** The evidence file a completion names, for whoever may read the completion. */
    async evidence({ actor, id }: { actor: Actor; id: string }) {
      const completion = await reading(actor, (db) => readableCompletion(db, actor, id));
      if (!policy.can(actor, 'completion.read', { id: completion.personId }))
        throw notFound('The completion');
      const fileId = (completionSeenBy(actor, completion).evidence as { fileId?: string }).fileId;
      if (!fileId) throw notFound('An evidence file for this completion');
      const file = await files.find(database.system, completion.orgId, fileId);
      audit.recordRead(actor, { action: 'evidence', entityType: 'training_completion', entityId: id });
      return { file, stream: files.open(file.orgId, file.id) };
    },

    /** Changes a completion's date, topic or evidence note, keeping what it was and why it changed. */
    async correctCompletion({
      actor,
      id,
      version,
      input,
    }: {
      actor: Actor;
      id: string;
      version: number;
      input: CorrectionInput;
    }) {
      if (input.completedOn) notInFuture(input.completedOn);
      return scoped(actor, async (tx) => {
        const completion = await readableCompletion(tx, actor, id);
        policy.authorize(actor, 'completion.revoke', completion);
        if (completion.revokedAt) throw new AppError(TrainingErrors.COMPLETION_REVOKED);
        if (input.topicId && input.topicId !== completion.topicId) {
          if (completion.sessionId) throw new AppError(TrainingErrors.TOPIC_FIXED_BY_SESSION);
          if (!(await findUsableTopic(tx, completion.orgId, input.topicId))) throw notFound('The topic');
        }
        const before = completion.evidence as { note?: string };
        const after = {
          completedOn: input.completedOn ?? completion.completedOn,
          topicId: input.topicId ?? completion.topicId,
          evidence: input.note === undefined ? before : { ...before, note: input.note },
        };
        const changes: Record<string, { from: unknown; to: unknown }> = {};
        if (after.completedOn !== completion.completedOn)
          changes.completedOn = { from: completion.completedOn, to: after.completedOn };
        if (after.topicId !== completion.topicId)
          changes.topicId = { from: completion.topicId, to: after.topicId };
        if (input.note !== undefined && input.note !== (before.note ?? ''))
          changes.note = { from: before.note ?? null, to: input.note };
        const correction = {
          at: new Date().toISOString(),
          byName: actor.name,
          reason: input.reason,
          changes,
        };
        if (!(await records.correctCompletion(tx, id, version, after, correction)))
          staleOrMissing(true, 'The completion');
        await audit.recordChange(tx, actor, {
          action: 'correct',
          entityType: 'training_completion',
          entityId: id,
          details: { reason: input.reason, changes },
        });
      });
    },

    async revokeCompletion({
      actor,
      id,
      version,
      reason,
    }: {
      actor: Actor;
      id: string;
      version: number;
      reason: string;
    }) {
      return scoped(actor, async (tx) => {
        const completion = await readableCompletion(tx, actor, id);
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

    async certificate({ actor, id }: { actor: Actor; id: string }) {
      const completion = await reading(actor, (db) => readableCompletion(db, actor, id));
      if (!policy.can(actor, 'completion.read', { id: completion.personId }))
        throw notFound('The completion');
      audit.recordRead(actor, { action: 'certificate', entityType: 'training_completion', entityId: id });
      return { completion, pdf: await renderCertificate(certificateFacts(completion)) };
    },

    /** The public check of a certificate code: that certificate only, and only when the code is exact. */
    async verify({ code, ip }: { code: string; ip: string }) {
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
        revokedOn: completion.revokedAt ? massachusettsDate(new Date(completion.revokedAt)) : null,
      };
    },
  };
  return service;

  /** The named evidence file, which must be one uploaded as evidence at this organisation. */
  async function evidenceFile(db: Db, orgId: string, fileId: string | undefined) {
    if (!fileId) return {};
    const file = await files.find(db, orgId, fileId).catch(() => undefined);
    if (file?.purpose !== EVIDENCE_PURPOSE) {
      throw validationFailed([
        { path: 'body.evidence.fileId', message: 'Not an evidence file uploaded here' },
      ]);
    }
    return { fileName: file.name };
  }

  function certificateFacts(c: CompletionView) {
    return {
      name: c.personName,
      topic: c.topicTitle,
      completedOn: c.completedOn,
      issuer: c.issuer,
      method: COMPLETION_METHOD_LABELS[c.method].toLowerCase(),
      code: c.certificateCode,
      verifyUrl: `${baseUrl}/verify/${c.certificateCode}`,
      ceHours: c.ceHours,
      ceAccreditor: c.ceAccreditor,
      revoked: Boolean(c.revokedAt),
    };
  }
}
