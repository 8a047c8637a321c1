import type { RoleKind } from '@contract/roles.js';
import { hasRole } from '../../platform/auth/actor.js';
import { definePolicy } from '../../platform/auth/policy.js';

/** Roles that run an organisation's training. */
const TRAINING_ADMINS: RoleKind[] = ['training_admin', 'org_admin'];
/**
 * Roles that may run their organisation's own (private) training as well: a plan's compliance officer offers
 * its model-of-care sessions to the plan's staff and contracted providers.
 */
const PRIVATE_TRAINING_RUNNERS: RoleKind[] = [...TRAINING_ADMINS, 'compliance_officer'];
/** Roles that review who completed what. */
const RECORD_READERS: RoleKind[] = [...TRAINING_ADMINS, 'compliance_officer', 'auditor'];

export const trainingPolicy = definePolicy({
  /** Every signed-in member of an organisation sees the catalog open to it. */
  'catalog.read': (actor) => Boolean(actor.orgId),
  'catalog.manage': (actor) => hasRole(actor, ...TRAINING_ADMINS),
  /**
   * Adding a topic or offering a session of one: training administrators, anything their organisation may
   * use; a compliance officer, only what is private to their organisation (not shared).
   */
  'catalog.offer': (actor, topic: { shared: boolean }) =>
    hasRole(actor, ...(topic.shared ? TRAINING_ADMINS : PRIVATE_TRAINING_RUNNERS)),
  /**
   * A session's registrations, attendance, attestation link, changes and cancelling belong to the
   * organisation running it: its training administrators, and for a private session its compliance officers.
   */
  'session.manage': (actor, session: { orgId: string; shared: boolean }) =>
    hasRole(actor, ...(session.shared ? TRAINING_ADMINS : PRIVATE_TRAINING_RUNNERS)) &&
    actor.orgId === session.orgId,
  'session.register': (actor) => Boolean(actor.orgId && actor.personId),
  'completion.read': (actor, person: { id: string }) =>
    actor.personId === person.id || hasRole(actor, ...RECORD_READERS),
  /** Participation counts for the sessions an organisation runs: no one's identity, only numbers. */
  'participation.read': (actor) => hasRole(actor, ...RECORD_READERS),
  'completion.record': (actor) => hasRole(actor, ...TRAINING_ADMINS),
  /** The organisation's learning record store: its settings, test statement and deliveries (decision 069). */
  'lrs.manage': (actor, org: { orgId: string }) =>
    hasRole(actor, ...TRAINING_ADMINS) && actor.orgId === org.orgId,
  'completion.revoke': (actor, completion: { orgId: string }) =>
    hasRole(actor, ...TRAINING_ADMINS) && actor.orgId === completion.orgId,
});
