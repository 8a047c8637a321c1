import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { attendanceRoutes } from './attendance/attendance.routes.js';
import { catalogRoutes } from './catalog/catalog.routes.js';
import { completionsRoutes } from './completions/completions.routes.js';
import { participationRoutes } from './participation/participation.routes.js';
import { participationCountsRoutes } from './participation/participation-counts.routes.js';
import { sessionChangesRoutes } from './sessions/session-changes.routes.js';
import { sessionsRoutes } from './sessions/sessions.routes.js';
import type { TrainingService } from './training.service.js';
import { xapiRoutes } from './xapi/xapi.routes.js';

/** Every training route, each part from its own folder. */
export function trainingRoutes(service: TrainingService): FastifyPluginAsyncZod {
  return async (app) => {
    catalogRoutes(app, service);
    participationCountsRoutes(app, service);
    sessionsRoutes(app, service);
    attendanceRoutes(app, service);
    participationRoutes(app, service);
    completionsRoutes(app, service);
    sessionChangesRoutes(app, service);
    xapiRoutes(app, service);
  };
}
