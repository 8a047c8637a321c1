import { ruleRefLabel } from '@contract/care/rules.labels.js';
import {
  assessmentInput,
  assessmentInstrumentView,
  assessmentView,
  enrolleeClocksView,
  majorChangeInput,
  majorChangeView,
  QUEUE_KIND_LABELS,
  QUEUE_KINDS,
  queueQuery,
  queueRowView,
  teamQueueQuery,
  teamRowView,
  transferInput,
  transferResult,
} from '@contract/care/work.schemas.js';
import { exportFormat, isoDate, pageOf, pageSchema, uuidParam } from '@contract/list.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/auth/auth.hook.js';
import { allPages, sendExport } from '../../platform/http/export.js';
import type { CareWorkService } from './care-work.service.js';

const tags = ['care'];

export function careWorkRoutes(service: CareWorkService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/care/enrollees/:id/assessments',
      {
        schema: {
          tags,
          summary:
            'Record a completed assessment (with its instrument’s answers as a survey response); it names the rule version whose due date it met',
          params: uuidParam,
          body: assessmentInput,
          response: { 201: assessmentView },
        },
      },
      async (request, reply) =>
        reply.code(201).send(
          await service.recordAssessment({
            actor: actorOf(request),
            enrolleeId: request.params.id,
            input: request.body,
          }),
        ),
    );

    app.get(
      '/api/care/enrollees/:id/instruments',
      {
        schema: {
          tags,
          summary:
            'The forms an assessment of the enrollee may be answered on: the holding plan’s published, identified surveys',
          params: uuidParam,
          response: { 200: z.object({ items: z.array(assessmentInstrumentView) }) },
        },
      },
      async (request) => ({
        items: await service.instruments({ actor: actorOf(request), enrolleeId: request.params.id }),
      }),
    );

    app.get(
      '/api/care/enrollees/:id/assessments',
      {
        schema: {
          tags,
          summary: 'The enrollee’s assessments, latest first (audited as PHI)',
          params: uuidParam,
          response: { 200: z.object({ items: z.array(assessmentView) }) },
        },
      },
      async (request) => ({
        items: await service.listAssessments({ actor: actorOf(request), enrolleeId: request.params.id }),
      }),
    );

    app.post(
      '/api/care/enrollees/:id/major-changes',
      {
        schema: {
          tags,
          summary: 'Record a major change (day and reason): it starts the major-change reassessment clock',
          params: uuidParam,
          body: majorChangeInput,
          response: { 201: majorChangeView },
        },
      },
      async (request, reply) =>
        reply.code(201).send(
          await service.recordMajorChange({
            actor: actorOf(request),
            enrolleeId: request.params.id,
            input: request.body,
          }),
        ),
    );

    app.get(
      '/api/care/enrollees/:id/major-changes',
      {
        schema: {
          tags,
          summary: 'The enrollee’s major changes, latest first (audited as PHI)',
          params: uuidParam,
          response: { 200: z.object({ items: z.array(majorChangeView) }) },
        },
      },
      async (request) => ({
        items: await service.listMajorChanges({ actor: actorOf(request), enrolleeId: request.params.id }),
      }),
    );

    app.get(
      '/api/care/enrollees/:id/clocks',
      {
        schema: {
          tags,
          summary:
            'The enrollee’s clocks today: assessment and engagement due dates naming their rule versions, the unreachable verdict with the attempts counted and not, and no-contact status (audited as PHI)',
          params: uuidParam,
          querystring: z.object({ asOf: isoDate.optional().describe('Another day than today') }),
          response: { 200: enrolleeClocksView },
        },
      },
      async (request) =>
        service.clocks({ actor: actorOf(request), enrolleeId: request.params.id, asOf: request.query.asOf }),
    );

    app.get(
      '/api/care/queue',
      {
        schema: {
          tags,
          summary:
            'A coordinator’s work queue: their caseload with what is due, most urgent first (filter by kind, overdue, name)',
          querystring: queueQuery,
          response: { 200: pageSchema(queueRowView).extend({ asOf: z.string() }) },
        },
      },
      async (request) => {
        const q = request.query;
        const { items, total, asOf } = await service.queue({
          actor: actorOf(request),
          query: q,
          page: pageOf(q),
        });
        return { items, total, page: q.page, pageSize: q.pageSize, asOf };
      },
    );

    app.get(
      '/api/care/queue/export',
      {
        schema: {
          tags,
          summary: 'Export the filtered work queue as XLSX or CSV, one row per item due (audited)',
          querystring: queueQuery.extend(exportFormat.shape),
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const q = request.query;
        const rows = await allPages(
          async (offset, limit) => (await service.queue({ actor, query: q, page: { offset, limit } })).items,
        );
        async function* lines() {
          for await (const r of rows)
            for (const i of r.items)
              if (!q.kind || i.kind === q.kind)
                yield {
                  ...i,
                  familyName: r.familyName,
                  givenName: r.givenName,
                  masshealthId: r.masshealthId,
                };
        }
        return sendExport(
          reply,
          q.format,
          'work-queue',
          [
            { header: 'Family name', value: (l) => l.familyName, width: 20 },
            { header: 'Given name', value: (l) => l.givenName, width: 20 },
            { header: 'MassHealth ID', value: (l) => l.masshealthId, width: 16 },
            { header: 'What', value: (l) => QUEUE_KIND_LABELS[l.kind], width: 30 },
            { header: 'Due', value: (l) => l.dueOn, width: 12 },
            { header: 'Overdue', value: (l) => (l.overdue ? 'Yes' : 'No'), width: 10 },
            { header: 'Rule', value: (l) => ruleRefLabel(l.rule), width: 36 },
            { header: 'Why', value: (l) => l.explanation, width: 80 },
          ],
          lines(),
        );
      },
    );

    app.get(
      '/api/care/queue/team',
      {
        schema: {
          tags,
          summary:
            'A supervisor’s team (an organisation admin: every coordinator): caseload sizes and enrollees per kind of item due, each number linking to the enrollees behind it',
          querystring: teamQueueQuery,
          response: { 200: pageSchema(teamRowView) },
        },
      },
      async (request) => {
        const q = request.query;
        const { items, total } = await service.teamQueue({
          actor: actorOf(request),
          query: q,
          page: pageOf(q),
        });
        return { items, total, page: q.page, pageSize: q.pageSize };
      },
    );

    app.get(
      '/api/care/queue/team/export',
      {
        schema: {
          tags,
          summary: 'Export the team view as XLSX or CSV',
          querystring: teamQueueQuery.extend(exportFormat.shape),
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const q = request.query;
        const rows = await allPages(
          async (offset, limit) =>
            (await service.teamQueue({ actor, query: q, page: { offset, limit } })).items,
        );
        return sendExport(
          reply,
          q.format,
          'team-queue',
          [
            { header: 'Coordinator', value: (r) => r.name, width: 24 },
            { header: 'Organisation', value: (r) => r.organisation, width: 30 },
            { header: 'Caseload', value: (r) => r.caseload, width: 10 },
            { header: 'Overdue', value: (r) => r.overdue, width: 10 },
            ...QUEUE_KINDS.map((k) => ({
              header: QUEUE_KIND_LABELS[k],
              value: (r: { counts: Record<(typeof QUEUE_KINDS)[number], number> }) => r.counts[k],
              width: 14,
            })),
          ],
          rows,
        );
      },
    );

    app.post(
      '/api/care/caseloads/transfer',
      {
        schema: {
          tags,
          summary:
            'Move all or some of a coordinator’s enrollees to another coordinator from a day; the old single point of contact ends the day before (one transaction, history kept)',
          body: transferInput,
          response: { 200: transferResult },
        },
      },
      async (request) => service.transferCaseload({ actor: actorOf(request), input: request.body }),
    );
  };
}
