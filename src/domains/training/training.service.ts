import type { AuditTrail } from '../../platform/audit/audit.service.js';
import type { Database } from '../../platform/db/client.js';
import type { FileStore } from '../../platform/files/file-store.js';
import type { JobQueue } from '../../platform/jobs/queue.js';
import { createAttendanceService } from './attendance/attendance.service.js';
import { createAttestationService } from './attendance/attestation.service.js';
import { createCatalogService } from './catalog/catalog.service.js';
import { createCompletionsService } from './completions/completions.service.js';
import { createAttestationReviewService } from './participation/attestation-review.service.js';
import { createParticipationService } from './participation/participation.service.js';
import { createParticipationCountsService } from './participation/participation-counts.service.js';
import { createSessionChangesService } from './sessions/session-changes.service.js';
import { createSessionsService } from './sessions/sessions.service.js';
import { createXapiService } from './xapi/xapi.service.js';

/** The training domain's use cases in one object, as the routes and the command line reach them. */
export function createTrainingService(deps: {
  database: Database;
  audit: AuditTrail;
  files: FileStore;
  jobs: JobQueue;
  baseUrl: string;
}) {
  return {
    ...createCatalogService(deps),
    ...createSessionsService(deps),
    ...createAttendanceService(deps),
    ...createAttestationService(deps),
    ...createCompletionsService(deps),
    ...createParticipationService(deps),
    ...createAttestationReviewService(deps),
    ...createParticipationCountsService(deps),
    ...createSessionChangesService(deps),
    ...createXapiService(deps),
  };
}

export type TrainingService = ReturnType<typeof createTrainingService>;
