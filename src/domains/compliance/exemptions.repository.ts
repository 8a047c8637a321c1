// Exemptions: a person excused from a requirement for a while, with a reason, approved and audited.

import { exemptionView } from '@contract/compliance/compliance.schemas.js';
import { and, eq, gte, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { arrayParam, checkedRows, type Db, isoTimestamp as iso } from '../../platform/db/client.js';
import { exemptions } from './compliance.tables.js';
import { dayEnd } from './population.repository.js';

/**
 * The exemptions in force at an organisation on a day; as known on a day (decision 027), only those recorded
 * by its end.
 */
export function loadExemptions(
  db: Db,
  orgId: string,
  asOf: string,
  personIds?: string[],
  asKnownOn?: string,
) {
  const e = exemptions;
  return db
    .select({
      requirementId: e.requirementId,
      personId: e.personId,
      until: e.until,
      reason: e.reason,
    })
    .from(e)
    .where(
      and(
        eq(e.orgId, orgId),
        lte(e.startsOn, asOf),
        or(isNull(e.until), gte(e.until, asOf)),
        or(isNull(e.endedAt), sql`${e.endedAt} >= ${dayEnd(asOf)}`),
        asKnownOn ? lt(e.createdAt, sql`${dayEnd(asKnownOn)}`) : undefined,
        personIds ? sql`${e.personId} = any(${arrayParam(personIds, 'uuid')})` : undefined,
      ),
    );
}

export async function insertExemption(
  db: Db,
  e: {
    orgId: string;
    requirementId: string;
    personId: string;
    reason: string;
    startsOn: string;
    until: string | null;
    approvedBy: string;
    approvedByName: string;
  },
) {
  const [row] = await db.insert(exemptions).values(e).returning({ id: exemptions.id });
  return row!.id;
}

const exemptionRow = exemptionView.extend({
  id: z.string(),
  requirementId: z.string(),
  personId: z.string(),
});

/** The organisation's exemptions, newest first, with the requirement's title; one person's if asked. */
export function listExemptions(db: Db, orgId: string, personId?: string) {
  return checkedRows(
    db,
    exemptionRow,
    sql`select e.id, e.requirement_id as "requirementId", q.title as "requirementTitle", e.person_id as "personId",
        e.reason, e.starts_on::text as "startsOn", e.until::text as until, e.approved_by_name as "approvedByName",
        ${iso(sql`e.created_at`)} as "createdAt", ${iso(sql`e.ended_at`)} as "endedAt"
      from compliance_exemptions e join compliance_requirements q on q.id = e.requirement_id
      where e.org_id = ${orgId} ${personId ? sql`and e.person_id = ${personId}` : sql``}
      order by e.created_at desc`,
  );
}

/** Ends an exemption in force now; undefined when there is none with that id. */
export async function endExemption(db: Db, id: string) {
  const [row] = await db
    .update(exemptions)
    .set({ endedAt: sql`now()` })
    .where(and(eq(exemptions.id, id), isNull(exemptions.endedAt)))
    .returning({ id: exemptions.id });
  return row;
}
