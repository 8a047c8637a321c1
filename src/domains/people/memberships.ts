import { inArray } from 'drizzle-orm';
import type { Membership, MembershipLoader } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/client.js';
import { organisations } from '../organisations/index.js';
import { currentMemberships, findPerson } from './people.repository.js';

/**
 * The organisations a signed-in person may act for, with their roles today. A system administrator may
 * act for every organisation, as its administrator, in addition to any roles they hold.
 */
export function membershipLoader(database: Database): MembershipLoader {
  const db = database.system;
  return async (personId, isSystemAdmin) => {
    const [person, held] = await Promise.all([findPerson(db, personId), currentMemberships(db, personId)]);
    // Only the organisations the person acts for, unless a system administrator, who may act for all.
    const orgs = isSystemAdmin
      ? await db.select().from(organisations)
      : held.length > 0
        ? await db
            .select()
            .from(organisations)
            .where(
              inArray(
                organisations.id,
                held.map((m) => m.orgId),
              ),
            )
        : [];
    const rolesAt = new Map(held.map((m) => [m.orgId, m.roles]));
    const memberships = orgs
      .map((org): Membership => {
        const roles = rolesAt.get(org.id) ?? [];
        return {
          orgId: org.id,
          orgName: org.name,
          orgCode: org.code,
          orgKind: org.kind,
          // Asked of those who hold a role there, not of a system administrator looking in (who gives it anyway).
          requiresMfa: org.requireMfa && rolesAt.has(org.id),
          roles: isSystemAdmin && !roles.includes('org_admin') ? [...roles, 'org_admin'] : roles,
        };
      })
      .sort((a, b) => a.orgName.localeCompare(b.orgName));
    return { name: person ? `${person.givenName} ${person.familyName}` : 'Unknown', memberships };
  };
}
