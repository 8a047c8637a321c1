import { uuidParam } from '@contract/list.js';
import {
  answersInput,
  formView,
  mySurveyView,
  surveyInput,
  surveyView,
} from '@contract/surveys/surveys.schemas.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/auth/auth.hook.js';
import { attachment } from '../../platform/http/export.js';
import { ifMatchVersion } from '../../platform/http/versioning.js';
import { surveyResultsRoutes } from './results.routes.js';
import type { SurveyResults } from './results.service.js';
import type { SurveysService } from './surveys.service.js';

const tags = ['surveys'];

export function surveysRoutes(service: SurveysService, results: SurveyResults): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(surveyResultsRoutes(results));

    app.get(
      '/api/surveys',
      {
        schema: {
          tags,
          summary: 'The active organisation’s surveys',
          response: { 200: z.array(surveyView) },
        },
      },
      async (request) => service.list({ actor: actorOf(request) }),
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
      async (request, reply) =>
        reply.code(201).send(await service.create({ actor: actorOf(request), input: request.body })),
    );

    app.get(
      '/api/surveys/mine',
      {
        schema: {
          tags,
          summary: 'Open surveys addressed to you, and whether you have answered each',
          response: {
            200: z.array(mySurveyView),
          },
        },
      },
      async (request) => service.mine({ actor: actorOf(request) }),
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
      async (request) => service.get({ actor: actorOf(request), id: request.params.id }),
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
        await service.update({
          actor: actorOf(request),
          id: request.params.id,
          version: ifMatchVersion(request),
          input: request.body,
        });
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
      async (request) => service.publish({ actor: actorOf(request), id: request.params.id }),
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
      async (request) => service.remind({ actor: actorOf(request), id: request.params.id }),
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
        const questionnaire = await service.questionnaire({ actor: actorOf(request), id: request.params.id });
        reply.header('content-disposition', attachment(`survey-${questionnaire.name}-questionnaire.json`));
        return { ...questionnaire } as Record<string, unknown> & { resourceType: 'Questionnaire' };
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
        reply.code(201).send(
          await service.importQuestionnaire({
            actor: actorOf(request),
            input: request.body,
            code: request.query.code,
          }),
        ),
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
      async (request) => service.form({ actor: actorOf(request), id: request.params.id }),
    );

    app.put(
      '/api/surveys/:id/answers',
      {
        schema: { tags, summary: 'Save your answers to come back to', params: uuidParam, body: answersInput },
      },
      async (request, reply) => {
        await service.save({ actor: actorOf(request), id: request.params.id, input: request.body });
        return reply.code(204).send();
      },
    );

    app.post(
      '/api/surveys/:id/answers',
      {
        schema: { tags, summary: 'Submit your answers (once)', params: uuidParam, body: answersInput },
      },
      async (request, reply) => {
        await service.submit({ actor: actorOf(request), id: request.params.id, input: request.body });
        return reply.code(204).send();
      },
    );
  };
}
