import { uuidParam } from '@contract/list.js';
import { moduleContentInput, moduleContentView } from '@contract/training/team/module-content.schemas.js';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../../platform/auth/auth.hook.js';
import { ifMatchVersion, setVersion } from '../../../platform/http/versioning.js';
import type { TrainingTeam } from './team.service.js';

const tags = ['training'];

export function moduleContentRoutes(app: FastifyInstance, team: TrainingTeam) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/training/sessions/:id/module/content',
    {
      schema: {
        tags,
        summary:
          'A self-paced module’s pages and knowledge check with its answers, to edit (the organisation running it)',
        params: uuidParam,
        response: { 200: moduleContentView },
      },
    },
    async (request, reply) => {
      const module = await team.moduleContent({ actor: actorOf(request), id: request.params.id });
      setVersion(reply, module.version);
      return module;
    },
  );

  r.put(
    '/api/training/sessions/:id/module/content',
    {
      schema: {
        tags,
        summary: 'Replace a self-paced module’s pages, knowledge check and pass mark (If-Match: version)',
        params: uuidParam,
        body: moduleContentInput,
      },
    },
    async (request, reply) => {
      const { version } = await team.updateModuleContent({
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
