import { hasRole } from '../../platform/auth/actor.js';
import { definePolicy } from '../../platform/auth/policy.js';

/** Who sets an organisation's requirements and approves exemptions. */
const KEEPERS = ['compliance_officer', 'org_admin', 'training_admin'];
/** Who sees where everyone stands. */
const READERS = [...KEEPERS, 'auditor'];

export const compliancePolicy = definePolicy({
  'compliance.read': (actor) => hasRole(actor, ...READERS),
  'compliance.manage': (actor) => hasRole(actor, ...KEEPERS),
  /** Everyone may see what they themselves owe. */
  'compliance.own': (actor) => Boolean(actor.personId),
});
