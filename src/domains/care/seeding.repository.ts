// Enrollees and their care written as the demo dataset brings them: in bulk through COPY, not through the
// service (no audit rows, no eligibility check per member: the seeder picks eligible people itself), and
// whom the demo may put on a plan's care teams.

import type { RoleKind } from '@contract/roles.js';
import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { checkedRows, type Database, type Db } from '../../platform/db/client.js';
import type { CopyValue } from '../../platform/db/copy.js';
import { orgRelationships } from '../organisations/index.js';
import { people, peopleView, personRoles } from '../people/index.js';
import { careContacts } from './care.tables.js';
import { carePart2Consents } from './part2/part2.tables.js';
import { carePlanSignatures, carePlans } from './plans/plans.tables.js';

export interface TeamCandidate {
  personId: string;
  orgId: string;
  role: RoleKind;
  email: string;
  /** The first day they may join a team for the plan: their role started and the plan's contract with their organisation too. */
  availableFrom: string;
}

/**
 * People holding one of the roles now (no end) at the plan or an organisation with an open network contract
 * or CP partnership with it, each once (their earliest-available role), ordered by `firstEmails` then e-mail so
 * a seed picks the same people every time.
 */
export async function teamCandidates(
  db: Db,
  planId: string,
  roles: readonly RoleKind[],
  options: { limit: number; firstEmails?: readonly string[] },
): Promise<TeamCandidate[]> {
  const rows = await db
    .select({
      personId: personRoles.personId,
      orgId: personRoles.orgId,
      role: personRoles.role,
      email: people.email,
      roleStarts: personRoles.startsOn,
      contractStarts: orgRelationships.startsOn,
    })
    .from(personRoles)
    .innerJoin(people, eq(people.id, personRoles.personId))
    .leftJoin(
      orgRelationships,
      and(
        eq(orgRelationships.orgId, planId),
        eq(orgRelationships.otherOrgId, personRoles.orgId),
        inArray(orgRelationships.kind, ['network_contract', 'cp_partnership']),
        isNull(orgRelationships.endsOn),
      ),
    )
    .where(
      and(
        inArray(personRoles.role, [...roles]),
        isNull(personRoles.endsOn),
        or(eq(personRoles.orgId, planId), eq(orgRelationships.orgId, planId)),
      ),
    );
  const byPerson = new Map<string, TeamCandidate>();
  for (const r of rows) {
    const availableFrom =
      r.contractStarts && r.contractStarts > r.roleStarts ? r.contractStarts : r.roleStarts;
    const seen = byPerson.get(r.personId);
    if (!seen || availableFrom < seen.availableFrom)
      byPerson.set(r.personId, {
        personId: r.personId,
        orgId: r.orgId,
        role: r.role as RoleKind,
        email: r.email,
        availableFrom,
      });
  }
  const first = options.firstEmails ?? [];
  const rank = (c: TeamCandidate) => {
    const i = first.indexOf(c.email);
    return i < 0 ? first.length : i;
  };
  return [...byPerson.values()]
    .sort((a, b) => rank(a) - rank(b) || (a.email < b.email ? -1 : a.email > b.email ? 1 : 0))
    .slice(0, options.limit);
}

/** Rows for each care table, in the column order below. */
export interface CareRows {
  enrollees: CopyValue[][];
  enrollments: CopyValue[][];
  team: CopyValue[][];
  contacts: CopyValue[][];
  assessments: CopyValue[][];
  majorChanges: CopyValue[][];
}

/** No rows yet, for a seed to fill. */
export const emptyCareRows = (): CareRows => ({
  enrollees: [],
  enrollments: [],
  team: [],
  contacts: [],
  assessments: [],
  majorChanges: [],
});

export const CARE_COLUMNS = {
  enrollees: [
    'org_id',
    'id',
    'masshealth_id',
    'mbi',
    'given_name',
    'family_name',
    'date_of_birth',
    'sex',
    'address_line1',
    'address_line2',
    'town',
    'postal_code',
    'county',
    'phone',
    'email',
    'preferred_language',
    'accessible_formats',
  ],
  enrollments: ['org_id', 'enrollee_id', 'program', 'effective_on', 'ends_on'],
  team: [
    'org_id',
    'enrollee_id',
    'person_id',
    'role',
    'single_point_of_contact',
    'member_org_id',
    'starts_on',
    'ends_on',
  ],
  contacts: [
    'org_id',
    'enrollee_id',
    'mode',
    'reached',
    'made_by',
    'made_for_org_id',
    'occurred_at',
    'notes',
  ],
  assessments: [
    'org_id',
    'enrollee_id',
    'kind',
    'survey_response_id',
    'in_person',
    'major_change_reason',
    'completed_on',
    'completed_by',
    'rule_kind',
    'rule_program',
    'rule_version',
  ],
  majorChanges: ['org_id', 'enrollee_id', 'id', 'occurred_on', 'reason', 'recorded_by', 'created_at'],
} as const;

/** Writes the rows with one COPY per table, parents first. */
export async function copyCareRows(database: Database, rows: CareRows) {
  await database.copyInto('care_enrollees', [...CARE_COLUMNS.enrollees], rows.enrollees);
  await database.copyInto('care_enrollments', [...CARE_COLUMNS.enrollments], rows.enrollments);
  await database.copyInto('care_team_members', [...CARE_COLUMNS.team], rows.team);
  await database.copyInto('care_contacts', [...CARE_COLUMNS.contacts], rows.contacts);
  await database.copyInto('care_major_changes', [...CARE_COLUMNS.majorChanges], rows.majorChanges);
  await database.copyInto('care_assessments', [...CARE_COLUMNS.assessments], rows.assessments);
}

const planCandidate = z.object({
  orgId: z.string(),
  enrolleeId: z.string(),
  assessmentId: z.string(),
  program: z.enum(['one_care', 'aco', 'mco', 'cp']),
  name: z.string(),
});

/**
 * Care plans for the demo, on the caseload of the coordinator with this e-mail: for the first few enrollees
 * with a comprehensive assessment, one plan each at a stage of sign-off — awaiting the PCP (the enrollee signed
 * on screen), awaiting the enrollee, a draft — so a newcomer can finish one and see it locked.
 */
export async function seedDemoPlans(db: Db, email: string, today: string, content: unknown) {
  const found = await checkedRows(
    db,
    planCandidate,
    sql`select distinct on (t.enrollee_id) t.org_id as "orgId", t.enrollee_id as "enrolleeId",
        a.id as "assessmentId", x.program, e.given_name || ' ' || e.family_name as name
      from care_team_members t
      join care_enrollees e on e.org_id = t.org_id and e.id = t.enrollee_id
      join ${peopleView} p on p.id = t.person_id and p.email = ${email}
      join care_assessments a on a.org_id = t.org_id and a.enrollee_id = t.enrollee_id and a.kind = 'comprehensive'
      join care_enrollments x on x.org_id = t.org_id and x.enrollee_id = t.enrollee_id and x.program <> 'cp'
        and x.ends_on is null
      where t.single_point_of_contact and t.ends_on is null and t.org_id = t.member_org_id
      order by t.enrollee_id, a.completed_on desc limit 3`,
  );
  const [writer] = await db.select({ id: people.id }).from(people).where(eq(people.email, email));
  if (!writer) return 0;
  for (const [i, c] of found.entries()) {
    const status = i === 2 ? 'draft' : 'in_sign_off';
    const [plan] = await db
      .insert(carePlans)
      .values({
        orgId: c.orgId,
        enrolleeId: c.enrolleeId,
        kind: 'icp',
        program: c.program,
        number: 1,
        assessmentId: c.assessmentId,
        status,
        content,
        writtenByOrgId: c.orgId,
        writtenBy: writer.id,
        clinicalReview: status === 'draft' ? null : i === 1,
        sentOn: status === 'draft' ? null : today,
      })
      .returning({ id: carePlans.id });
    if (i === 0)
      await db.insert(carePlanSignatures).values({
        orgId: c.orgId,
        planId: plan!.id,
        enrolleeId: c.enrolleeId,
        step: 'enrollee',
        signerName: c.name,
        signerRole: 'enrollee',
        channel: 'on_screen',
        signedOn: today,
        recordedBy: writer.id,
      });
  }
  return found.length;
}

const part2Candidate = z.object({
  orgId: z.string(),
  enrolleeId: z.string(),
  programOrgId: z.string(),
  writerId: z.string(),
});

/**
 * 42 CFR Part 2 in the demo (decision 060): on two enrollees of the care manager's plan, the provider's care
 * coordinator on their teams (at a health center running an office-based addiction treatment program, the Part 2
 * program) has tagged contacts. The first has no consent, so the plan's page says something is hidden; on the
 * second the enrollee's consent lets the program disclose to the plan. Returns how many enrollees.
 */
export async function seedDemoPart2(db: Db, writerEmail: string, managerEmail: string, today: string) {
  const found = await checkedRows(
    db,
    part2Candidate,
    sql`select c.org_id as "orgId", c.enrollee_id as "enrolleeId", c.member_org_id as "programOrgId",
        c.person_id as "writerId"
      from care_team_members c
      join ${peopleView} p on p.id = c.person_id and p.email = ${writerEmail}
      where c.ends_on is null and c.starts_on <= ${today}::date and c.member_org_id <> c.org_id
        and c.org_id in (select r.org_id from ${personRoles} r join ${peopleView} q on q.id = r.person_id
          where q.email = ${managerEmail})
      order by c.enrollee_id limit 2`,
  );
  const dayBefore = (days: number) => new Date(Date.parse(`${today}T15:00:00Z`) - days * 86_400_000);
  for (const [i, c] of found.entries()) {
    await db.insert(careContacts).values(
      [14, 7].map((days) => ({
        orgId: c.orgId,
        enrolleeId: c.enrolleeId,
        mode: 'in_person' as const,
        reached: true,
        madeBy: c.writerId,
        madeForOrgId: c.programOrgId,
        occurredAt: dayBefore(days),
        notes: `Addiction treatment visit, week ${days === 14 ? 5 : 6}: on buprenorphine, attending the recovery group.`,
        part2OrgId: c.programOrgId,
      })),
    );
    if (i === 1)
      await db.insert(carePart2Consents).values({
        orgId: c.orgId,
        enrolleeId: c.enrolleeId,
        scope: 'tpo',
        programOrgId: c.programOrgId,
        recipientOrgIds: [c.orgId],
        signedOn: dayBefore(30).toISOString().slice(0, 10),
        startsOn: dayBefore(30).toISOString().slice(0, 10),
        note: 'Signed at intake, on the program’s consent form.',
        recordedBy: c.writerId,
      });
  }
  return found.length;
}
