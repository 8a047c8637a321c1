import type { RoleKind } from '@contract/roles.js';
import { type Actor, activeMembershipOf, hasRole } from '../../platform/auth/actor.js';
import { definePolicy } from '../../platform/auth/policy.js';

/** Who sends an organisation's batch files. */
const SUBMITTERS: RoleKind[] = ['enrollment_submitter', 'org_admin'];
/** Who reads its batches and its members' enrollment. */
const READERS: RoleKind[] = [...SUBMITTERS, 'care_coordinator', 'clinical_care_manager', 'auditor'];
/** ACOs, MCOs and Community Partners send batch files. */
const SENDERS = ['aco', 'mco', 'cp_bh', 'cp_ltss'];
/** ACOs, MCOs and plans identify their members for CP supports and receive providers' referrals. */
const IDENTIFIERS = ['aco', 'mco', 'plan'];
/** A provider's staff who refer a member for CP supports: its clinicians, care staff and administrators. */
const REFERRERS: RoleKind[] = [
  'care_coordinator',
  'clinical_care_manager',
  'lts_coordinator',
  'pcp',
  'pcp_designee',
  'bh_clinician',
  'rn',
  'org_admin',
];

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
    hasRole(actor, ...SUBMITTERS, 'care_coordinator', 'clinical_care_manager', 'lts_coordinator'),
  /** An ACO's, MCO's, plan's or CP's own provider IDs and (a CP) capacity: its administrators. */
  'directory.update': (actor) =>
    (SENDERS.includes(kindOf(actor)) || IDENTIFIERS.includes(kindOf(actor))) && hasRole(actor, 'org_admin'),
  /** Proposing and confirming a month's assignments, and withdrawing one: the ACO's or MCO's submitters. */
  'assignment.decide': (actor) => ['aco', 'mco'].includes(kindOf(actor)) && hasRole(actor, ...SUBMITTERS),
  /** Assignments: the ACO's or MCO's own, those confirmed to a CP, or (a state agency) all. */
  'assignment.read': (actor) =>
    (SENDERS.includes(kindOf(actor)) || isState(actor)) && hasRole(actor, ...READERS, 'lts_coordinator'),
  /** A CP's attempts to reach the members assigned to it: its staff. */
  'assignment.outreach': (actor) =>
    kindOf(actor).startsWith('cp_') &&
    hasRole(actor, ...SUBMITTERS, 'care_coordinator', 'clinical_care_manager', 'lts_coordinator'),
  /** An ACO's, MCO's or plan's identified-member lists (MassHealth's quarterly list, or its own): its submitters. */
  'identification.import': (actor) => IDENTIFIERS.includes(kindOf(actor)) && hasRole(actor, ...SUBMITTERS),
  /** Its identified members; a state agency's staff read every organisation's. */
  'identification.read': (actor) =>
    (IDENTIFIERS.includes(kindOf(actor)) || isState(actor)) && hasRole(actor, ...READERS),
  /** A provider's clinical and care staff refer a member, on the member's behalf, to the member's ACO/MCO. */
  'referral.send': (actor) => kindOf(actor) === 'provider' && hasRole(actor, ...REFERRERS),
  /** Accepting or declining a referral the ACO/MCO received. */
  'referral.decide': (actor) =>
    IDENTIFIERS.includes(kindOf(actor)) &&
    hasRole(actor, ...SUBMITTERS, 'care_coordinator', 'clinical_care_manager'),
  /** A provider's sent referrals, an ACO's/MCO's received ones, or (a state agency) all. */
  'referral.read': (actor) =>
    (kindOf(actor) === 'provider' && hasRole(actor, ...REFERRERS)) ||
    ((IDENTIFIERS.includes(kindOf(actor)) || isState(actor)) && hasRole(actor, ...READERS)),
  /** A plan's (One Care), ACO's or MCO's welcome mailing to a county its service area gains: its submitters. */
  'mailing.run': (actor) => ['plan', 'aco', 'mco'].includes(kindOf(actor)) && hasRole(actor, ...SUBMITTERS),
  /** Its welcome mailings, their letters and mail files; a state agency's staff read every organisation's. */
  'mailing.read': (actor) =>
    (['plan', 'aco', 'mco'].includes(kindOf(actor)) || isState(actor)) &&
    hasRole(actor, ...SUBMITTERS, 'auditor'),
  /** The directory of Community Partners: everyone signed in. */
  'directory.read': (actor) => Boolean(actor.orgId),
});
