import type { RoleKind } from '@contract/roles.js';
import { type Actor, activeMembershipOf, hasRole } from '../../platform/auth/actor.js';
import { definePolicy } from '../../platform/auth/policy.js';

/** Who keeps enrollee records at the organisation that holds them. */
const CARE_EDITORS: RoleKind[] = [
  'org_admin',
  'care_coordinator',
  'clinical_care_manager',
  'enrollment_submitter',
];
/** Who works with enrollees (on their care team, or at the plan) and may read their records. */
const CARE_READERS: RoleKind[] = [
  ...CARE_EDITORS,
  'lts_coordinator',
  'pcp',
  'pcp_designee',
  'bh_clinician',
  'rn',
  'auditor',
];
/** Who records contacts and assessments: the care team's clinical and coordinating roles. */
const CARE_RECORDERS: RoleKind[] = [
  'care_coordinator',
  'clinical_care_manager',
  'lts_coordinator',
  'pcp',
  'pcp_designee',
  'bh_clinician',
  'rn',
  'org_admin',
];
/** Who may be an enrollee's single point of contact, and so has a caseload. */
const SPOC_HOLDERS: RoleKind[] = ['care_coordinator', 'clinical_care_manager'];
/** Organisations that hold enrollee records: a One Care plan, an ACO or an MCO. */
const HOLDERS = ['plan', 'aco', 'mco'];

const kindOf = (actor: Actor) => activeMembershipOf(actor)?.orgKind;
/** A training vendor sees no enrollee, whatever roles it gives its staff (decision 050). */
const caresForEnrollees = (actor: Actor) => Boolean(actor.orgId) && kindOf(actor) !== 'training_vendor';

export const carePolicy = definePolicy({
  /** Enrollees held here, or (a provider or Community Partner) whose care team the organisation is on today. */
  'enrollee.list': (actor) => caresForEnrollees(actor) && hasRole(actor, ...CARE_READERS),
  'enrollee.read': (actor) => caresForEnrollees(actor) && hasRole(actor, ...CARE_READERS),
  'enrollee.create': (actor) => HOLDERS.includes(kindOf(actor) ?? '') && hasRole(actor, ...CARE_EDITORS),
  /** A roster import creates and changes the plan's enrollees: whoever may create them. */
  'enrollee.import': (actor) => HOLDERS.includes(kindOf(actor) ?? '') && hasRole(actor, ...CARE_EDITORS),
  /** The record, its enrollments and its care team are kept by the organisation that holds it. */
  'enrollee.update': (actor, enrollee: { orgId: string }) =>
    actor.orgId === enrollee.orgId && hasRole(actor, ...CARE_EDITORS),
  'contact.record': (actor) => caresForEnrollees(actor) && hasRole(actor, ...CARE_RECORDERS),
  /**
   * Assessments: the plan's care managers, or a care coordinator or clinical care manager on the enrollee's team
   * (the single point of contact is one); the service checks the team (decision 052).
   */
  'assessment.record': (actor) => caresForEnrollees(actor) && hasRole(actor, ...SPOC_HOLDERS),
  /** Major changes: recorded by the plan or the care team, like contacts. */
  'majorChange.record': (actor) => caresForEnrollees(actor) && hasRole(actor, ...CARE_RECORDERS),
  /**
   * Care plans: written by the plan's care managers, or a care coordinator or clinical care manager on the
   * enrollee's team (the service checks the team, decision 058).
   */
  'plan.write': (actor) => caresForEnrollees(actor) && hasRole(actor, ...SPOC_HOLDERS, 'org_admin'),
  /** Recording a signature (the enrollee's, a PCP's page) or making a PCP's link: the care team's recorders. */
  'plan.sign': (actor) => caresForEnrollees(actor) && hasRole(actor, ...CARE_RECORDERS),
  /** One's own work queue: whoever may be a single point of contact. */
  'queue.own': (actor) => caresForEnrollees(actor) && hasRole(actor, ...SPOC_HOLDERS),
  /** Every coordinator's queue and the team view at the organisation (supervisors: see the service). */
  'queue.any': (actor) => caresForEnrollees(actor) && hasRole(actor, 'org_admin'),
  /** Finding who may join a care team (the network's staff): whoever keeps care teams at a holder. */
  'team.candidates': (actor) => HOLDERS.includes(kindOf(actor) ?? '') && hasRole(actor, ...CARE_EDITORS),
  /** Moving a caseload: whoever keeps the care team at the organisation holding the enrollees. */
  'caseload.transfer': (actor) => HOLDERS.includes(kindOf(actor) ?? '') && hasRole(actor, ...CARE_EDITORS),
});
