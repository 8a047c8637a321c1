import { PassThrough } from 'node:stream';
import { REDISCLOSURE_NOTICE_SHORT } from '@contract/care/part2.schemas.js';
import {
  appealDecisionInput,
  appealInput,
  decisionInput,
  decisionResult,
  nextLevelInput,
  REQUEST_CLOCK_KIND_LABELS,
  REQUEST_PRIORITY_LABELS,
  requestInput,
  requestQueueQuery,
  requestQueueRow,
  requestReport,
  requestReportQuery,
  requestView,
  updateInput,
} from '@contract/care/requests.schemas.js';
import { ruleRefLabel } from '@contract/care/rules.labels.js';
import { exportFormat, pageOf, pageSchema, uuidParam } from '@contract/list.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../../platform/auth/auth.hook.js';
import { allPages, attachment, sendExport } from '../../../platform/http/export.js';
import { ifMatchVersion, setVersion } from '../../../platform/http/versioning.js';
import { writeReport } from './requests.report.js';
import type { CareRequestsService } from './requests.service.js';

const tags = ['care'];

export function careRequestsRoutes(service: CareRequestsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/care/enrollees/:id/requests',
      {
        schema: {
          tags,
          summary:
            'Record a service request received for the enrollee (the plan, or a Community Partner on the care team); its decision clock is the rule version in force the day it was received',
          params: uuidParam,
          body: requestInput,
          response: { 201: requestView },
        },
      },
      async (request, reply) => {
        const view = await service.recordRequest({
          actor: actorOf(request),
          enrolleeId: request.params.id,
          input: request.body,
        });
        setVersion(reply, view.version);
        return reply.code(201).send(view);
      },
    );

    app.get(
      '/api/care/enrollees/:id/requests',
      {
        schema: {
          tags,
          summary:
            'The enrollee’s service requests, latest received first, with their clocks, decisions, updates and appeals (audited as PHI)',
          params: uuidParam,
          response: { 200: z.object({ items: z.array(requestView) }) },
        },
      },
      async (request) => ({
        items: await service.listRequests({ actor: actorOf(request), enrolleeId: request.params.id }),
      }),
    );

    app.get(
      '/api/care/requests/queue',
      {
        schema: {
          tags,
          summary:
            'Request clocks running out: open service requests and appeals waiting for the plan’s decision, soonest first, with hours left and the rule version',
          querystring: requestQueueQuery,
          response: { 200: pageSchema(requestQueueRow).extend({ asOf: z.string() }) },
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
      '/api/care/requests/queue/export',
      {
        schema: {
          tags,
          summary: 'Export the request clocks as XLSX or CSV (audited)',
          querystring: requestQueueQuery.extend(exportFormat.shape),
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const q = request.query;
        const rows = await allPages(
          async (offset, limit) => (await service.queue({ actor, query: q, page: { offset, limit } })).items,
        );
        return sendExport(
          reply,
          q.format,
          'request-clocks',
          [
            { header: 'Family name', value: (r) => r.familyName, width: 20 },
            { header: 'Given name', value: (r) => r.givenName, width: 20 },
            { header: 'MassHealth ID', value: (r) => r.masshealthId, width: 16 },
            { header: 'What', value: (r) => REQUEST_CLOCK_KIND_LABELS[r.kind], width: 26 },
            { header: 'Service', value: (r) => r.service, width: 36 },
            { header: 'Priority', value: (r) => REQUEST_PRIORITY_LABELS[r.priority], width: 12 },
            { header: 'Due by', value: (r) => r.dueAt, width: 26 },
            { header: 'Hours left', value: (r) => r.hoursLeft, width: 12 },
            { header: 'Rule', value: (r) => ruleRefLabel(r.rule), width: 36 },
            { header: 'Why', value: (r) => r.explanation, width: 80 },
            // 42 CFR 2.32(a)(2): the statement beside each record disclosed under a consent (decision 060).
            {
              header: '42 CFR Part 2',
              value: (r) => (r.part2 ? REDISCLOSURE_NOTICE_SHORT : null),
              width: 60,
            },
          ],
          rows,
        );
      },
    );

    app.get(
      '/api/care/requests/report',
      {
        schema: {
          tags,
          summary:
            'The month’s service request decisions at the organisation: by outcome, hours to decision (median, mean), share on time, denial reasons, and appeals',
          querystring: requestReportQuery,
          response: { 200: requestReport },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const { summary, decided } = await service.report({ actor, month: request.query.month });
        service.recordReportRead(actor, request.query.month, decided, false);
        return summary;
      },
    );

    app.get(
      '/api/care/requests/report/export',
      {
        schema: {
          tags,
          summary:
            'Export the month’s report: XLSX (the summary, and one row per decision with the enrollee) or CSV (the summary); audited',
          querystring: requestReportQuery.extend(exportFormat.shape),
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const { month, format } = request.query;
        const { summary, decided } = await service.report({ actor, month });
        service.recordReportRead(actor, month, decided, format === 'xlsx');
        reply.header('content-disposition', attachment(`service-requests-${month}.${format}`));
        reply.type(
          format === 'csv'
            ? 'text/csv; charset=utf-8'
            : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        );
        const out = new PassThrough();
        writeReport(out, format, summary, decided).catch((err) => out.destroy(err));
        return reply.send(out);
      },
    );

    app.get(
      '/api/care/requests/:id',
      {
        schema: {
          tags,
          summary: 'A service request with its clock, decision, updates and appeal (audited as PHI)',
          params: uuidParam,
          response: { 200: requestView },
        },
      },
      async (request, reply) => {
        const view = await service.getRequest({ actor: actorOf(request), id: request.params.id });
        setVersion(reply, view.version);
        return view;
      },
    );

    app.post(
      '/api/care/requests/:id/decision',
      {
        schema: {
          tags,
          summary:
            'Decide a service request (the plan only; a Community Partner is refused): approved, partly approved or denied with a reason from the catalogue; writes the notice letter in the enrollee’s language where a template exists. Send the request’s version in If-Match',
          params: uuidParam,
          body: decisionInput,
          response: { 200: decisionResult },
        },
      },
      async (request, reply) => {
        const view = await service.decide({
          actor: actorOf(request),
          id: request.params.id,
          version: ifMatchVersion(request),
          input: request.body,
        });
        setVersion(reply, view.version);
        return view;
      },
    );

    app.get(
      '/api/care/requests/:id/notice',
      {
        schema: {
          tags,
          summary: 'The notice of the decision as sent to the enrollee (tagged PDF; audited as PHI)',
          params: uuidParam,
        },
      },
      async (request, reply) => {
        const { name, stream } = await service.notice({ actor: actorOf(request), id: request.params.id });
        reply.header('content-disposition', attachment(name));
        reply.type('application/pdf');
        return reply.send(stream);
      },
    );

    app.post(
      '/api/care/requests/:id/updates',
      {
        schema: {
          tags,
          summary: 'Record an update given about the request: when, how, to whom and what was said',
          params: uuidParam,
          body: updateInput,
          response: { 201: requestView },
        },
      },
      async (request, reply) =>
        reply.code(201).send(
          await service.recordUpdate({
            actor: actorOf(request),
            id: request.params.id,
            input: request.body,
          }),
        ),
    );

    app.post(
      '/api/care/requests/:id/appeal',
      {
        schema: {
          tags,
          summary:
            'Record an appeal filed against a denial or partial approval: the filing window and continuation of benefits from the notice, and the plan’s decision clock from filing',
          params: uuidParam,
          body: appealInput,
          response: { 201: requestView },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await service.fileAppeal({ actor: actorOf(request), id: request.params.id, input: request.body }),
          ),
    );

    app.post(
      '/api/care/requests/:id/appeal/decision',
      {
        schema: {
          tags,
          summary:
            'Decide the appeal (the plan only): upheld, overturned or partly overturned; an adverse outcome opens the next level’s window. Send the appeal’s version in If-Match',
          params: uuidParam,
          body: appealDecisionInput,
          response: { 200: requestView },
        },
      },
      async (request) =>
        service.decideAppeal({
          actor: actorOf(request),
          id: request.params.id,
          version: ifMatchVersion(request),
          input: request.body,
        }),
    );

    app.post(
      '/api/care/requests/:id/appeal/next-level',
      {
        schema: {
          tags,
          summary:
            'Record that the enrollee asked the next level (Medicare’s independent review entity or MassHealth’s Board of Hearings). Send the appeal’s version in If-Match',
          params: uuidParam,
          body: nextLevelInput,
          response: { 200: requestView },
        },
      },
      async (request) =>
        service.recordNextLevel({
          actor: actorOf(request),
          id: request.params.id,
          version: ifMatchVersion(request),
          input: request.body,
        }),
    );
  };
}
