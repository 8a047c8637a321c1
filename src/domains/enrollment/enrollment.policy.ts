import type { RoleKind } from '@contract/roles.js';
import { type Actor, activeMembershipOf, hasRole } from '../../platform/auth/actor.js';
import { definePolicy } from '../../platform/auth/policy.js';

/** Who sends an organisation's batch files. */
const SUBMITTERS: RoleKind[] = ['enrollment_submitter', 'org_admin'];
/** Who reads its batches and its members' enrollment. */
const READERS: RoleKind[] = [...SUBMITTERS, 'care_coordinator', 'clinical_care_manager', 'auditor'];
/** ACOs, MCOs and Community Partners send batch files. */
const SENDERS = ['aco', 'mco', 'cp_bh', 'cp_ltss'];

const kindOf = (actor: Actor) => activeMembershipOf(actor)?.orgKind ?? '';
const isState = (actor: Actor) => kindOf(actor) === 'state_agency';

export const enrollmentPolicy = definePolicy({
  'batch.submit': (actor) => SENDERS.includes(kindOf(actor)) && hasRole(actor, ...SUBMITTERS),
  /** Its own batches; a state agency's staff read every organisation's (row-level security says which). */
  'batch.read': (actor) => (SENDERS.includes(kindOf(actor)) || isState(actor)) && hasRole(actor, ...READERS),
  'member.read': (actor) => (SENDERS.includes(kindOf(actor)) || isState(actor)) && hasRole(actor, ...READERS),
  /** A member's request for a different CP, or to decline: at their ACO/MCO, or at the CP they are with. */
  'member.choice': (actor) =>
    SENDERS.includes(kindOf(actor)) &&
    hasRole(actor, ...SUBMITTERS, 'care_coordinator', 'clinical_care_manager'),
  /** An ACO's, MCO's or CP's own provider IDs and (a CP) capacity: its administrators. */
  'directory.update': (actor) => SENDERS.includes(kindOf(actor)) && hasRole(actor, 'org_admin'),
  /** The directory of Community Partners: everyone signed in. */
  'directory.read': (actor) => Boolean(actor.orgId),
});
