import type { AuditTrail } from '../../../platform/audit/audit.service.js';
import type { Database } from '../../../platform/db/client.js';
import type { Outbox } from '../../../platform/mail/outbox.js';
import { createModuleContentService } from './module-content.service.js';
import { createRosterService } from './roster.service.js';
import { createTopicsService } from './topics.service.js';

/** What a training team does beyond offering sessions: edit topics and modules, keep rosters, write to registrants. */
export function createTrainingTeam(deps: {
  database: Database;
  audit: AuditTrail;
  outbox: Outbox;
  baseUrl: string;
}) {
  return {
    ...createTopicsService(deps),
    ...createRosterService(deps),
    ...createModuleContentService(deps),
  };
}

export type TrainingTeam = ReturnType<typeof createTrainingTeam>;
