import { teamCandidatesQuery, teamCandidatesView } from '@contract/care/team-candidates.schemas.js';
import { teamTrainingView } from '@contract/care/team-training.schemas.js';
import { uuidParam } from '@contract/list.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/auth/auth.hook.js';
import type { TeamCandidates } from './team-candidates.service.js';
import type { TeamTraining } from './team-training.service.js';

/** The care team's training status, and who may join a care team. */
export function careTeamTrainingRoutes(
  service: TeamTraining,
  candidates: TeamCandidates,
): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/care/team-candidates',
      {
        schema: {
          tags: ['care'],
          summary:
            'Who may join a care team: people holding the part’s role at the plan or in its network on the day, found by name',
          querystring: teamCandidatesQuery,
          response: { 200: teamCandidatesView },
        },
      },
      (request) => candidates.candidates({ actor: actorOf(request), query: request.query }),
    );
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
