import type { RoleKind } from '@contract/roles.js';
import { hasRole } from '../../platform/auth/actor.js';
import { definePolicy } from '../../platform/auth/policy.js';

/** Who sets an organisation's requirements and approves exemptions. */
const KEEPERS: RoleKind[] = ['compliance_officer', 'org_admin', 'training_admin'];
/** Who sees where everyone stands. */
const READERS: RoleKind[] = [...KEEPERS, 'auditor'];

export const compliancePolicy = definePolicy({
  'compliance.read': (actor) => hasRole(actor, ...READERS),
  'compliance.manage': (actor) => hasRole(actor, ...KEEPERS),
  /** A flag acts under the organisation's non-compliance policy: its officers (and administrators) clear it. */
  'compliance.flag.clear': (actor) => hasRole(actor, 'compliance_officer', 'org_admin'),
  /** Everyone may see what they themselves owe. */
  'compliance.own': (actor) => Boolean(actor.personId),
});
