// The Bulk Data export's routes (decision 066), inside the FHIR API's plugin so every error is an
// OperationOutcome: the kick-off at system, Patient and Group level, the status, the files and the
// cancellation. A kick-off must carry `Prefer: respond-async`, as the specification requires; no page of
// another site can send that header, so a link cannot start an export in someone's name.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../auth/auth.hook.js';
import { AppError, CommonErrors, validationFailed } from '../http/errors.js';
import { type FhirExport, NDJSON } from './bulk-export.js';
import type { ExportLevel } from './exporter.js';
import { FHIR_BASE_PATH, type Json, operationOutcome } from './fhir.js';

const tags = ['fhir'];
const KICK_OFF_PARAMS = ['_outputFormat', '_type', '_since'];
const kickOffQuery = z.looseObject({
  _outputFormat: z.string().max(100).optional().describe('application/fhir+ndjson (the default)'),
  _type: z.string().max(1000).optional().describe('Resource types, comma-separated; all exported if absent'),
  _since: z.string().max(40).optional().describe('Only resources changed after this instant'),
});
const statusParams = z.object({ id: z.string().max(64) });

export function bulkExportRoutes(bulk: FhirExport, base: string): FastifyPluginAsyncZod {
  const kickOff = async (
    request: FastifyRequest,
    reply: FastifyReply,
    level: ExportLevel,
    group?: string,
  ) => {
    const query = request.query as z.infer<typeof kickOffQuery>;
    const unknown = Object.keys(query).filter((k) => !KICK_OFF_PARAMS.includes(k));
    if (unknown.length)
      throw validationFailed(
        unknown.map((name) => ({ path: name, message: `Concord's export does not take ${name}` })),
        `The export request names a parameter Concord does not answer: ${unknown.join(', ')}.`,
      );
    const { _outputFormat, _type, _since } = query;
    const job = await bulk.kickOff({
      actor: actorOf(request),
      level,
      ...(group ? { group } : {}),
      types: _type,
      since: _since,
      outputFormat: _outputFormat,
      prefer: [request.headers.prefer ?? ''].flat().join(','),
      request: `${base}${request.url.slice(FHIR_BASE_PATH.length)}`,
    });
    return reply
      .code(202)
      .header('content-location', `${base}/$export-status/${job.id}`)
      .type('application/fhir+json; charset=utf-8')
      .send({
        resourceType: 'OperationOutcome',
        issue: [
          {
            severity: 'information',
            code: 'informational',
            diagnostics: `The export has started; ask ${base}/$export-status/${job.id} how it goes.`,
          },
        ],
      });
  };

  return async (app) => {
    app.get(
      '/$export',
      {
        // A HEAD must not start an export.
        exposeHeadRoute: false,
        schema: {
          tags,
          summary:
            'FHIR Bulk Data export of everything you may read, as NDJSON files (asynchronous; audited as PHI)',
          querystring: kickOffQuery,
        },
      },
      (request, reply) => kickOff(request, reply, 'system'),
    );

    app.get(
      '/Patient/$export',
      {
        // A HEAD must not start an export.
        exposeHeadRoute: false,
        schema: {
          tags,
          summary: 'FHIR Bulk Data export of every patient you see and their records (asynchronous)',
          querystring: kickOffQuery,
        },
      },
      (request, reply) => kickOff(request, reply, 'patient'),
    );

    app.get(
      '/Group/:id/$export',
      {
        // A HEAD must not start an export.
        exposeHeadRoute: false,
        schema: {
          tags,
          summary: 'FHIR Bulk Data export of a Group’s patients (a program’s enrollees) and their records',
          params: statusParams,
          querystring: kickOffQuery,
        },
      },
      async (request, reply) => {
        if (!(await bulk.groupExists(actorOf(request), request.params.id)))
          throw new AppError(CommonErrors.NOT_FOUND, 'The group was not found.');
        return kickOff(request, reply, 'group', request.params.id);
      },
    );

    app.get(
      '/$export-status/:id',
      {
        schema: {
          tags,
          summary:
            'A bulk export’s status: 202 with X-Progress while it runs, then the manifest of its files',
          params: statusParams,
        },
      },
      async (request, reply) => {
        const { job, request: asked, result } = await bulk.status(actorOf(request), request.params.id);
        if (job.status === 'queued' || job.status === 'running')
          return reply
            .code(202)
            .header('x-progress', job.message ?? (job.status === 'queued' ? 'Waiting to start' : 'Running'))
            .header('retry-after', '2')
            .send();
        if (job.status === 'failed' || !result)
          return reply
            .code(500)
            .type('application/fhir+json; charset=utf-8')
            .send(
              operationOutcome(500, {
                code: 'EXPORT_FAILED',
                message: `The export failed: ${job.message ?? 'it stopped before it finished'}. Start it again.`,
              }),
            );
        const files = (errors: boolean) =>
          result.output
            .filter((o) => (o.type === 'OperationOutcome') === errors)
            .map((o) => ({
              type: o.type,
              url: `${base}/$export-file/${job.id}/${o.fileId}`,
              count: o.count,
            }));
        const manifest: Json = {
          transactionTime: result.transactionTime,
          request: asked,
          requiresAccessToken: true,
          output: files(false),
          error: files(true),
        };
        return reply.code(200).type('application/json').send(manifest);
      },
    );

    app.delete(
      '/$export-status/:id',
      {
        schema: {
          tags,
          summary: 'Cancels a bulk export still running, or deletes a finished one’s files',
          params: statusParams,
        },
      },
      async (request, reply) => {
        await bulk.cancel(actorOf(request), request.params.id);
        return reply.code(202).send();
      },
    );

    app.get(
      '/$export-file/:id/:fileId',
      {
        schema: {
          tags,
          summary: 'One NDJSON file of a finished bulk export (audited as PHI)',
          params: z.object({ id: z.string().max(64), fileId: z.string().max(64) }),
        },
      },
      async (request, reply) => {
        const { id, fileId } = request.params;
        const stream = await bulk.file(actorOf(request), id, fileId);
        return reply.type(NDJSON).header('cache-control', 'no-store').send(stream);
      },
    );
  };
}
