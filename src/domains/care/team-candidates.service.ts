// Who may join a plan's care teams: its own staff and its network's, found by name (decision 053).
import type { CareTeamRole } from '@contract/care/care.labels.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import type { RoleKind } from '@contract/roles.js';
import { type Actor, activeOrgOf } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/client.js';
import { carePolicy as policy } from './care.policy.js';
import { teamCandidates } from './team-candidates.repository.js';

export function createTeamCandidates({ database }: { database: Database }) {
  return {
    /**
     * For whoever keeps care teams at the plan: people holding the part's role (any role for "other") on the
     * day at the plan or in its network, the same people the team routes accept.
     */
    async candidates({
      actor,
      query,
    }: {
      actor: Actor;
      query: { q?: string | undefined; role?: CareTeamRole | undefined; on?: string | undefined };
    }) {
      const planId = activeOrgOf(actor);
      policy.authorize(actor, 'team.candidates');
      const day = query.on ?? massachusettsToday();
      const roles: RoleKind[] | null = query.role && query.role !== 'other' ? [query.role] : null;
      const items = await teamCandidates(database.system, planId, { q: query.q, roles, day });
      return { items, asOf: day };
    },
  };
}
export type TeamCandidates = ReturnType<typeof createTeamCandidates>;
