// Who works with 42 CFR Part 2 consents and SUD counseling notes (decision 060). Built on the care policy's roles.
import { type Actor, activeMembershipOf, hasRole } from '../../../platform/auth/actor.js';
import { definePolicy } from '../../../platform/auth/policy.js';
import { carePolicy } from '../care.policy.js';

/** The treating professionals who write and read counseling notes at their program. */
const COUNSELORS = ['bh_clinician', 'clinical_care_manager', 'rn', 'pcp'] as const;
const caresForEnrollees = (actor: Actor) =>
  Boolean(actor.orgId) && activeMembershipOf(actor)?.orgKind !== 'training_vendor';

export const part2Policy = definePolicy({
  /** Reading the consents an organisation gave or received: whoever reads the enrollee. */
  'consent.read': (actor) => carePolicy.can(actor, 'enrollee.read'),
  /** Recording a consent given to the actor's organisation, or its written revocation: the care team's recorders. */
  'consent.record': (actor) => carePolicy.can(actor, 'contact.record'),
  'note.write': (actor) => caresForEnrollees(actor) && hasRole(actor, ...COUNSELORS),
  'note.read': (actor) => caresForEnrollees(actor) && hasRole(actor, ...COUNSELORS),
});
