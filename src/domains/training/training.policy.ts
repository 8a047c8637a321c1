import { hasRole } from '../../platform/auth/actor.js';
import { definePolicy } from '../../platform/auth/policy.js';

/** Roles that run an organisation's training. */
const TRAINING_ADMINS = ['training_admin', 'org_admin'];
/** Roles that review who completed what. */
const RECORD_READERS = [...TRAINING_ADMINS, 'compliance_officer', 'auditor'];

export const trainingPolicy = definePolicy({
  /** Every signed-in member of an organisation sees the catalog open to it. */
  'catalog.read': (actor) => Boolean(actor.orgId),
  'catalog.manage': (actor) => hasRole(actor, ...TRAINING_ADMINS),
  /** A session's registrations, attendance and attestation link belong to the organisation running it. */
  'session.manage': (actor, session: { orgId: string }) =>
    hasRole(actor, ...TRAINING_ADMINS) && actor.orgId === session.orgId,
  'session.register': (actor) => Boolean(actor.orgId && actor.personId),
  'completion.read': (actor, person: { id: string }) =>
    actor.personId === person.id || hasRole(actor, ...RECORD_READERS),
  /** Participation counts for the sessions an organisation runs: no one's identity, only numbers. */
  'participation.read': (actor) => hasRole(actor, ...RECORD_READERS),
  'completion.record': (actor) => hasRole(actor, ...TRAINING_ADMINS),
  'completion.revoke': (actor, completion: { orgId: string }) =>
    hasRole(actor, ...TRAINING_ADMINS) && actor.orgId === completion.orgId,
});
