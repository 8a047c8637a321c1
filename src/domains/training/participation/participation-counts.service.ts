import type { ParticipationQuery } from '@contract/training/participation.schemas.js';
import type { Actor } from '../../../platform/auth/actor.js';
import type { Database } from '../../../platform/db/client.js';
import { trainingPolicy as policy } from '../training.policy.js';
import { trainingScope } from '../training.scope.js';
import { participationCounts } from './participation-counts.repository.js';

/** How many people registered, attended and completed at the sessions an organisation runs. */
export function createParticipationCountsService(deps: { database: Database }) {
  const { orgOf, reading } = trainingScope(deps.database);
  return {
    participation({ actor, query }: { actor: Actor; query: ParticipationQuery }) {
      policy.authorize(actor, 'participation.read');
      const orgId = orgOf(actor);
      return reading(actor, (db) => participationCounts(db, orgId, query));
    },
  };
}
