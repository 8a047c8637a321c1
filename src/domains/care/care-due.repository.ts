// Kept work queue items (decision 055): each enrollee's items as computed for a day, read for caseloads and
// team views, and written back by the refresh job (as the table owner: the application role only reads them).
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { checkedRows, type Db } from '../../platform/db/client.js';
import { uuids } from './care-work.repository.js';

/** Whether the kept row is current for `day`: computed for it, and nothing changed since. */
const current = (day: string) =>
  sql`(d.computed_on = ${day}::date and d.computed_change = d.changed) is true`;

const keptRow = z.object({
  enrolleeId: z.string(),
  orgId: z.string(),
  coordinatorId: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  masshealthId: z.string(),
  current: z.boolean(),
  /** With `items` asked for, the kept items when current; else null. */
  items: z.array(z.unknown()).nullable(),
  kinds: z.array(z.string()),
  overdue: z.boolean(),
});
export type KeptRow = z.infer<typeof keptRow>;

/**
 * The caseloads of these people on `day` (the enrollees whose open single point of contact they are), each
 * enrollee with its kept kinds and overdue flag, its items too with `items`, and whether they are current.
 */
export function keptCaseloads(
  db: Db,
  coordinatorIds: readonly string[],
  day: string,
  { items = false }: { items?: boolean } = {},
) {
  if (coordinatorIds.length === 0) return Promise.resolve([] as KeptRow[]);
  return checkedRows(
    db,
    keptRow,
    sql`select e.id as "enrolleeId", e.org_id as "orgId", t.person_id as "coordinatorId",
        e.given_name as "givenName", e.family_name as "familyName", e.masshealth_id as "masshealthId",
        ${current(day)} as current,
        ${items ? sql`case when ${current(day)} then d.items end` : sql`null::jsonb`} as items,
        coalesce(d.kinds, '{}') as kinds, coalesce(d.overdue, false) as overdue
      from care_team_members t join care_enrollees e on e.org_id = t.org_id and e.id = t.enrollee_id
        left join care_due d on d.org_id = e.org_id and d.enrollee_id = e.id
      where t.person_id = any(${uuids(coordinatorIds)}::uuid[]) and t.single_point_of_contact
        and t.starts_on <= ${day}::date and (t.ends_on is null or t.ends_on >= ${day}::date)`,
  );
}

const staleRow = z.object({ enrolleeId: z.string(), changed: z.number() });

/**
 * Up to `limit` of the organisation's enrollees after `after` (by id) whose kept items are not current for
 * `day`, each with the change count its computation answers for (0 when it has no row yet).
 */
export function staleDue(db: Db, orgId: string, day: string, after: string, limit: number) {
  return checkedRows(
    db,
    staleRow,
    sql`select e.id as "enrolleeId", coalesce(d.changed, 0) as changed
      from care_enrollees e left join care_due d on d.org_id = e.org_id and d.enrollee_id = e.id
      where e.org_id = ${orgId} and e.id > ${after}::uuid and not ${current(day)}
      order by e.id limit ${limit}`,
  );
}

export interface DueComputed {
  enrolleeId: string;
  /** The change count read before the facts: the row is written only if it still holds. */
  changed: number;
  items: unknown[];
  kinds: string[];
  overdue: boolean;
}

/**
 * Keeps computed items for `day`. A row whose enrollee changed since `changed` was read is left as it is
 * (still not current), for the next refresh; so is one made by a change meanwhile. Returns how many were kept.
 */
export async function keepDue(db: Db, orgId: string, day: string, rows: readonly DueComputed[]) {
  if (rows.length === 0) return 0;
  const result = (await db.execute(sql`insert into care_due as d
      (org_id, enrollee_id, changed, computed_change, computed_on, items, kinds, overdue)
    select ${orgId}, x."enrolleeId", x.changed, x.changed, ${day}::date, x.items, x.kinds, x.overdue
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as x("enrolleeId" uuid, changed integer, items jsonb, kinds text[], overdue boolean)
    on conflict (org_id, enrollee_id) do update set computed_change = excluded.computed_change,
      computed_on = excluded.computed_on, items = excluded.items, kinds = excluded.kinds, overdue = excluded.overdue
    where d.changed = excluded.computed_change`)) as unknown as { rowCount?: number; affectedRows?: number };
  return result.rowCount ?? result.affectedRows ?? 0;
}
