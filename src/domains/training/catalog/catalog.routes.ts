import { pageOf, pageSchema } from '@contract/list.js';
import { curriculumView } from '@contract/training/program-years.schemas.js';
import {
  frameworkView,
  moduleView,
  topicInput,
  topicListQuery,
  topicView,
} from '@contract/training/training.schemas.js';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../../platform/auth/auth.hook.js';
import type { TrainingService } from '../training.service.js';

const tags = ['training'];
const created = { 201: z.object({ id: z.uuid() }) };

/** Topics, modules, curricula and competency frameworks. */
export function catalogRoutes(instance: FastifyInstance, service: TrainingService) {
  const app = instance.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/training/topics',
    {
      schema: {
        tags,
        summary: 'Topics open to the active organisation',
        querystring: topicListQuery,
        response: { 200: pageSchema(topicView) },
      },
    },
    async (request) => {
      const q = request.query;
      const { items, total } = await service.listTopics({
        actor: actorOf(request),
        query: q,
        page: pageOf(q),
      });
      return { items, total, page: q.page, pageSize: q.pageSize };
    },
  );

  app.post(
    '/api/training/topics',
    {
      schema: {
        tags,
        summary: 'Add a topic to your organisation’s catalog',
        body: topicInput,
        response: created,
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.createTopic({ actor: actorOf(request), input: request.body })),
  );

  app.get(
    '/api/training/modules',
    { schema: { tags, summary: 'Modules and their curricula', response: { 200: z.array(moduleView) } } },
    async (request) => service.listModules({ actor: actorOf(request) }),
  );

  app.get(
    '/api/training/curricula',
    {
      schema: {
        tags,
        summary: 'Curricula open to you, each with its modules in order',
        response: { 200: z.array(curriculumView) },
      },
    },
    async (request) => service.listCurricula({ actor: actorOf(request) }),
  );

  app.get(
    '/api/training/frameworks',
    { schema: { tags, summary: 'Competency frameworks', response: { 200: z.array(frameworkView) } } },
    async (request) => service.listFrameworks({ actor: actorOf(request) }),
  );
}
