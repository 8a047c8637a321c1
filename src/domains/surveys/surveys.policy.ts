import type { RoleKind } from '@contract/roles.js';
import { hasRole } from '../../platform/auth/actor.js';
import { definePolicy } from '../../platform/auth/policy.js';

/** Who builds, distributes and reads the results of an organisation's surveys. */
const BUILDERS: RoleKind[] = ['training_admin', 'org_admin'];

export const surveysPolicy = definePolicy({
  'surveys.manage': (actor) => hasRole(actor, ...BUILDERS),
  'surveys.results': (actor) => hasRole(actor, ...BUILDERS, 'compliance_officer', 'auditor'),
  /** Anyone signed in may answer a survey addressed to them. */
  'surveys.respond': (actor) => Boolean(actor.personId),
});
