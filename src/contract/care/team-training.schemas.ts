// The integrated care team's training status (seed 001: "document that all members have participated in the
// required trainings"): for each member, the holding plan's requirements as of the day they joined the team
// and today.
import { z } from 'zod';
import { STATUSES } from '../compliance/compliance.schemas.js';
import { CARE_TEAM_ROLES } from './care.labels.js';

/** A member's standing on a day: the worst of their statuses, or `none_required` when no requirement reaches them. */
export const TRAINING_STANDINGS = [...STATUSES, 'none_required'] as const;
export type TrainingStanding = (typeof TRAINING_STANDINGS)[number];

export const trainingOnDay = z.object({
  asOf: z.string().describe('The day (Massachusetts) the statuses are for'),
  standing: z
    .enum(TRAINING_STANDINGS)
    .describe('The most urgent of the statuses below; none_required when no requirement reaches the member'),
  requirements: z.array(
    z.object({
      requirementId: z.string(),
      code: z.string(),
      title: z.string(),
      status: z.enum(STATUSES),
      dueOn: z.string().nullable(),
      satisfiedBy: z.string().nullable(),
      explanation: z.string(),
    }),
  ),
});
export type TrainingOnDay = z.infer<typeof trainingOnDay>;

export const teamTrainingView = z.object({
  enrolleeId: z.string(),
  today: z.string(),
  members: z.array(
    z.object({
      id: z.string(),
      personId: z.string(),
      name: z.string(),
      role: z.enum(CARE_TEAM_ROLES),
      singlePointOfContact: z.boolean(),
      memberOrgId: z.string(),
      memberOrgName: z.string(),
      startsOn: z.string(),
      endsOn: z.string().nullable(),
      onJoining: trainingOnDay.describe('As of the day they joined the team (facts as corrected since)'),
      now: trainingOnDay.describe('As of today'),
    }),
  ),
  allTrainedNow: z
    .boolean()
    .describe('Every current member is compliant, exempt or reached by no requirement today'),
});
export type TeamTrainingView = z.infer<typeof teamTrainingView>;
