import { massachusettsToday } from '@contract/massachusetts-day.js';
import type { PeopleListQuery } from '@contract/people/people.schemas.js';
import type { RoleKind } from '@contract/roles.js';
import { emailKey } from '@contract/text/identifiers.js';
import { and, asc, count, desc, eq, exists, getTableColumns, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { holds, inForceOn } from '../../platform/db/columns.js';
import { prepared } from '../../platform/db/prepared.js';
import { people, personOrgDetails, personRoles, type qualifications } from './people.tables.js';

export type Person = typeof people.$inferSelect;
export type OrgDetails = typeof personOrgDetails.$inferSelect;

/** A role is current on a date when it has started and not ended. */
export const roleCurrentOn = (date: string) => inForceOn(personRoles.startsOn, personRoles.endsOn, date);

export const today = massachusettsToday;

/** The roles a list counts: held at the organisation, current unless ended ones are asked for, of a role or team. */
function rolesListed(orgId: string, query: PeopleListQuery): SQL | undefined {
  return and(
    eq(personRoles.orgId, orgId),
    query.includeEnded ? undefined : roleCurrentOn(today()),
    query.role ? eq(personRoles.role, query.role) : undefined,
    query.team ? eq(personRoles.team, query.team) : undefined,
  );
}

/** People matching the search text (name, e-mail, NPI) who hold a role the list counts. */
function peopleWhere(db: Db, orgId: string, query: PeopleListQuery): SQL | undefined {
  const q = query.q;
  const holding = db
    .select({ one: sql`1` })
    .from(personRoles)
    .where(and(eq(personRoles.personId, people.id), rolesListed(orgId, query)));
  return and(
    exists(holding),
    q
      ? or(
          holds(people.familyName, q),
          holds(people.givenName, q),
          holds(people.email, q),
          holds(sql`${people.givenName} || ' ' || ${people.familyName}`, q),
          eq(people.npi, q),
        )
      : undefined,
  );
}

/**
 * People holding a role at the organisation, with their roles and teams there, and its title for them. The
 * page is picked first and only its people's roles are gathered, so a long list costs a sort, not a grouping.
 */
export async function listPeople(
  db: Db,
  orgId: string,
  query: PeopleListQuery,
  page: { offset: number; limit: number },
) {
  const where = peopleWhere(db, orgId, query);
  const column = people[query.sort ?? 'familyName'];
  const order = query.dir === 'desc' ? desc(column) : asc(column);
  const { id, givenName, familyName, email, npi } = getTableColumns(people);
  const details = and(eq(personOrgDetails.orgId, orgId), eq(personOrgDetails.personId, people.id));
  const [picked, [total]] = await Promise.all([
    db
      .select({
        id,
        givenName,
        familyName,
        email,
        npi,
        // Looked up for the page's rows only (after the sort), not joined to every person at the organisation.
        title: sql<
          string | null
        >`(select ${personOrgDetails.title} from ${personOrgDetails} where ${details})`,
      })
      .from(people)
      .where(where)
      .orderBy(order, asc(people.id))
      .offset(page.offset)
      .limit(page.limit),
    db.select({ n: count() }).from(people).where(where),
  ]);
  const held = picked.length
    ? await db
        .select({
          personId: personRoles.personId,
          roles: sql<RoleKind[]>`array_agg(distinct ${personRoles.role}::text)`,
          teams: sql<
            string[]
          >`coalesce(array_agg(distinct ${personRoles.team}) filter (where ${personRoles.team} is not null), '{}')`,
        })
        .from(personRoles)
        .where(
          and(
            rolesListed(orgId, query),
            inArray(
              personRoles.personId,
              picked.map((p) => p.id),
            ),
          ),
        )
        .groupBy(personRoles.personId)
    : [];
  const byPerson = new Map(held.map((h) => [h.personId, h]));
  const items = picked.map((p) => ({
    ...p,
    roles: byPerson.get(p.id)?.roles ?? [],
    teams: byPerson.get(p.id)?.teams ?? [],
  }));
  return { items, total: Number(total?.n ?? 0) };
}

export async function findPerson(db: Db, id: string): Promise<Person | undefined> {
  const [row] = await db.select().from(people).where(eq(people.id, id));
  return row;
}

/** The identity with this e-mail address, however it was spelled (see `normaliseEmail`). */
export async function findPersonByEmail(db: Db, email: string): Promise<Person | undefined> {
  const [row] = await db
    .select()
    .from(people)
    .where(eq(people.email, emailKey(email)));
  return row;
}

export async function findPersonByNpi(db: Db, npi: string): Promise<Person | undefined> {
  const [row] = await db.select().from(people).where(eq(people.npi, npi));
  return row;
}

export async function insertPerson(db: Db, values: typeof people.$inferInsert) {
  const [row] = await db.insert(people).values(values).returning();
  return row!;
}

export async function updatePerson(db: Db, id: string, version: number, values: Partial<Person>) {
  const [row] = await db
    .update(people)
    .set({ ...values, version: sql`${people.version} + 1`, updatedAt: new Date() })
    .where(and(eq(people.id, id), eq(people.version, version)))
    .returning();
  return row;
}

/** What the organisation records about the person (phone, title), if anything. */
export async function detailsAt(db: Db, orgId: string, personId: string): Promise<OrgDetails | undefined> {
  const [row] = await db
    .select()
    .from(personOrgDetails)
    .where(and(eq(personOrgDetails.orgId, orgId), eq(personOrgDetails.personId, personId)));
  return row;
}

/**
 * Records the organisation's phone and title for a person: the fields given (undefined leaves one as it
 * is). With `version`, only over that version of its row (0: there is none yet); undefined when stale.
 */
export async function saveDetails(
  db: Db,
  orgId: string,
  personId: string,
  values: {
    phone?: string | null | undefined;
    title?: string | null | undefined;
    supervisorId?: string | null | undefined;
  },
  version?: number,
): Promise<OrgDetails | undefined> {
  const set = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
  const [row] = await db
    .insert(personOrgDetails)
    .values({ orgId, personId, ...set })
    .onConflictDoUpdate({
      target: [personOrgDetails.orgId, personOrgDetails.personId],
      set: { ...set, version: sql`${personOrgDetails.version} + 1`, updatedAt: new Date() },
      setWhere: version === undefined ? undefined : eq(personOrgDetails.version, version),
    })
    .returning();
  if (row && version !== undefined && row.version !== version + 1) return undefined;
  return row;
}

export async function rolesAt(db: Db, orgId: string, personId: string) {
  return db
    .select()
    .from(personRoles)
    .where(and(eq(personRoles.orgId, orgId), eq(personRoles.personId, personId)))
    .orderBy(asc(personRoles.startsOn), asc(personRoles.role));
}

export async function insertRole(db: Db, values: typeof personRoles.$inferInsert) {
  const [row] = await db.insert(personRoles).values(values).onConflictDoNothing().returning();
  return row;
}

export async function updateRole(
  db: Db,
  orgId: string,
  id: string,
  version: number,
  values: { endsOn?: string | null; team?: string | null },
) {
  const [row] = await db
    .update(personRoles)
    .set({ ...values, version: sql`${personRoles.version} + 1`, updatedAt: new Date() })
    .where(and(eq(personRoles.orgId, orgId), eq(personRoles.id, id), eq(personRoles.version, version)))
    .returning();
  return row;
}

/** The organisations where a person holds a role today, with the roles. */
export async function currentMemberships(db: Db, personId: string) {
  return db
    .select({
      orgId: personRoles.orgId,
      roles: sql<
        RoleKind[]
      >`array_agg(distinct ${personRoles.role}::text order by ${personRoles.role}::text)`,
    })
    .from(personRoles)
    .where(and(eq(personRoles.personId, personId), roleCurrentOn(today())))
    .groupBy(personRoles.orgId);
}

export interface PersonDetails extends Person {
  /** The organisation's own phone and title for the person, and the version of that record (0: none). */
  phone: string | null;
  title: string | null;
  supervisor: { id: string; name: string; email: string } | null;
  detailsVersion: number;
  roles: (typeof personRoles.$inferSelect)[];
  qualifications: (typeof qualifications.$inferSelect)[];
}

/**
 * A person with their roles and qualifications at one organisation, in one query. It is the hottest read,
 * so it is a named prepared statement: PostgreSQL plans it once per connection, not once per request.
 */
export async function personDetails(db: Db, orgId: string, id: string): Promise<PersonDetails | undefined> {
  const [row] = await prepared(db, 'person_details', buildPersonDetails).execute({ orgId, id });
  return row
    ? {
        ...row.person,
        phone: row.details?.phone ?? null,
        title: row.details?.title ?? null,
        supervisor: row.details?.supervisor ?? null,
        detailsVersion: row.details?.version ?? 0,
        roles: row.roles,
        qualifications: row.qualifications,
      }
    : undefined;
}

const buildPersonDetails = (db: Db) => personDetailsQuery(db).prepare('person_details');

/** The person details statement, with placeholders `orgId` and `id` (the read benchmark runs it bare too). */
export function personDetailsQuery(db: Db) {
  return db
    .select({
      person: people,
      details: sql<{
        phone: string | null;
        title: string | null;
        supervisor: PersonDetails['supervisor'];
        version: number;
      } | null>`(
        select json_build_object('phone', d.phone, 'title', d.title, 'version', d.version,
          'supervisor', (select json_build_object('id', s.id, 'name', s.given_name || ' ' || s.family_name, 'email', s.email)
            from people s where s.id = d.supervisor_id))
        from person_org_details d where d.org_id = ${sql.placeholder('orgId')}::uuid and d.person_id = people.id)`,
      roles: sql<PersonDetails['roles']>`coalesce((
        select json_agg(json_build_object('id', r.id, 'orgId', r.org_id, 'personId', r.person_id, 'role', r.role,
          'team', r.team, 'startsOn', r.starts_on, 'endsOn', r.ends_on, 'version', r.version)
          order by r.starts_on, r.role)
        from person_roles r where r.org_id = ${sql.placeholder('orgId')}::uuid and r.person_id = people.id), '[]')`,
      qualifications: sql<PersonDetails['qualifications']>`coalesce((
        select json_agg(json_build_object('id', q.id, 'personId', q.person_id, 'kind', q.kind, 'name', q.name,
          'issuer', q.issuer, 'number', q.number, 'issuedOn', q.issued_on, 'expiresOn', q.expires_on, 'version', q.version)
          order by q.expires_on nulls last)
        from qualifications q where q.org_id = ${sql.placeholder('orgId')}::uuid and q.person_id = people.id), '[]')`,
    })
    .from(people)
    .where(eq(people.id, sql.placeholder('id')));
}

/**
 * People the caller's scope can see (row-level security decides: those of the organisation, or who hold or
 * held a role there) whose name or e-mail holds the text, for a search box; at most `limit`, by name.
 */
export function searchVisiblePeople(db: Db, text: string, limit: number) {
  return db
    .select({
      id: people.id,
      givenName: people.givenName,
      familyName: people.familyName,
      email: people.email,
    })
    .from(people)
    .where(
      text
        ? or(
            holds(people.givenName, text),
            holds(people.familyName, text),
            holds(people.email, text),
            holds(sql`${people.givenName} || ' ' || ${people.familyName}`, text),
          )
        : undefined,
    )
    .orderBy(asc(people.familyName), asc(people.givenName), asc(people.id))
    .limit(limit);
}

/** Whether the caller's scope can see the person (row-level security decides). */
export async function isVisiblePerson(db: Db, id: string) {
  const [row] = await db.select({ id: people.id }).from(people).where(eq(people.id, id));
  return Boolean(row);
}

/** Someone holding a role at the organisation that has not ended, by e-mail: who may be named a supervisor. */
export async function personHereByEmail(db: Db, orgId: string, email: string) {
  const [row] = await db
    .select({ id: people.id })
    .from(people)
    .where(
      and(
        eq(people.email, emailKey(email)),
        sql`exists (select 1 from person_roles r where r.org_id = ${orgId} and r.person_id = ${people.id}
          and (r.ends_on is null or r.ends_on >= ${today()}::date))`,
      ),
    );
  return row;
}

export * from './qualifications.repository.js';
export * from './supervisors.repository.js';
