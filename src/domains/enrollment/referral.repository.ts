// Providers' referrals of members to their ACO/MCO for Community Partner supports: sent, listed, decided once.
import {
  CP_TYPES,
  REFERRAL_DECLINE_REASONS,
  REFERRAL_STATUSES,
} from '@contract/enrollment/assignment.labels.js';
import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { checkedRow, checkedRows, type Db, isoTimestamp } from '../../platform/db/client.js';
import { networkContractsView, organisationsView } from '../organisations/index.js';

const planRow = z.object({ orgId: z.string(), name: z.string(), kind: z.string() });

/**
 * The ACOs, MCOs and plans the provider has a network contract with in force on `today` (recorded by either
 * side); with `planOrgId`, only that one.
 */
export async function contractedPlans(db: Db, providerOrgId: string, today: string, planOrgId?: string) {
  return checkedRows(
    db,
    planRow,
    sql`select distinct o.id as "orgId", o.name, o.kind from ${networkContractsView} c
      join ${organisationsView} o on o.id = case when c.org_id = ${providerOrgId} then c.other_org_id else c.org_id end
      where (c.org_id = ${providerOrgId} or c.other_org_id = ${providerOrgId})
        and o.kind in ('aco', 'mco', 'plan')
        and c.starts_on <= ${today}::date and (c.ends_on is null or c.ends_on >= ${today}::date)
        ${planOrgId ? sql`and o.id = ${planOrgId}` : sql``}
      order by o.name`,
  );
}

const kindRow = z.object({ kind: z.string() });
export async function organisationKind(db: Db, orgId: string) {
  return (await checkedRow(db, kindRow, sql`select kind from ${organisationsView} o where o.id = ${orgId}`))
    ?.kind;
}

const idRow = z.object({ id: z.string() });

export async function insertReferral(
  db: Db,
  r: {
    planOrgId: string;
    fromOrgId: string;
    masshealthId: string;
    familyName: string;
    givenName: string;
    dateOfBirth: string;
    cpType: string | null;
    reason: string;
    createdBy: string;
    createdByName: string;
  },
) {
  return (await checkedRow(
    db,
    idRow,
    sql`insert into enrollment_referrals (org_id, from_org_id, masshealth_id, family_name, given_name, date_of_birth,
        cp_type, reason, created_by, created_by_name)
      values (${r.planOrgId}, ${r.fromOrgId}, ${r.masshealthId}, ${r.familyName}, ${r.givenName}, ${r.dateOfBirth},
        ${r.cpType}, ${r.reason}, ${r.createdBy}, ${r.createdByName})
      returning id`,
  ))!.id;
}

const referralRow = z.object({
  id: z.string(),
  planOrgId: z.string(),
  planName: z.string(),
  fromOrgId: z.string(),
  fromOrgName: z.string(),
  masshealthId: z.string(),
  familyName: z.string(),
  givenName: z.string(),
  dateOfBirth: z.string(),
  cpType: z.enum(CP_TYPES).nullable(),
  reason: z.string(),
  enrolleeId: z.string().nullable(),
  status: z.enum(REFERRAL_STATUSES),
  declineReason: z.enum(REFERRAL_DECLINE_REASONS).nullable(),
  decisionNote: z.string().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  createdByName: z.string(),
  createdAt: z.string(),
  version: z.number(),
});
export type ReferralRecord = z.infer<typeof referralRow>;

const columns = sql`r.id, r.org_id as "planOrgId", p.name as "planName", r.from_org_id as "fromOrgId",
  f.name as "fromOrgName", r.masshealth_id as "masshealthId", r.family_name as "familyName",
  r.given_name as "givenName", r.date_of_birth::text as "dateOfBirth", r.cp_type as "cpType", r.reason,
  r.enrollee_id as "enrolleeId", r.status, r.decline_reason as "declineReason", r.decision_note as "decisionNote",
  r.decided_by_name as "decidedByName", ${isoTimestamp(sql`r.decided_at`)} as "decidedAt",
  r.created_by_name as "createdByName", ${isoTimestamp(sql`r.created_at`)} as "createdAt", r.version`;
const joined = sql`enrollment_referrals r join ${organisationsView} p on p.id = r.org_id
  join ${organisationsView} f on f.id = r.from_org_id`;

/** Which referrals a list shows: those an organisation sent, those it received, or (a state agency) all. */
export type ReferralFilter = {
  direction: 'sent' | 'received' | 'all';
  orgId: string;
  status?: string | undefined;
};
const where = (f: ReferralFilter): SQL =>
  sql.join(
    [
      f.direction === 'sent'
        ? sql`r.from_org_id = ${f.orgId}`
        : f.direction === 'received'
          ? sql`r.org_id = ${f.orgId}`
          : sql`true`,
      ...(f.status ? [sql`r.status = ${f.status}`] : []),
    ],
    sql` and `,
  );

/** Referrals in the caller's scope: pending first, then the newest. */
export async function listReferrals(db: Db, f: ReferralFilter, offset: number, limit: number) {
  return checkedRows(
    db,
    referralRow,
    sql`select ${columns} from ${joined} where ${where(f)}
      order by (r.status = 'pending') desc, r.created_at desc, r.id offset ${offset} limit ${limit}`,
  );
}

const countRow = z.object({ n: z.number() });
export async function countReferrals(db: Db, f: ReferralFilter) {
  return (await checkedRow(
    db,
    countRow,
    sql`select count(*)::int as n from enrollment_referrals r where ${where(f)}`,
  ))!.n;
}

/** One referral received by the organisation, locked for its decision. */
export async function receivedReferral(db: Db, orgId: string, id: string) {
  return checkedRow(
    db,
    referralRow,
    sql`select ${columns} from ${joined} where r.id = ${id} and r.org_id = ${orgId} for update of r`,
  );
}

/** A referral the organisation sent, locked for a change. */
export async function sentReferral(db: Db, fromOrgId: string, id: string) {
  return checkedRow(
    db,
    referralRow,
    sql`select ${columns} from ${joined} where r.id = ${id} and r.from_org_id = ${fromOrgId} for update of r`,
  );
}

/** The provider takes back its referral while it waits; returns whether it was waiting. */
export async function withdrawReferral(db: Db, fromOrgId: string, id: string, by: string) {
  const done = await checkedRow(
    db,
    idRow,
    sql`update enrollment_referrals set status = 'withdrawn', decided_by_name = ${by}, decided_at = now(),
        version = version + 1
      where from_org_id = ${fromOrgId} and id = ${id} and status = 'pending' returning id`,
  );
  return Boolean(done);
}

/** Records the decision on a pending referral at `version`; false when it no longer is (decided, or changed). */
export async function decideReferral(
  db: Db,
  orgId: string,
  id: string,
  version: number,
  d: {
    status: 'accepted' | 'declined';
    enrolleeId: string | null;
    declineReason: string | null;
    note: string | null;
    decidedBy: string;
    decidedByName: string;
  },
) {
  const done = await checkedRow(
    db,
    idRow,
    sql`update enrollment_referrals set status = ${d.status}, enrollee_id = ${d.enrolleeId},
        decline_reason = ${d.declineReason}, decision_note = ${d.note}, decided_by = ${d.decidedBy},
        decided_by_name = ${d.decidedByName}, decided_at = now(), version = version + 1
      where org_id = ${orgId} and id = ${id} and status = 'pending' and version = ${version} returning id`,
  );
  return Boolean(done);
}
