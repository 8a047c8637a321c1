import { uuidParam } from '@contract/list.js';
import { topicDetail, topicUpdate } from '@contract/training/team/topics.schemas.js';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../../platform/auth/auth.hook.js';
import { ifMatchVersion, setVersion } from '../../../platform/http/versioning.js';
import type { TrainingTeam } from './team.service.js';

const tags = ['training'];

export function topicsRoutes(app: FastifyInstance, team: TrainingTeam) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/training/topics/:id',
    {
      schema: {
        tags,
        summary: 'A topic: its competencies, objectives and the modules that include it',
        params: uuidParam,
        response: { 200: topicDetail },
      },
    },
    async (request, reply) => {
      const topic = await team.getTopic({ actor: actorOf(request), id: request.params.id });
      setVersion(reply, topic.version);
      return topic;
    },
  );

  r.put(
    '/api/training/topics/:id',
    {
      schema: {
        tags,
        summary:
          'Edit your organisation’s topic: title, description, objectives, competencies; share a private one (If-Match: version)',
        params: uuidParam,
        body: topicUpdate,
      },
    },
    async (request, reply) => {
      const { version } = await team.updateTopic({
        actor: actorOf(request),
        id: request.params.id,
        version: ifMatchVersion(request),
        input: request.body,
      });
      setVersion(reply, version);
      return reply.code(204).send();
    },
  );
}
