import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { moduleContentRoutes } from './module-content.routes.js';
import { rosterRoutes } from './roster.routes.js';
import type { TrainingTeam } from './team.service.js';
import { topicsRoutes } from './topics.routes.js';

export function trainingTeamRoutes(team: TrainingTeam): FastifyPluginAsyncZod {
  return async (app) => {
    topicsRoutes(app, team);
    rosterRoutes(app, team);
    moduleContentRoutes(app, team);
  };
}
