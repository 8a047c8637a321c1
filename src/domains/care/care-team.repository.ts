import { and, asc, desc, eq, exists, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { inForceOn } from '../../platform/db/columns.js';
import { organisations, orgRelationships } from '../organisations/index.js';
import { people, personRoles } from '../people/index.js';
import { careTeamMembers } from './care.tables.js';

/** A care team's rows: members, the single point of contact, who may join, and names to show. */
export type TeamMember = typeof careTeamMembers.$inferSelect;

export function teamOf(db: Db, orgId: string, enrolleeId: string) {
  return db
    .select()
    .from(careTeamMembers)
    .where(and(eq(careTeamMembers.orgId, orgId), eq(careTeamMembers.enrolleeId, enrolleeId)))
    .orderBy(
      desc(careTeamMembers.singlePointOfContact),
      asc(careTeamMembers.role),
      desc(careTeamMembers.startsOn),
    );
}

export async function findTeamMember(db: Db, orgId: string, enrolleeId: string, id: string) {
  const [row] = await db
    .select()
    .from(careTeamMembers)
    .where(
      and(
        eq(careTeamMembers.orgId, orgId),
        eq(careTeamMembers.enrolleeId, enrolleeId),
        eq(careTeamMembers.id, id),
      ),
    );
  return row;
}

/** The enrollee's open single point of contact, locked for the change that replaces it. */
export async function openSpocOf(db: Db, orgId: string, enrolleeId: string) {
  const [row] = await db
    .select()
    .from(careTeamMembers)
    .where(
      and(
        eq(careTeamMembers.orgId, orgId),
        eq(careTeamMembers.enrolleeId, enrolleeId),
        eq(careTeamMembers.singlePointOfContact, true),
        isNull(careTeamMembers.endsOn),
      ),
    )
    .for('update');
  return row;
}

/** The person's membership in the role on the enrollee's team sharing a day with `from`–`to` (open when null). */
export async function overlappingMembership(
  db: Db,
  orgId: string,
  enrolleeId: string,
  personId: string,
  role: TeamMember['role'],
  from: string,
  to: string | null,
) {
  const [row] = await db
    .select()
    .from(careTeamMembers)
    .where(
      and(
        eq(careTeamMembers.orgId, orgId),
        eq(careTeamMembers.enrolleeId, enrolleeId),
        eq(careTeamMembers.personId, personId),
        eq(careTeamMembers.role, role),
        sql`daterange(${careTeamMembers.startsOn}, ${careTeamMembers.endsOn}, '[]') && daterange(${from}::date, ${to}::date, '[]')`,
      ),
    )
    .limit(1);
  return row;
}

export async function insertTeamMember(
  db: Db,
  values: Omit<typeof careTeamMembers.$inferInsert, 'id' | 'version' | 'createdAt' | 'updatedAt'>,
) {
  const [row] = await db.insert(careTeamMembers).values(values).returning();
  return row!;
}

export async function updateTeamMember(
  db: Db,
  orgId: string,
  id: string,
  version: number | undefined,
  changes: Partial<Pick<TeamMember, 'endsOn' | 'ltsOfferedOn' | 'ltsResponse' | 'ltsRespondedOn'>>,
) {
  const [row] = await db
    .update(careTeamMembers)
    .set({ ...changes, version: sql`${careTeamMembers.version} + 1`, updatedAt: sql`now()` })
    .where(
      and(
        eq(careTeamMembers.orgId, orgId),
        eq(careTeamMembers.id, id),
        version === undefined ? undefined : eq(careTeamMembers.version, version),
      ),
    )
    .returning();
  return row;
}

/**
 * Whether the person holds one of the roles at the member organisation on the day, and that organisation
 * is the plan itself or in its network then (a network contract or CP partnership the plan holds). Read
 * as the table owner: the plan does not see another organisation's roles.
 */
export async function eligibleMember(
  db: Db,
  planId: string,
  memberOrgId: string,
  personId: string,
  roles: readonly (typeof personRoles.$inferSelect.role)[] | null,
  day: string,
) {
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(personRoles)
    .where(
      and(
        eq(personRoles.orgId, memberOrgId),
        eq(personRoles.personId, personId),
        roles ? inArray(personRoles.role, [...roles]) : undefined,
        inForceOn(personRoles.startsOn, personRoles.endsOn, day),
        memberOrgId === planId
          ? undefined
          : exists(
              db
                .select({ one: sql`1` })
                .from(orgRelationships)
                .where(
                  and(
                    eq(orgRelationships.orgId, planId),
                    eq(orgRelationships.otherOrgId, memberOrgId),
                    inArray(orgRelationships.kind, ['network_contract', 'cp_partnership']),
                    inForceOn(orgRelationships.startsOn, orgRelationships.endsOn, day),
                  ),
                ),
            ),
      ),
    )
    .limit(1);
  return Boolean(row);
}

/** People's names and organisations' names by id, for a team or a list (read as the table owner). */
export async function namesOf(db: Db, personIds: string[], orgIds: string[]) {
  const [persons, orgs] = await Promise.all([
    personIds.length
      ? db
          .select({ id: people.id, name: sql<string>`${people.givenName} || ' ' || ${people.familyName}` })
          .from(people)
          .where(inArray(people.id, personIds))
      : [],
    orgIds.length
      ? db
          .select({ id: organisations.id, name: organisations.name })
          .from(organisations)
          .where(inArray(organisations.id, orgIds))
      : [],
  ]);
  return {
    person: new Map(persons.map((p) => [p.id, p.name])),
    org: new Map(orgs.map((o) => [o.id, o.name])),
  };
}

/** Whether the person serves on the enrollee's care team on the day, in any part, for the organisation. */
export async function onTeam(
  db: Db,
  orgId: string,
  enrolleeId: string,
  personId: string,
  memberOrgId: string,
  day: string,
) {
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(careTeamMembers)
    .where(
      and(
        eq(careTeamMembers.orgId, orgId),
        eq(careTeamMembers.enrolleeId, enrolleeId),
        eq(careTeamMembers.personId, personId),
        eq(careTeamMembers.memberOrgId, memberOrgId),
        inForceOn(careTeamMembers.startsOn, careTeamMembers.endsOn, day),
      ),
    )
    .limit(1);
  return Boolean(row);
}
