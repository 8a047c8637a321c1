import { hasRole } from '../../platform/auth/actor.js';
import { definePolicy } from '../../platform/auth/policy.js';

/** Organisations form a directory every signed-in user can read; only their administrators change them. */
export const organisationPolicy = definePolicy({
  'organisation.read': () => true,
  'organisation.create': (actor) => actor.isSystemAdmin,
  'organisation.update': (actor, org: { id: string }) =>
    actor.isSystemAdmin || (actor.orgId === org.id && hasRole(actor, 'org_admin')),
  /** Relationships and service areas are kept by the owning organisation's administrators. */
  'organisation.manageLinks': (actor, org: { id: string }) =>
    actor.orgId === org.id && hasRole(actor, 'org_admin'),
});
