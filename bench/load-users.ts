// The load benchmark's sign-ins and what its virtual users reach for: people of the demo dataset given a
// sign-in (and, for the administrators, the role), spread over the demo organisations as a real network's
// users would be, and per organisation the ids a user would have clicked through to.

import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AuthService } from '../src/platform/auth/auth.service.js';
import { checkedRow, checkedRows, type Database } from '../src/platform/db/client.js';

export type LoadRole = 'staff' | 'org_admin' | 'compliance_officer' | 'training_admin';

export interface LoadUser {
  email: string;
  role: LoadRole;
  orgCode: string;
}

export interface OrgFixture {
  /** People holding a role here now: person pages, their completions, completions recorded for them. */
  people: string[];
  /** People the organisation's requirements reach (its kept statuses), or `people` if it has none. */
  compliancePeople: string[];
  /** Topics a completion can be recorded for here: the shared ones and the organisation's own. */
  topics: string[];
  requirements: string[];
  teams: string[];
}

const PLANS = ['BAYSTATE-OC', 'PIONEER-OC', 'HARBOR-OC'];
const PAYERS = ['MERRIMACK-ACO', 'CAPE-ACO', 'COMMONWEALTH-MCO'];
const CPS = ['BROCKTON-BHCP', 'LOWELL-CP', 'SPRINGFIELD-LTSS'];
const PROVIDERS = [
  'BCHC',
  'WORCESTER-FM',
  'BERKSHIRE-PC',
  'NORTHSHORE-BHH',
  'SOUTHCOAST-HH',
  'PIONEER-IL',
  'CAPE-HOMECARE',
  'METROWEST-RC',
];

/**
 * Who signs in: half are staff (care coordinators, nurses, clinicians: they look at what they owe and the
 * sessions open to them), a fifth organisation administrators, and the rest compliance officers (most at
 * the plans, whose requirements reach their networks) and training administrators (some at the training
 * vendor). Organisations are taken in turn, so every demo organisation but the state agency has users.
 */
export function planUsers(n: number): { role: LoadRole; orgCode: string }[] {
  const mix: [LoadRole, number, string[]][] = [
    ['staff', 0.5, [...PROVIDERS, ...CPS, ...PLANS, ...PAYERS]],
    ['org_admin', 0.2, [...PROVIDERS, ...CPS, ...PLANS, ...PAYERS]],
    ['compliance_officer', 0.15, [...PLANS, ...PLANS, ...PAYERS, ...PROVIDERS.slice(0, 3)]],
    ['training_admin', 0.15, ['SHARED-LEARNING', ...PROVIDERS, ...CPS, 'SHARED-LEARNING', ...PLANS]],
  ];
  const counts = mix.map(([, share]) => Math.max(n >= mix.length ? 1 : 0, Math.round(n * share)));
  counts[0]! += n - counts.reduce((s, c) => s + c, 0);
  return mix.flatMap(([role, , orgs], i) =>
    Array.from({ length: counts[i]! }, (_, k) => ({ role, orgCode: orgs[k % orgs.length]! })),
  );
}

const ADMIN_ROLES = ['org_admin', 'compliance_officer', 'training_admin', 'auditor', 'enrollment_submitter'];

/**
 * Gives `n` people of the demo dataset a sign-in with `password` (one argon2id hash each, two at a time: this
 * is the slow part, done before any clock starts); administrators get their role at their organisation.
 */
export async function createLoadUsers(
  database: Database,
  auth: AuthService,
  n: number,
  password: string,
): Promise<LoadUser[]> {
  const db = database.system;
  const byOrg = new Map<string, { id: string; email: string }[]>();
  const plan = planUsers(n);
  for (const code of new Set(plan.map((u) => u.orgCode))) {
    // Staff of the organisation without a sign-in, holding no administrative role there.
    byOrg.set(
      code,
      await checkedRows(
        db,
        z.object({ id: z.string(), email: z.string() }),
        sql`select p.id, p.email from people p join organisations o on o.id = p.home_org_id
          where o.code = ${code} and p.email is not null
            and not exists (select 1 from users u where u.person_id = p.id)
            and exists (select 1 from person_roles r where r.person_id = p.id and r.org_id = o.id and r.ends_on is null)
            and not exists (select 1 from person_roles r where r.person_id = p.id
              and r.role::text in (${sql.join(
                ADMIN_ROLES.map((r) => sql`${r}`),
                sql`, `,
              )}))
          order by p.email`,
      ),
    );
  }
  const chosen = plan.map((u) => {
    const person = byOrg.get(u.orgCode)!.shift();
    if (!person) throw new Error(`not enough people at ${u.orgCode} for ${n} load-test users`);
    return { ...u, ...person };
  });
  for (const u of chosen.filter((c) => c.role !== 'staff')) {
    await db.execute(
      sql`insert into person_roles (org_id, person_id, role, starts_on)
        select id, ${u.id}, ${u.role}, '2024-01-01' from organisations where code = ${u.orgCode}`,
    );
  }
  let next = 0;
  const worker = async () => {
    while (next < chosen.length) {
      const u = chosen[next++]!;
      await auth.createUser({ personId: u.id, email: u.email, password });
    }
  };
  await Promise.all([worker(), worker()]);
  return chosen.map(({ email, role, orgCode }) => ({ email, role, orgCode }));
}

/** What each organisation's users click through to (see OrgFixture), read once before the clock starts. */
export async function loadFixtures(database: Database, orgCodes: string[]) {
  const db = database.system;
  const fixtures: Record<string, OrgFixture> = {};
  for (const code of new Set(orgCodes)) {
    const org = await checkedRow(
      db,
      z.object({ id: z.string() }),
      sql`select id from organisations where code = ${code}`,
    );
    const orgId = org!.id;
    const ids = async (query: ReturnType<typeof sql>) =>
      (await checkedRows(db, z.object({ v: z.string() }), query)).map((r) => r.v);
    const people = await ids(
      sql`select distinct person_id as v from person_roles where org_id = ${orgId} and ends_on is null order by 1 limit 400`,
    );
    const compliancePeople = await ids(
      sql`select distinct person_id as v from compliance_statuses where org_id = ${orgId} order by 1 limit 400`,
    );
    fixtures[code] = {
      people,
      compliancePeople: compliancePeople.length > 0 ? compliancePeople : people,
      topics: await ids(
        sql`select id as v from training_topics where shared or org_id = ${orgId} order by code`,
      ),
      requirements: await ids(
        sql`select id as v from compliance_requirements where org_id = ${orgId} order by code`,
      ),
      teams: await ids(
        sql`select distinct team as v from person_roles where org_id = ${orgId} and team is not null order by 1`,
      ),
    };
  }
  return fixtures;
}
