import { PassThrough } from 'node:stream';
import {
  batchPage,
  batchProblemsView,
  batchUploadQuery,
  batchView,
  cpDirectoryView,
  directoryEntryInput,
  ltssGapsView,
  memberChoiceInput,
  memberHistoryView,
  memberQuery,
} from '@contract/enrollment/enrollment.schemas.js';
import { listQuery, pageOf, uuidParam } from '@contract/list.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/auth/auth.hook.js';
import { attachment } from '../../platform/http/export.js';
import { fileImportRoutes } from '../../platform/jobs/file-import.js';
import { writeBatchTemplate } from './batch.template.js';
import type { EnrollmentService } from './enrollment.service.js';

const tags = ['enrollment'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const batchList = listQuery(['createdAt']);

export function enrollmentRoutes(service: EnrollmentService): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(
      fileImportRoutes(service.importer, {
        path: '/api/enrollment/batches',
        tags,
        what: 'a Community Partner enrollment batch (E, D and T rows), checked whole and applied whole or not at all',
        templateName: 'concord-cp-enrollment-batch-template.xlsx',
        writeTemplate: writeBatchTemplate,
        options: { querystring: batchUploadQuery, details: service.batchDetails },
      }),
    );

    app.get(
      '/api/enrollment/batches',
      {
        schema: {
          tags,
          summary: 'The batches your organisation sent, newest first (a state agency: every organisation’s)',
          querystring: batchList,
          response: { 200: batchPage },
        },
      },
      async (request) => {
        const { items, total } = await service.listBatches(actorOf(request), pageOf(request.query));
        return { items, total, page: request.query.page, pageSize: request.query.pageSize };
      },
    );

    app.get(
      '/api/enrollment/batches/:id',
      {
        schema: {
          tags,
          summary: 'One batch: who sent it, when, its outcome and counts',
          params: uuidParam,
          response: { 200: batchView },
        },
      },
      async (request) => service.getBatch(actorOf(request), request.params.id),
    );

    const download = (path: string, summary: string, file: 'resultFile' | 'portalFile') =>
      app.get(path, { schema: { tags, summary, params: uuidParam } }, async (request, reply) => {
        const { name, write } = await service[file](actorOf(request), request.params.id);
        reply.header('content-disposition', attachment(name));
        reply.type(XLSX);
        const out = new PassThrough();
        write(out).then(
          () => out.end(),
          (err) => out.destroy(err),
        );
        return reply.send(out);
      });
    download(
      '/api/enrollment/batches/:id/result',
      'The result workbook: every row with its outcome, and each problem naming its column (audited as PHI)',
      'resultFile',
    );
    download(
      '/api/enrollment/batches/:id/portal-file',
      'The rows of an applied batch in the template’s layout, for the state’s portal, with a row count (audited as PHI)',
      'portalFile',
    );

    app.get(
      '/api/enrollment/batches/:id/problems',
      {
        schema: {
          tags,
          summary: 'The first 50 refused rows of a batch: row number, and each problem naming its column',
          params: uuidParam,
          response: { 200: batchProblemsView },
        },
      },
      async (request) => ({ items: await service.batchProblems(actorOf(request), request.params.id) }),
    );

    app.get(
      '/api/enrollment/members',
      {
        schema: {
          tags,
          summary: 'A member’s Community Partner enrollment over time, by MassHealth ID (audited as PHI)',
          querystring: memberQuery,
          response: { 200: memberHistoryView },
        },
      },
      async (request) => ({
        items: await service.memberHistory(actorOf(request), request.query.masshealthId),
      }),
    );

    app.get(
      '/api/enrollment/directory',
      {
        schema: {
          tags,
          summary: 'Your organisation’s MassHealth provider IDs (PID) and service locations',
          response: { 200: z.object({ ids: z.array(z.object({ pid: z.string(), sl: z.string() })) }) },
        },
      },
      async (request) => service.ownProviderIds(actorOf(request)),
    );

    app.put(
      '/api/enrollment/directory',
      {
        schema: {
          tags,
          summary:
            'Set your organisation’s MassHealth provider IDs and service locations, and (a Community Partner) its confirmed capacity',
          body: directoryEntryInput,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await service.setDirectoryEntry(actorOf(request), request.body);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/enrollment/community-partners',
      {
        schema: {
          tags,
          summary:
            'The Community Partner directory: provider IDs, capacity (confirmed, used, free) and counties served',
          response: { 200: cpDirectoryView },
        },
      },
      async (request) => ({
        items: (await service.directory(actorOf(request))).map((c) => ({
          ...c,
          free: c.confirmed === null ? null : Math.max(0, c.confirmed - c.used),
        })),
      }),
    );

    app.get(
      '/api/enrollment/ltss-gaps',
      {
        schema: {
          tags,
          summary:
            'Each county an ACO or MCO serves where it has agreements with fewer than two LTSS Community Partners serving that county today',
          response: { 200: ltssGapsView },
        },
      },
      async (request) => ({ items: await service.ltssGaps(actorOf(request)) }),
    );

    app.post(
      '/api/enrollment/members/:id/choices',
      {
        schema: {
          tags,
          summary:
            'Record a member’s request for a different Community Partner, or to decline (it does not affect their MassHealth benefits); audited',
          params: uuidParam,
          body: memberChoiceInput,
          response: { 201: z.object({ id: z.uuid() }) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await service.recordChoice(actorOf(request), request.params.id, request.body)),
    );
  };
}
