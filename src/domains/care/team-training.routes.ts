import { teamTrainingView } from '@contract/care/team-training.schemas.js';
import { uuidParam } from '@contract/list.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/auth/auth.hook.js';
import type { TeamTraining } from './team-training.service.js';

export function careTeamTrainingRoutes(service: TeamTraining): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/care/enrollees/:id/team/training',
      {
        schema: {
          tags: ['care'],
          summary:
            'The integrated care team with each member’s training status from Compliance, as of the day they joined and today (audited as PHI)',
          params: uuidParam,
          response: { 200: teamTrainingView },
        },
      },
      (request) => service.teamTraining({ actor: actorOf(request), enrolleeId: request.params.id }),
    );
  };
}
