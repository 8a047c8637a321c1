import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/auth/auth.hook.js';
import { uuidParam } from '../../platform/http/list.js';
import { ifMatchVersion } from '../../platform/http/versioning.js';
import { answersInput, formView, surveyInput, surveyView } from './surveys.schemas.js';
import type { SurveysService } from './surveys.service.js';

const tags = ['surveys'];

export function surveysRoutes(service: SurveysService): FastifyPluginAsyncZod {
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
      async (request) =>
        ({ ...(await service.questionnaire(actorOf(request), request.params.id)) }) as Record<
          string,
          unknown
        > & {
          resourceType: 'Questionnaire';
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
      async (request) => service.results(actorOf(request), request.params.id, request.query),
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
