import { type JobView, jobView } from '@contract/jobs.schemas.js';
import { pageOf, uuidParam } from '@contract/list.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../auth/actor.js';
import { hasRole } from '../auth/actor.js';
import { actorOf } from '../auth/auth.hook.js';
import type { Database } from '../db/client.js';
import { withScope } from '../db/scope.js';
import type { FileStore } from '../files/file-store.js';
import { notFound } from '../http/errors.js';
import { attachment } from '../http/export.js';
import { find, type Job, listJobs } from './queue.js';

export { jobView };

/** A job as the API shows it: an import's file name comes from its payload, which is not shown. */
export const jobViewOf = (job: Job): JobView => {
  const fileName = (job.payload as { fileName?: unknown }).fileName;
  return {
    ...job,
    createdAt: job.createdAt.toISOString(),
    heartbeatAt: job.heartbeatAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
    fileName: typeof fileName === 'string' ? fileName : null,
  };
};

/** A job is visible to whoever started it and to the organisation's administrators. */
const mayView = (actor: Actor, job: { createdBy: string | null }) =>
  job.createdBy === actor.userId || hasRole(actor, 'org_admin');

export function jobsRoutes(deps: { database: Database; files: FileStore }): FastifyPluginAsyncZod {
  const { database, files } = deps;
  async function visibleJob(actor: Actor, id: string) {
    if (!actor.orgId) throw notFound('The job');
    const job = await withScope(database, { orgIds: [actor.orgId] }, (tx) => find(tx, actor.orgId!, id));
    if (!job || !mayView(actor, job)) throw notFound('The job');
    return job;
  }
  return async (app) => {
    app.get(
      '/api/jobs',
      {
        schema: {
          tags: ['jobs'],
          summary: 'Recent jobs (imports, exports) at the active organisation',
          querystring: z.object({
            kind: z.string().optional(),
            page: z.coerce.number().int().min(1).default(1),
            pageSize: z.coerce.number().int().min(1).max(100).default(20),
          }),
          response: { 200: z.object({ items: z.array(jobView) }) },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        if (!actor.orgId) return { items: [] };
        // Visibility is part of the query, so a page is a full page of jobs the caller may see.
        const createdBy = hasRole(actor, 'org_admin') ? undefined : actor.userId;
        const list = await withScope(database, { orgIds: [actor.orgId] }, (tx) =>
          listJobs(tx, actor.orgId!, pageOf(request.query), { kind: request.query.kind, createdBy }),
        );
        return { items: list.map(jobViewOf) };
      },
    );

    app.get(
      '/api/jobs/:id',
      {
        schema: {
          tags: ['jobs'],
          summary: 'A job with its progress and result',
          params: uuidParam,
          response: { 200: jobView },
        },
      },
      async (request) => jobViewOf(await visibleJob(actorOf(request), request.params.id)),
    );

    app.get(
      '/api/jobs/:id/result',
      { schema: { tags: ['jobs'], summary: "Download a job's result file", params: uuidParam } },
      async (request, reply) => {
        const actor = actorOf(request);
        const job = await visibleJob(actor, request.params.id);
        const fileId = (job.result as { resultFileId?: string } | null)?.resultFileId;
        if (!fileId) throw notFound('The result file');
        const file = await withScope(database, { orgIds: [job.orgId] }, (tx) =>
          files.find(tx, job.orgId, fileId),
        );
        reply.header('content-disposition', attachment(file.name));
        reply.type(file.contentType);
        return reply.send(files.open(job.orgId, file.id));
      },
    );
  };
}
