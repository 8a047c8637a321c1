import { PassThrough } from 'node:stream';
import { uuidParam } from '@contract/list.js';
import { answersInput, formView, surveyInput, surveyView } from '@contract/surveys/surveys.schemas.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/auth/auth.hook.js';
import { attachment } from '../../platform/http/export.js';
import { ifMatchVersion } from '../../platform/http/versioning.js';
import { resultsCsv, writeResultsXlsx } from './export.js';
import { toResponseBundle } from './fhir-responses.js';
import type { SurveyResults } from './results.service.js';
import type { SurveysService } from './surveys.service.js';

const tags = ['surveys'];
const EXPORT_FORMATS = ['xlsx', 'csv', 'pdf', 'fhir-responses'] as const;

export function surveysRoutes(service: SurveysService, results: SurveyResults): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/surveys',
      {
        schema: {
          tags,
          summary: 'The active organisation’s surveys',
          response: { 200: z.array(surveyView) },
        },
      },
      async (request) => service.list(actorOf(request)),
    );

    app.post(
      '/api/surveys',
      {
        schema: {
          tags,
          summary: 'Build a survey (a draft until published)',
          body: surveyInput,
          response: { 201: z.object({ id: z.uuid() }) },
        },
      },
      async (request, reply) => reply.code(201).send(await service.create(actorOf(request), request.body)),
    );

    app.get(
      '/api/surveys/mine',
      {
        schema: {
          tags,
          summary: 'Open surveys addressed to you, and whether you have answered each',
          response: {
            200: z.array(
              z.object({
                id: z.uuid(),
                title: z.string(),
                organisation: z.string(),
                closesOn: z.string().nullable(),
                answered: z.boolean(),
                started: z.boolean(),
              }),
            ),
          },
        },
      },
      async (request) => service.mine(actorOf(request)),
    );

    app.get(
      '/api/surveys/shared',
      {
        schema: {
          tags,
          summary: 'Training vendors’ published surveys whose results your plan may read',
          response: {
            200: z.array(
              z.object({
                id: z.uuid(),
                title: z.string(),
                organisation: z.string(),
                publishedVersion: z.number(),
              }),
            ),
          },
        },
      },
      async (request) => results.shared(actorOf(request)),
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
      async (request) => results.planResults(actorOf(request), request.params.id, request.query.version),
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
        const found = await results.planFindings(actorOf(request), request.params.id, request.query.version);
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
      '/api/surveys/:id',
      {
        schema: {
          tags,
          summary: 'A survey with its draft',
          params: uuidParam,
          response: { 200: surveyView },
        },
      },
      async (request) => service.get(actorOf(request), request.params.id),
    );

    app.put(
      '/api/surveys/:id',
      {
        schema: {
          tags,
          summary:
            'Change the draft and the distribution (If-Match: version); publish to make it what is answered',
          params: uuidParam,
          body: surveyInput,
        },
      },
      async (request, reply) => {
        await service.update(actorOf(request), request.params.id, request.body, ifMatchVersion(request));
        return reply.code(204).send();
      },
    );

    app.post(
      '/api/surveys/:id/publish',
      {
        schema: {
          tags,
          summary: 'Publish the draft as the next version; earlier responses keep the version they answered',
          params: uuidParam,
          response: { 200: z.object({ version: z.number() }) },
        },
      },
      async (request) => service.publish(actorOf(request), request.params.id),
    );

    app.post(
      '/api/surveys/:id/reminders',
      {
        schema: {
          tags,
          summary:
            'E-mail everyone it is addressed to who has not answered (once a day each, through the outbox)',
          params: uuidParam,
          response: { 200: z.object({ queued: z.number(), alreadySent: z.number() }) },
        },
      },
      async (request) => service.remind(actorOf(request), request.params.id),
    );

    app.get(
      '/api/surveys/:id/questionnaire',
      {
        schema: {
          tags,
          summary: 'The survey as a FHIR R4 Questionnaire',
          params: uuidParam,
          response: { 200: z.looseObject({ resourceType: z.literal('Questionnaire') }) },
        },
      },
      async (request, reply) => {
        const questionnaire = await service.questionnaire(actorOf(request), request.params.id);
        reply.header('content-disposition', attachment(`survey-${questionnaire.name}-questionnaire.json`));
        return { ...questionnaire } as Record<string, unknown> & { resourceType: 'Questionnaire' };
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
      async (request) => results.results(actorOf(request), request.params.id, request.query),
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
      async (request) => results.comparison(actorOf(request), request.params.id),
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
          const found = await results.findings(actor, id, version);
          reply.header(
            'content-disposition',
            attachment(`survey-${found.code}-v${found.version}-findings.pdf`),
          );
          return reply.type('application/pdf').send(Buffer.from(found.pdf));
        }
        const found = await results.exportOf(actor, id, version, format);
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

    app.post(
      '/api/surveys/questionnaire',
      {
        schema: {
          tags,
          summary: 'Make a draft survey from a FHIR R4 Questionnaire (JSON); a problem names the item',
          querystring: z.object({ code: z.string().trim().min(1).max(40).optional() }),
          body: z.looseObject({ resourceType: z.string() }),
          response: { 201: z.object({ id: z.uuid() }) },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await service.importQuestionnaire(actorOf(request), request.body, request.query.code)),
    );

    app.get(
      '/api/surveys/:id/form',
      {
        schema: {
          tags,
          summary:
            'The survey to answer, with your saved answers; says so when it is closed or already answered',
          params: uuidParam,
          response: { 200: formView },
        },
      },
      async (request) => service.form(actorOf(request), request.params.id),
    );

    app.put(
      '/api/surveys/:id/answers',
      {
        schema: { tags, summary: 'Save your answers to come back to', params: uuidParam, body: answersInput },
      },
      async (request, reply) => {
        await service.save(actorOf(request), request.params.id, request.body.answers);
        return reply.code(204).send();
      },
    );

    app.post(
      '/api/surveys/:id/answers',
      {
        schema: { tags, summary: 'Submit your answers (once)', params: uuidParam, body: answersInput },
      },
      async (request, reply) => {
        await service.submit(actorOf(request), request.params.id, request.body.answers);
        return reply.code(204).send();
      },
    );
  };
}
