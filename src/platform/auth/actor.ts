import type { RoleKind } from '@contract/roles.js';
import { forbidden } from '../http/errors.js';
/** Who is making a request: a signed-in user acting at one organisation, or the system itself. */
export interface Membership {
  orgId: string;
  orgName: string;
  orgCode: string;
  orgKind: string;
  roles: RoleKind[];
  /** The organisation asks everyone holding a role there to sign in with a second factor (decision 067). */
  requiresMfa?: boolean;
}

export interface Actor {
  userId: string;
  personId: string;
  name: string;
  email: string;
  isSystemAdmin: boolean;
  /** The organisation the user is acting for now (the organisation switcher), if any. */
  orgId: string | null;
  /** Roles at the active organisation, today. */
  roles: readonly RoleKind[];
  memberships: readonly Membership[];
  ip: string | null;
  userAgent: string | null;
  sessionId: string;
  csrfToken: string;
  /** The password was right but the second factor is still owed (decision 067); nothing else is allowed. */
  mfaPending?: 'code' | 'enrol';
  /** Set when a system reads the FHIR API with an API client's access token (decision 065). */
  client?: { id: string; scopes: readonly string[] };
}

/**
 * Loads a signed-in person's name and current roles at organisations; provided by the people domain at
 * start-up, so the platform does not depend on a domain. A system administrator may act at every
 * organisation, as its administrator.
 */
export type MembershipLoader = (
  personId: string,
  isSystemAdmin: boolean,
) => Promise<{ name: string; memberships: Membership[] }>;

export function hasRole(actor: Actor, ...roles: RoleKind[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}

/** The organisations whose tenant rows the actor's requests may touch, and the actor's own rows. */
export function scopeOf(actor: Actor): { orgIds: string[]; personId: string | null } {
  return { orgIds: actor.orgId ? [actor.orgId] : [], personId: actor.personId ?? null };
}

/** The actor's membership at the organisation they are acting for, if they have chosen one. */
export function activeMembershipOf(actor: Actor): Membership | undefined {
  return actor.memberships.find((m) => m.orgId === actor.orgId);
}

/** The organisation the actor is acting for; refused (403) when they have not chosen one. */
export function activeOrgOf(actor: Actor): string {
  if (!actor.orgId) throw forbidden('Choose an organisation to act for first.');
  return actor.orgId;
}
