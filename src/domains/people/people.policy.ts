import type { RoleKind } from '@contract/roles.js';
import { hasRole } from '../../platform/auth/actor.js';
import { definePolicy } from '../../platform/auth/policy.js';

/** Roles that keep or review an organisation's workforce records. */
const WORKFORCE_READERS: RoleKind[] = ['org_admin', 'training_admin', 'compliance_officer', 'auditor'];

export const peoplePolicy = definePolicy({
  /** The staff directory of the active organisation; everyone may also see themselves. */
  'person.list': (actor) => hasRole(actor, ...WORKFORCE_READERS),
  'person.read': (actor, person: { id: string }) =>
    hasRole(actor, ...WORKFORCE_READERS) || actor.personId === person.id,
  'person.create': (actor) => hasRole(actor, 'org_admin'),
  /** Identity fields are kept by the organisation that stewards the identity. */
  'person.update': (actor, person: { homeOrgId: string }) =>
    hasRole(actor, 'org_admin') && actor.orgId === person.homeOrgId,
  /** What the organisation records about a person it works with: its phone and title for them. */
  'person.details': (actor) => hasRole(actor, 'org_admin'),
  'role.manage': (actor) => hasRole(actor, 'org_admin'),
  'qualification.list': (actor) => hasRole(actor, ...WORKFORCE_READERS),
  'qualification.manage': (actor) => hasRole(actor, 'org_admin', 'compliance_officer'),
  'people.import': (actor) => hasRole(actor, 'org_admin'),
});
