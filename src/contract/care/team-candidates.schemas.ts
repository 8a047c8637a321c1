import { z } from 'zod';
import { isoDate } from '../list.js';
import { CARE_TEAM_ROLES } from './care.labels.js';

/** Who may join a care team: asked by name, optionally for one part, on a day (today by default). */
export const teamCandidatesQuery = z.object({
  q: z.string().trim().max(100).optional(),
  role: z.enum(CARE_TEAM_ROLES).optional(),
  on: isoDate.optional(),
});

/**
 * Someone who holds a role at the plan or at an organisation in its network on the day: directory facts
 * only (name, organisation, roles), so the plan can put network staff on a care team.
 */
export const teamCandidate = z.object({
  personId: z.string(),
  name: z.string(),
  memberOrgId: z.string(),
  memberOrgName: z.string(),
  roles: z.array(z.string()),
});
export type TeamCandidate = z.infer<typeof teamCandidate>;

export const teamCandidatesView = z.object({ items: z.array(teamCandidate), asOf: z.string() });
