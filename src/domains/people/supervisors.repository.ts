import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { checkedRows, type Db } from '../../platform/db/client.js';

const supervisorRow = z.object({
  personId: z.string(),
  orgId: z.string(),
  supervisorId: z.string(),
  name: z.string(),
  email: z.string(),
});
export type Supervisor = z.infer<typeof supervisorRow>;

/**
 * The supervisors recorded for these people, at each organisation that recorded one, while the supervisor
 * still holds a role there on `day`.
 */
export async function supervisorsOf(db: Db, personIds: string[], day: string): Promise<Supervisor[]> {
  if (personIds.length === 0) return [];
  return checkedRows(
    db,
    supervisorRow,
    sql`select d.person_id as "personId", d.org_id as "orgId", s.id as "supervisorId",
        s.given_name || ' ' || s.family_name as name, s.email
      from person_org_details d join people s on s.id = d.supervisor_id
      where d.person_id = any(${`{${personIds.join(',')}}`}::uuid[])
        and exists (select 1 from person_roles r where r.org_id = d.org_id and r.person_id = s.id
          and r.starts_on <= ${day}::date and (r.ends_on is null or r.ends_on >= ${day}::date))`,
  );
}
