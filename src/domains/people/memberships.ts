import type { MembershipLoader } from '../../platform/auth/actor.js';
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
    const [person, held, orgs] = await Promise.all([
      findPerson(db, personId),
      currentMemberships(db, personId),
      db.select().from(organisations),
    ]);
    const byId = new Map(orgs.map((o) => [o.id, o]));
    const rolesAt = new Map(held.map((m) => [m.orgId, m.roles]));
    const ids = isSystemAdmin ? orgs.map((o) => o.id) : held.map((m) => m.orgId);
    const memberships = ids
      .map((orgId) => {
        const org = byId.get(orgId)!;
        const roles = rolesAt.get(orgId) ?? [];
        return {
          orgId,
          orgName: org.name,
          orgCode: org.code,
          orgKind: org.kind,
          roles: isSystemAdmin && !roles.includes('org_admin') ? [...roles, 'org_admin'] : roles,
        };
      })
      .sort((a, b) => a.orgName.localeCompare(b.orgName));
    return { name: person ? `${person.givenName} ${person.familyName}` : 'Unknown', memberships };
  };
}
