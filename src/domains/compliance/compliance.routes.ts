import { roleNames, STATUS_LABELS } from '@contract/compliance/compliance.labels.js';
import {
  asOfQuery,
  BASES,
  dashboardView,
  exemptionInput,
  exemptionView,
  freshness,
  owedView,
  requirementInput,
  requirementListItem,
  requirementVersionView,
  statusQuery,
  statusRow,
} from '@contract/compliance/compliance.schemas.js';
import { exportFormat, isoDate, pageOf, pageSchema, uuidParam } from '@contract/list.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/auth/auth.hook.js';
import { sendExport } from '../../platform/http/export.js';
import { ifMatchVersion } from '../../platform/http/versioning.js';
import { jobView, jobViewOf } from '../../platform/jobs/jobs.routes.js';
import type { ComplianceService } from './compliance.service.js';
import type { EvidencePacks } from './evidence-pack.js';

const tags = ['compliance'];
const created = { 201: z.object({ id: z.uuid() }) };

export function complianceRoutes(service: ComplianceService, packs: EvidencePacks): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/compliance/requirements',
      {
        schema: {
          tags,
          summary: 'The active organisation’s requirements',
          response: { 200: z.array(requirementListItem) },
        },
      },
      async (request) => service.listRequirements({ actor: actorOf(request) }),
    );

    app.post(
      '/api/compliance/requirements',
      {
        schema: {
          tags,
          summary: 'Define a requirement: what, who, trigger and due date, recurrence',
          body: requirementInput,
          response: created,
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await service.createRequirement({ actor: actorOf(request), input: request.body })),
    );

    app.get(
      '/api/compliance/requirements/:id/versions',
      {
        schema: {
          tags,
          summary: 'A requirement’s history: each version, the days it was in effect and what it changed',
          params: uuidParam,
          response: { 200: z.array(requirementVersionView) },
        },
      },
      async (request) => service.requirementHistory({ actor: actorOf(request), id: request.params.id }),
    );

    app.put(
      '/api/compliance/requirements/:id',
      {
        schema: {
          tags,
          summary: 'Replace a requirement (If-Match: version)',
          params: uuidParam,
          body: requirementInput,
        },
      },
      async (request, reply) => {
        await service.updateRequirement({
          actor: actorOf(request),
          id: request.params.id,
          version: ifMatchVersion(request),
          input: request.body,
        });
        return reply.code(204).send();
      },
    );

    app.get(
      '/api/compliance/statuses',
      {
        schema: {
          tags,
          summary: 'Where each person stands on each requirement (as of a day), filtered, sorted and paged',
          querystring: statusQuery,
          response: {
            200: pageSchema(statusRow).extend({ asOf: z.string(), basis: z.enum(BASES), ...freshness }),
          },
        },
      },
      async (request) => {
        const q = request.query;
        const { items, total, ...about } = await service.statuses({
          actor: actorOf(request),
          query: q,
          page: pageOf(q),
        });
        return { items, total, page: q.page, pageSize: q.pageSize, ...about };
      },
    );

    app.get(
      '/api/compliance/statuses/export',
      {
        schema: {
          tags,
          summary: 'Export the filtered statuses as XLSX or CSV',
          querystring: statusQuery.extend(exportFormat.shape),
        },
      },
      async (request, reply) => {
        const q = request.query;
        const { items } = await service.statuses({
          actor: actorOf(request),
          query: q,
          page: { offset: 0, limit: Number.MAX_SAFE_INTEGER },
        });
        return sendExport(
          reply,
          q.format,
          'compliance',
          [
            { header: 'Name', value: (r) => r.name, width: 26 },
            { header: 'E-mail', value: (r) => r.email, width: 32 },
            { header: 'Roles', value: (r) => roleNames(r.roles), width: 24 },
            { header: 'Organisations', value: (r) => r.organisations.join('; '), width: 30 },
            { header: 'Requirement', value: (r) => r.requirementTitle, width: 36 },
            { header: 'Status', value: (r) => STATUS_LABELS[r.status] },
            { header: 'Due', value: (r) => r.dueOn, width: 12 },
            { header: 'Valid until', value: (r) => r.validUntil, width: 12 },
            { header: 'Why', value: (r) => r.explanation, width: 60 },
          ],
          (async function* () {
            yield* items;
          })(),
        );
      },
    );

    app.post(
      '/api/compliance/evidence-packs',
      {
        schema: {
          tags,
          summary:
            'Build the readiness-review evidence pack as of a day (XLSX: a sheet per requirement and a summary; CSV; PDF summary); returns the job',
          body: z.object({
            asOf: isoDate.optional().describe('Today or a past day (Massachusetts); today if absent'),
            basis: asOfQuery.shape.basis,
            format: z.enum(['xlsx', 'csv', 'pdf']).default('xlsx'),
          }),
          response: { 202: jobView },
        },
      },
      async (request, reply) =>
        reply.code(202).send(jobViewOf(await packs.start({ actor: actorOf(request), input: request.body }))),
    );

    app.get(
      '/api/compliance/dashboard',
      {
        schema: {
          tags,
          summary: 'Counts and rates per requirement and per role (as of a day)',
          querystring: asOfQuery,
          response: { 200: dashboardView },
        },
      },
      async (request) => service.dashboard({ actor: actorOf(request), ...request.query }),
    );

    app.get(
      '/api/compliance/people/:id',
      {
        schema: {
          tags,
          summary: 'What one person owes the active organisation, and by when',
          params: uuidParam,
          querystring: asOfQuery,
          response: { 200: z.object({ asOf: z.string(), basis: z.enum(BASES), items: z.array(statusRow) }) },
        },
      },
      async (request) =>
        service.personStatus({ actor: actorOf(request), id: request.params.id, ...request.query }),
    );

    app.get(
      '/api/compliance/me',
      {
        schema: {
          tags,
          summary: 'What you owe every organisation whose requirements reach you',
          description:
            'items: one row per requirement of each organisation; owed: one row per thing to do, the requirements several organisations make of the same topics (or qualification) together',
          response: {
            200: z.object({
              asOf: z.string(),
              items: z.array(statusRow.extend({ organisation: z.string() })),
              owed: z.array(owedView),
            }),
          },
        },
      },
      async (request) => service.mine({ actor: actorOf(request) }),
    );

    app.get(
      '/api/compliance/exemptions',
      {
        schema: {
          tags,
          summary: 'Exemptions at the active organisation',
          querystring: z.object({ personId: z.uuid().optional() }),
          response: { 200: z.array(exemptionView) },
        },
      },
      async (request) =>
        (await service.listExemptions({
          actor: actorOf(request),
          personId: request.query.personId,
        })) as z.infer<typeof exemptionView>[],
    );

    app.post(
      '/api/compliance/exemptions',
      {
        schema: {
          tags,
          summary: 'Exempt a person from a requirement, with a reason and an end date (approved by you)',
          body: exemptionInput,
          response: created,
        },
      },
      async (request, reply) =>
        reply.code(201).send(await service.exempt({ actor: actorOf(request), input: request.body })),
    );

    app.post(
      '/api/compliance/exemptions/:id/end',
      { schema: { tags, summary: 'End an exemption now', params: uuidParam } },
      async (request, reply) => {
        await service.endExemption({ actor: actorOf(request), id: request.params.id });
        return reply.code(204).send();
      },
    );
  };
}
