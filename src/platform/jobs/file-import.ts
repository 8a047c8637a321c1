import { PassThrough, type Writable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { AuditActor } from '../audit/audit.service.js';
import { type Actor, activeOrgOf } from '../auth/actor.js';
import { actorOf } from '../auth/auth.hook.js';
import type { Database, Db } from '../db/client.js';
import { type FileStore, type Upload, uploadFileName } from '../files/file-store.js';
import { formatOf, type TabularFormat } from '../files/tabular.js';
import { AppError } from '../http/errors.js';
import { attachment } from '../http/export.js';
import { jobView, jobViewOf } from './jobs.routes.js';
import type { JobQueue } from './queue.js';

/** What an import job is given: the stored upload and who asked for it (for the audit trail). */
export interface FileImportPayload {
  fileId: string;
  fileName: string;
  actor: AuditActor;
}

/**
 * An import of an uploaded XLSX or CSV file, run as a job: `startImport` stores the file and queues the job
 * in one transaction (the job never exists without its file). A file of another type is refused, naming
 * it, before anything is stored; `authorize` is asked before the upload is read at all.
 */
export function fileImporter(
  deps: { database: Database; files: FileStore; jobs: JobQueue },
  spec: {
    kind: string;
    purpose: string;
    /** The error code for a file of another type than `formats`. */
    wrongType: string;
    /** The file types taken; .xlsx and .csv unless said otherwise. */
    formats?: TabularFormat[];
    authorize(actor: Actor): void;
  },
) {
  const formats = spec.formats ?? ['xlsx', 'csv'];
  function authorize(actor: Actor) {
    spec.authorize(actor);
    return activeOrgOf(actor);
  }
  return {
    authorize,
    wrongType: spec.wrongType,
    /**
     * Two attempts from the web (a crashed worker's job is taken up again); the CLI runs it once, here.
     * `details` go into the job's payload beside the file (what the import is into). An upload cut off at
     * the size limit is refused and nothing is kept: its job would have imported part of the file.
     */
    async startImport(actor: Actor, upload: Upload, maxAttempts = 2, details: Record<string, string> = {}) {
      const orgId = authorize(actor);
      const format = formatOf(upload.fileName);
      if (!format || !formats.includes(format)) {
        upload.stream.resume();
        throw new AppError(spec.wrongType, undefined, [
          {
            path: 'file',
            message: `"${upload.fileName}" is not ${formats.map((f) => `.${f}`).join(' or ')}`,
          },
        ]);
      }
      const auditActor = {
        userId: actor.userId,
        name: actor.name,
        ip: actor.ip,
        userAgent: actor.userAgent,
        orgId,
      };
      let saved: string | null = null;
      try {
        return await deps.database.system.transaction(async (transaction) => {
          const tx = transaction as unknown as Db;
          const file = await deps.files.save(
            tx,
            {
              orgId,
              name: upload.fileName,
              contentType: upload.contentType,
              purpose: spec.purpose,
              createdBy: actor.userId,
            },
            upload.stream,
          );
          saved = file.id;
          if (upload.truncated?.())
            throw new AppError(
              'PAYLOAD_TOO_LARGE',
              'The file is larger than the upload limit: split it into smaller files and import each.',
            );
          const payload: FileImportPayload = {
            fileId: file.id,
            fileName: upload.fileName,
            actor: auditActor,
          };
          return deps.jobs.enqueue(tx, {
            orgId,
            kind: spec.kind,
            payload: { ...details, ...payload },
            createdBy: actor.userId,
            maxAttempts,
          });
        });
      } catch (err) {
        if (saved) await deps.files.remove(orgId, saved); // its row was rolled back
        throw err;
      }
    },
  };
}

export type FileImporter = ReturnType<typeof fileImporter>;

/** The two routes of an import: its XLSX template, and the upload (multipart field "file") that starts the job. */
export function fileImportRoutes(
  importer: FileImporter,
  spec: {
    path: string;
    tags: string[];
    what: string;
    templateName: string;
    writeTemplate(out: Writable): Promise<unknown>;
    /** Query parameters the upload takes, and what of them (and of the actor) goes into the job's payload. */
    options?: {
      querystring: z.ZodObject;
      details(query: Record<string, string>, actor: Actor): Record<string, string>;
    };
  },
): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      `${spec.path}/template`,
      { schema: { tags: spec.tags, summary: `The XLSX template for ${spec.what}` } },
      async (_request, reply) => {
        reply.header('content-disposition', attachment(spec.templateName));
        reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        const out = new PassThrough();
        spec.writeTemplate(out).then(
          () => out.end(),
          (err) => out.destroy(err),
        );
        return reply.send(out);
      },
    );

    app.post(
      spec.path,
      {
        schema: {
          tags: spec.tags,
          summary: `Upload an XLSX or CSV for ${spec.what} (multipart field "file"); returns the import job`,
          consumes: ['multipart/form-data'],
          ...(spec.options ? { querystring: spec.options.querystring } : {}),
          response: { 202: jobView },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        importer.authorize(actor);
        const part = await request.file();
        if (!part) throw new AppError(importer.wrongType, 'Attach the file in the "file" field.');
        const details = spec.options?.details(request.query as Record<string, string>, actor) ?? {};
        const job = await importer.startImport(
          actor,
          {
            fileName: uploadFileName(part.filename),
            contentType: part.mimetype,
            stream: part.file,
            truncated: () => part.file.truncated,
          },
          2,
          details,
        );
        return reply.code(202).send(jobViewOf(job));
      },
    );
  };
}
