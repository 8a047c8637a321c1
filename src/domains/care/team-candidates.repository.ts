import type { RoleKind } from '@contract/roles.js';
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { holds, inForceOn } from '../../platform/db/columns.js';
import { organisations, orgRelationships } from '../organisations/index.js';
import { people, personRoles } from '../people/index.js';

const LIMIT = 25;

/**
 * People who hold a role (one of `roles`, or any) on the day at the plan or at an organisation in its
 * network then (a network contract or CP partnership the plan holds), each with the organisation they would
 * serve from and their roles there, whose name holds every word of `q` ("Santos", "santos maria",
 * "Santos, Maria"). The first 25 by name. Read as the table owner: the plan does not see another
 * organisation's roles; only directory facts leave here.
 */
export async function teamCandidates(
  db: Db,
  planId: string,
  options: { q?: string | undefined; roles: readonly RoleKind[] | null; day: string },
) {
  const { q, roles, day } = options;
  const network = db
    .select({ id: orgRelationships.otherOrgId })
    .from(orgRelationships)
    .where(
      and(
        eq(orgRelationships.orgId, planId),
        inArray(orgRelationships.kind, ['network_contract', 'cp_partnership']),
        inForceOn(orgRelationships.startsOn, orgRelationships.endsOn, day),
      ),
    );
  const words = (q ?? '').split(/[\s,]+/).filter(Boolean);
  return db
    .select({
      personId: people.id,
      name: sql<string>`${people.givenName} || ' ' || ${people.familyName}`,
      memberOrgId: organisations.id,
      memberOrgName: organisations.name,
      roles: sql<string[]>`array_agg(distinct ${personRoles.role}::text order by ${personRoles.role}::text)`,
    })
    .from(personRoles)
    .innerJoin(people, eq(people.id, personRoles.personId))
    .innerJoin(organisations, eq(organisations.id, personRoles.orgId))
    .where(
      and(
        or(eq(personRoles.orgId, planId), inArray(personRoles.orgId, network)),
        inForceOn(personRoles.startsOn, personRoles.endsOn, day),
        roles ? inArray(personRoles.role, [...roles]) : undefined,
        ...words.map((w) => or(holds(people.givenName, w), holds(people.familyName, w))),
      ),
    )
    .groupBy(people.id, organisations.id)
    .orderBy(asc(people.familyName), asc(people.givenName), asc(organisations.name))
    .limit(LIMIT);
}
