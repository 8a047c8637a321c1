// FHIR Bulk Data export (decision 066): `$export` at system, Group and Patient level, asynchronous with the
// kick-off, status and NDJSON file protocol. The export is a job run as its requester, with their roles as
// they stand when it runs; each domain's exporters give their resources a batch at a time, written to one
// NDJSON file per type as they come, so memory stays flat whatever the size.
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { formatNumber } from '@contract/text/figures.js';
import { isUuid } from '../audit/audit.chain.js';
import type { AuditActor, AuditTrail } from '../audit/audit.service.js';
import { type Actor, activeOrgOf, type MembershipLoader } from '../auth/actor.js';
import { scopesAllow } from '../auth/smart-scopes.js';
import type { Database } from '../db/client.js';
import type { FileStore } from '../files/file-store.js';
import { AppError, CommonErrors, notFound, validationFailed } from '../http/errors.js';
import * as jobsRepo from '../jobs/jobs.repository.js';
import type { JobHandler, JobQueue } from '../jobs/queue.js';
import type { ExportLevel, ExportScope, FhirExporter } from './exporter.js';
import { FhirErrors } from './fhir.errors.js';
import { type Json, operationOutcome, versioned } from './fhir.js';

export const FHIR_EXPORT_JOB = 'fhir.export';
export const NDJSON = 'application/fhir+ndjson';

interface Requester extends AuditActor {
  userId: string;
  personId: string;
  isSystemAdmin: boolean;
  orgId: string;
  client?: { id: string; scopes: readonly string[] };
}

interface ExportPayload {
  level: ExportLevel;
  group: string | null;
  types: string[];
  since: string | null;
  /** The kick-off request's URL, as the manifest repeats it. */
  request: string;
  requester: Requester;
}

declare module '../jobs/queue.js' {
  interface JobKinds {
    [FHIR_EXPORT_JOB]: ExportPayload;
  }
}

/** One file of a finished export: its type, its stored file, how many resources it holds. */
interface OutputFile {
  type: string;
  fileId: string;
  count: number;
}

/** The parameters of a kick-off request, as the routes pass them on. */
export interface KickOff {
  actor: Actor;
  level: ExportLevel;
  group?: string;
  types?: string | undefined;
  since?: string | undefined;
  outputFormat?: string | undefined;
  /** The request's Prefer header, which must ask for an asynchronous answer. */
  prefer: string | undefined;
  request: string;
}

const OUTPUT_FORMATS = new Set([NDJSON, 'application/ndjson', 'ndjson']);
/** A FHIR instant: a day and time with seconds and a zone. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

export function createFhirExport({
  database,
  audit,
  files,
  jobs,
  memberships,
  exporters,
  groups,
}: {
  database: Database;
  audit: AuditTrail;
  files: FileStore;
  jobs: JobQueue;
  memberships: MembershipLoader;
  exporters: FhirExporter[];
  /** Whether the actor sees a Group of that id, whose members a Group-level export exports. */
  groups: (actor: Actor, id: string) => Promise<boolean>;
}) {
  const db = database.system;
  const byType = new Map(exporters.map((e) => [e.type, e]));
  const typesAt = (level: ExportLevel) =>
    exporters.filter((e) => level === 'system' || e.patientCompartment).map((e) => e.type);

  /** The requester as they stand now: refused when they no longer hold a role at the organisation. */
  async function actorNow(r: Requester, jobId: string): Promise<Actor> {
    const loaded = await memberships(r.personId, r.isSystemAdmin);
    const membership = loaded.memberships.find((m) => m.orgId === r.orgId);
    if (!membership) throw new Error(`${r.name} no longer holds a role at the organisation`);
    return {
      userId: r.userId,
      personId: r.personId,
      name: r.name,
      email: '',
      isSystemAdmin: r.isSystemAdmin,
      orgId: r.orgId,
      roles: membership.roles,
      memberships: [membership],
      ip: r.ip,
      userAgent: r.userAgent,
      sessionId: `export:${jobId}`,
      csrfToken: '',
      ...(r.client ? { client: r.client } : {}),
    };
  }

  /** Writes one type's resources to a new file; the file's id and count, or none when nothing was found. */
  async function writeType(
    orgId: string,
    exporter: FhirExporter,
    scope: ExportScope,
    written: string[],
    progress: (count: number) => Promise<void>,
    signal: AbortSignal,
  ) {
    const fileId = randomUUID();
    const file = files.pathOf(orgId, fileId);
    await mkdir(path.dirname(file), { recursive: true });
    written.push(fileId);
    const out = createWriteStream(file);
    let count = 0;
    try {
      for await (const batch of exporter.batches(scope)) {
        signal.throwIfAborted();
        if (!batch.length) continue;
        const lines = `${batch.map((r) => JSON.stringify(versioned(r))).join('\n')}\n`;
        if (!out.write(lines)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
        count += batch.length;
        await progress(count);
      }
    } finally {
      out.end();
      await finished(out);
    }
    return count ? { fileId, count } : undefined;
  }

  const handler: JobHandler<typeof FHIR_EXPORT_JOB> = async (job, ctx) => {
    const p = job.payload;
    const actor = await actorNow(p.requester, job.id);
    const transactionTime = new Date().toISOString();
    const scope = { actor, since: p.since ? new Date(p.since) : null, group: p.group };
    const written: string[] = [];
    const output: OutputFile[] = [];
    const errors: Json[] = [];
    let done = 0;
    try {
      for (const type of p.types) {
        const exporter = byType.get(type);
        if (!exporter) continue;
        const progress = (count: number) =>
          ctx.progress(done + count, null, `${type}: ${formatNumber(count)} written`);
        try {
          const file = await writeType(job.orgId, exporter, scope, written, progress, ctx.signal);
          if (file) output.push({ type, ...file });
          done += file?.count ?? 0;
        } catch (err) {
          // A type the requester's roles do not let them read is reported, and the rest exported.
          if (!(err instanceof AppError) || err.code !== CommonErrors.FORBIDDEN) throw err;
          errors.push(operationOutcome(403, { code: err.code, message: `${type}: ${err.message}` }));
        }
      }
      if (errors.length) {
        const errorFile = await writeType(
          job.orgId,
          {
            type: 'OperationOutcome',
            patientCompartment: false,
            readableBy: () => true,
            batches: async function* () {
              yield errors;
            },
          },
          scope,
          written,
          async () => {},
          ctx.signal,
        );
        if (errorFile) output.push({ type: 'OperationOutcome', ...errorFile });
      }
      for (const o of output)
        await files.register(db, {
          orgId: job.orgId,
          id: o.fileId,
          name: `${o.type}.ndjson`,
          contentType: NDJSON,
          purpose: 'fhir-export',
          createdBy: p.requester.userId,
        });
    } catch (err) {
      await Promise.all(written.map((id) => files.remove(job.orgId, id)));
      throw err;
    }
    await audit.recordNow(p.requester, {
      action: 'export',
      entityType: 'fhir_export',
      entityId: job.id,
      details: {
        phi: true,
        level: p.level,
        ...(p.group ? { group: p.group } : {}),
        ...(p.since ? { since: p.since } : {}),
        counts: Object.fromEntries(output.map((o) => [o.type, o.count])),
      },
    });
    return {
      transactionTime,
      output,
      message: output.length
        ? output.map((o) => `${o.type}: ${formatNumber(o.count)}`).join(', ')
        : 'Nothing to export',
    };
  };
  jobs.register(FHIR_EXPORT_JOB, handler);

  /** Whether the caller's token (if a client's) covers a file: the error file always. */
  const within = (actor: Actor, o: OutputFile) =>
    !actor.client || o.type === 'OperationOutcome' || scopesAllow(actor.client.scopes, o.type, 's');

  /** The requester's own export, or not found (another person's, another organisation's, or no export). */
  async function exportOf(actor: Actor, id: string) {
    const orgId = activeOrgOf(actor);
    const job = isUuid(id) ? await jobsRepo.find(db, orgId, id) : undefined;
    if (!job || job.kind !== FHIR_EXPORT_JOB || job.createdBy !== actor.userId) throw notFound('The export');
    return job;
  }

  return {
    /** The resource types an export at the level may name. */
    typesAt,
    groupExists: groups,

    /**
     * Checks the kick-off request and queues the export; its job id names it. Every type named must be one
     * exported at the level and, for an API client, within its scopes (`s`: an export is a search of all).
     */
    async kickOff(k: KickOff) {
      const orgId = activeOrgOf(k.actor);
      const scopes = k.actor.client?.scopes;
      const readable = (t: string) =>
        Boolean(byType.get(t)?.readableBy(k.actor)) && (!scopes || scopesAllow(scopes, t, 's'));
      // Who may export comes first: a caller who may read none of it learns nothing more.
      if (!typesAt(k.level).some(readable))
        throw new AppError(CommonErrors.FORBIDDEN, 'You may export none of the records served here.');
      const problems: { path: string; message: string }[] = [];
      if (!/(^|[\s,;])respond-async($|[\s,;])/i.test(k.prefer ?? ''))
        problems.push({ path: 'Prefer', message: 'Send the header Prefer: respond-async' });
      if (k.outputFormat !== undefined && !OUTPUT_FORMATS.has(k.outputFormat))
        problems.push({
          path: '_outputFormat',
          message: `Concord writes ${NDJSON} only, not "${k.outputFormat}"`,
        });
      if (k.since !== undefined && (!INSTANT.test(k.since) || Number.isNaN(Date.parse(k.since))))
        problems.push({
          path: '_since',
          message: 'Give an instant with its time zone, like 2026-11-01T00:00:00Z',
        });
      const offered = typesAt(k.level);
      const asked = k.types
        ?.split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      const unknown = asked?.filter((t) => !offered.includes(t)) ?? [];
      if (asked && !asked.length)
        problems.push({ path: '_type', message: 'Name at least one type, or leave _type out for them all' });
      if (unknown.length)
        problems.push({
          path: '_type',
          message: `${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not exported here; ${k.level === 'system' ? 'the' : 'a patient-level export’s'} types are ${offered.join(', ')}`,
        });
      if (problems.length) throw validationFailed(problems, 'The export request cannot be started.');
      const types = asked ? [...new Set(asked)] : offered.filter(readable);
      const refused = types.filter((t) => !readable(t));
      if (refused.length)
        throw new AppError(
          CommonErrors.FORBIDDEN,
          scopes
            ? `The access token's scopes or its identity's roles do not let it read ${refused.map((t) => `system/${t}.s`).join(', ')}.`
            : `Your roles do not let you read ${refused.join(', ')}.`,
        );
      // A Group's members are read by reading the Group: a client needs that scope too.
      if (k.level === 'group' && scopes && !scopesAllow(scopes, 'Group', 'r'))
        throw new AppError(
          CommonErrors.FORBIDDEN,
          "The access token's scopes do not include system/Group.r.",
        );
      const a = k.actor;
      // Exports are long: each requester has at most two waiting or running, so no one fills the queue.
      if ((await jobsRepo.unfinishedOf(db, orgId, FHIR_EXPORT_JOB, a.userId)) >= 2)
        // Told to come back when a running export may have finished.
        throw Object.assign(new AppError(FhirErrors.EXPORT_BUSY), { retryAfterSeconds: 30 });
      const requester: Requester = {
        userId: a.userId,
        personId: a.personId,
        name: a.name,
        isSystemAdmin: a.isSystemAdmin,
        orgId,
        ip: a.ip,
        userAgent: a.userAgent,
        ...(a.client ? { client: { id: a.client.id, scopes: [...a.client.scopes] } } : {}),
      };
      return jobs.enqueue(db, {
        orgId,
        kind: FHIR_EXPORT_JOB,
        payload: {
          level: k.level,
          group: k.group ?? null,
          types,
          since: k.since ? new Date(k.since).toISOString() : null,
          request: k.request,
          requester,
        },
        createdBy: a.userId,
        maxAttempts: 2,
      });
    },

    /**
     * The export as its requester asks after it. A client asking with a token narrower than the one that
     * started the export is shown only the files its scopes cover.
     */
    async status(actor: Actor, id: string) {
      const job = await exportOf(actor, id);
      const result = job.result as { transactionTime: string; output: OutputFile[] } | null;
      const shown = result && { ...result, output: result.output.filter((o) => within(actor, o)) };
      return { job, request: job.payload.request as string, result: shown };
    },

    /** One file of the requester's finished export, audited as an export of what it holds. */
    async file(actor: Actor, id: string, fileId: string) {
      const job = await exportOf(actor, id);
      const output = (job.result as { output?: OutputFile[] } | null)?.output ?? [];
      const found = job.status === 'succeeded' ? output.find((o) => o.fileId === fileId) : undefined;
      if (!found) throw notFound('The file');
      if (!within(actor, found))
        throw new AppError(
          CommonErrors.FORBIDDEN,
          `The access token's scopes do not include system/${found.type}.s.`,
        );
      audit.recordRead(actor, {
        action: 'export',
        entityType: 'fhir_export',
        entityId: job.id,
        orgId: job.orgId,
        details: { phi: true, type: found.type, count: found.count },
      });
      return files.open(job.orgId, fileId);
    },

    /**
     * Cancels an export still to finish, or deletes a finished one's files: the job is forgotten, so a run
     * under way loses it at its next heartbeat and removes what it wrote.
     */
    async cancel(actor: Actor, id: string) {
      const job = await exportOf(actor, id);
      await jobsRepo.forget(db, job.orgId, job.id);
      const output = (job.result as { output?: OutputFile[] } | null)?.output ?? [];
      await Promise.all(output.map((o) => files.remove(job.orgId, o.fileId)));
      await files.forget(
        db,
        job.orgId,
        output.map((o) => o.fileId),
      );
    },
  };
}

export type FhirExport = ReturnType<typeof createFhirExport>;
