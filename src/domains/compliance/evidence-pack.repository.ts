// What the evidence pack reads beyond the statuses: the organisation it is for, and what each satisfying
// completion or qualification says about itself.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { arrayParam, checkedRow, checkedRows, type Db } from '../../platform/db/client.js';
import { organisationsView } from '../organisations/index.js';
import { qualificationsView } from '../people/index.js';
import { topicsView } from '../training/index.js';
import { completionsAsOf, dayEnd } from './population.repository.js';

const packOrganisationRow = z.object({ name: z.string(), code: z.string() });
/** The organisation's name and code, as the pack's cover and file name give them. */
export function packOrganisation(db: Db, orgId: string) {
  return checkedRow(
    db,
    packOrganisationRow,
    sql`select name, code from ${organisationsView} o where id = ${orgId}`,
  );
}

const satisfierDetail = z.object({
  id: z.string(),
  what: z.string(),
  completedOn: z.string(),
  how: z.string(),
  recordedBy: z.string(),
  certificate: z.string().nullable(),
  evidence: z.string().nullable(),
});
export type SatisfierDetail = z.infer<typeof satisfierDetail>;

/**
 * What the evidence pack of an organisation says about each satisfying completion or qualification. The
 * evidence kept with a completion (note, file, minutes attended) is the recording organisation's: it is
 * given for the organisation's own completions; another's are evidenced by their certificate code, which
 * anyone can check.
 */
export function satisfierDetails(db: Db, orgId: string, ids: string[], asKnownOn?: string) {
  return checkedRows(
    db,
    satisfierDetail,
    sql`select c.id, t.title as what, c.completed_on::text as "completedOn", c.method::text as how,
        o.name || ' (' || c.recorded_by_name || ')' as "recordedBy", c.certificate_code as certificate,
        case when c.org_id = ${orgId} then nullif(concat_ws('; ', c.evidence->>'note', c.evidence->>'fileName',
          case when c.evidence ? 'minutes' then (c.evidence->>'minutes') || ' minutes attended' end), '') end as evidence
      from ${completionsAsOf(asKnownOn ? dayEnd(asKnownOn) : null)} c join ${topicsView} t on t.id = c.topic_id
        join ${organisationsView} o on o.id = c.org_id
      where c.id = any(${arrayParam(ids, 'uuid')})
      union all
      select q.id, q.name, coalesce(q.issued_on, q.created_at::date)::text, 'qualification', q.issuer, q.number,
        case when q.expires_on is not null then 'expires ' || q.expires_on end
      from ${qualificationsView} q where q.id = any(${arrayParam(ids, 'uuid')})`,
  );
}
