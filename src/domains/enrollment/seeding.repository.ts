// The demo's Community Partner enrollment: provider IDs for the ACOs, MCO and CPs, each CP's capacity and
// the counties it serves, and enrollments for the ACOs' and MCO's members who live where a partner CP serves.
import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { careMembersView } from '../care/index.js';
import { orgRelationshipsView, serviceAreasView } from '../organisations/index.js';

export interface DemoDirectoryEntry {
  orgId: string;
  pid: string;
  /** A CP's confirmed capacity; null for an ACO or MCO. */
  confirmed: number | null;
}

/**
 * Writes the directory entries, then enrolls about half of each ACO's and MCO's members who live in a county a
 * partner CP serves (the first such CP by name), from a month in the last year, as if sent in earlier batches.
 */
export async function seedDemoEnrollment(db: Db, entries: DemoDirectoryEntry[], today: string) {
  for (const e of entries) {
    await db.execute(
      sql`insert into enrollment_provider_ids (org_id, pid, service_location) values (${e.orgId}, ${e.pid}, 'A')`,
    );
    if (e.confirmed !== null)
      await db.execute(
        sql`insert into enrollment_cp_capacity (org_id, confirmed) values (${e.orgId}, ${e.confirmed})`,
      );
  }
  await db.execute(sql`insert into enrollment_spans (org_id, enrollee_id, cp_org_id, starts_on, episode_starts_on)
    select m.org_id, m.id, cp.cp_org_id, d.starts_on, d.starts_on
    from ${careMembersView} m
    cross join lateral (select (date_trunc('month', ${today}::date) - make_interval(months => 1 + abs(hashtext(m.id::text)) % 11))::date as starts_on) d
    cross join lateral (
      select r.other_org_id as cp_org_id from ${orgRelationshipsView} r
      join ${serviceAreasView} a on a.org_id = r.other_org_id and a.county = m.county
      join enrollment_cp_capacity c on c.org_id = r.other_org_id
      where r.kind = 'cp_partnership' and r.org_id = m.org_id
      order by r.other_org_id limit 1) cp
    where m.org_id in (select org_id from enrollment_provider_ids) and abs(hashtext(m.id::text)) % 2 = 0`);
}
