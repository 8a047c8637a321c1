import { PassThrough } from 'node:stream';
import { uuidParam } from '@contract/list.js';
import { sharedSurveyView } from '@contract/surveys/surveys.schemas.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/auth/auth.hook.js';
import { attachment } from '../../platform/http/export.js';
import { toResponseBundle } from './responses.fhir.js';
import { resultsCsv, writeResultsXlsx } from './results.export.js';
import type { SurveyResults } from './results.service.js';

const tags = ['surveys'];
const EXPORT_FORMATS = ['xlsx', 'csv', 'pdf', 'fhir-responses'] as const;

/** Surveys' results: counts, before and after, exports and findings reports, and plans' view of vendors' surveys. */
export function surveyResultsRoutes(results: SurveyResults): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/surveys/shared',
      {
        schema: {
          tags,
          summary: 'Training vendors’ published surveys whose results your plan may read',
          response: {
            200: z.array(sharedSurveyView),
          },
        },
      },
      async (request) => results.shared({ actor: actorOf(request) }),
    );

    app.get(
      '/api/surveys/:id/plan-results',
      {
        schema: {
          tags,
          summary: 'A vendor’s survey results for your plan: every plan together and your plan beside it',
          params: uuidParam,
          querystring: z.object({ version: z.coerce.number().int().min(1).optional() }),
          response: { 200: z.looseObject({ version: z.number(), plan: z.string() }) },
        },
      },
      async (request) =>
        results.planResults({ actor: actorOf(request), id: request.params.id, ...request.query }),
    );

    app.get(
      '/api/surveys/:id/plan-findings',
      {
        schema: {
          tags,
          summary:
            'A vendor’s survey findings report (PDF) for your plan: every plan together and your plan beside it',
          params: uuidParam,
          querystring: z.object({ version: z.coerce.number().int().min(1).optional() }),
        },
      },
      async (request, reply) => {
        const found = await results.planFindings({
          actor: actorOf(request),
          id: request.params.id,
          ...request.query,
        });
        reply.header(
          'content-disposition',
          attachment(
            `survey-${found.code}-v${found.version}-findings-${found.plan.replace(/\s+/g, '-')}.pdf`,
          ),
        );
        return reply.type('application/pdf').send(Buffer.from(found.pdf));
      },
    );

    app.get(
      '/api/surveys/:id/results',
      {
        schema: {
          tags,
          summary:
            'Counts per question overall and by plan, organisation or role; groups under five suppressed',
          params: uuidParam,
          querystring: z.object({
            version: z.coerce.number().int().min(1).optional(),
            by: z.enum(['plan', 'organisation', 'role']).optional(),
          }),
          response: { 200: z.looseObject({ version: z.number() }) },
        },
      },
      async (request) =>
        results.results({ actor: actorOf(request), id: request.params.id, ...request.query }),
    );

    app.get(
      '/api/surveys/:id/comparison',
      {
        schema: {
          tags,
          summary:
            'Before and after: the survey beside the needs assessment or evaluation of the same module or session',
          params: uuidParam,
          response: { 200: z.looseObject({ comparison: z.looseObject({}).nullable() }) },
        },
      },
      async (request) => results.comparison({ actor: actorOf(request), id: request.params.id }),
    );

    app.get(
      '/api/surveys/:id/export',
      {
        schema: {
          tags,
          summary:
            'A version’s results: XLSX (responses and summary), CSV (responses), a PDF findings report with charts, or FHIR R4 QuestionnaireResponses (a Bundle); groups under five written as such',
          params: uuidParam,
          querystring: z.object({
            format: z.enum(EXPORT_FORMATS).default('xlsx'),
            version: z.coerce.number().int().min(1).optional(),
          }),
        },
      },
      async (request, reply) => {
        const { format, version } = request.query;
        const actor = actorOf(request);
        const id = request.params.id;
        if (format === 'pdf') {
          const found = await results.findings({ actor, id, version });
          reply.header(
            'content-disposition',
            attachment(`survey-${found.code}-v${found.version}-findings.pdf`),
          );
          return reply.type('application/pdf').send(Buffer.from(found.pdf));
        }
        const found = await results.exportOf({ actor, id, version, format });
        const name = `survey-${found.code}-v${found.version}`;
        if (format === 'fhir-responses') {
          reply.header('content-disposition', attachment(`${name}-responses.json`));
          return reply.type('application/fhir+json').send(toResponseBundle(found, found.rows));
        }
        reply.header('content-disposition', attachment(`${name}.${format}`));
        if (format === 'csv')
          return reply.type('text/csv; charset=utf-8').send(resultsCsv(found.definition, found.rows));
        const out = new PassThrough();
        writeResultsXlsx(out, found.definition, found.rows).catch((err) => out.destroy(err));
        return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(out);
      },
    );
  };
}
