// A Community Partner's places in use, counted one way everywhere capacity is shown or checked: members
// enrolled with it today, and members confirmed to it by an assignment whose enrollment has not been
// recorded yet (decision 061). Read as the table owner: counts across every ACO/MCO, no member.
import { type SQL, sql } from 'drizzle-orm';

/**
 * A relation of (cp_org_id, used) for the CPs `cps` selects. `exceptBatch` leaves out the assignments of
 * members that batch starts with the same CP, whose rows are counted by the batch itself.
 */
export function placesUsed(cps: SQL, today: string, exceptBatch?: { orgId: string; batchId: string }) {
  const notInBatch = exceptBatch
    ? sql`and not exists (select 1 from enrollment_batch_rows b where b.org_id = ${exceptBatch.orgId}
        and b.batch_id = ${exceptBatch.batchId} and b.enrollee_id = a.enrollee_id and b.starts_cp_org_id = a.cp_org_id)`
    : sql``;
  return sql`(select p.cp_org_id, count(*)::int as used from (
      select s.cp_org_id from enrollment_spans s
        where s.cp_org_id in (${cps}) and (s.ends_on is null or s.ends_on >= ${today}::date)
      union all
      select a.cp_org_id from enrollment_assignments a
        where a.cp_org_id in (${cps}) and a.status = 'confirmed'
          and not exists (select 1 from enrollment_spans s where s.enrollee_id = a.enrollee_id
            and s.cp_org_id = a.cp_org_id and s.created_at >= a.confirmed_at)
          ${notInBatch}
    ) p group by p.cp_org_id)`;
}
