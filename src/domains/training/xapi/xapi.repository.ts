import { xapiDeliveryView } from '@contract/training/xapi.schemas.js';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  arrayParam,
  checkedRow,
  checkedRows,
  type Db,
  isoTimestamp as iso,
} from '../../../platform/db/client.js';
import type { DeliveryFacts } from './statement.js';

const settingsRow = z.object({
  endpoint: z.string(),
  key: z.string(),
  enabled: z.boolean(),
  version: z.number(),
  updatedAt: z.string(),
});

/** The organisation's LRS settings, without the secret (the application role cannot read it). */
export function findSettings(db: Db, orgId: string) {
  return checkedRow(
    db,
    settingsRow,
    sql`select endpoint, key, enabled, version, ${iso(sql`updated_at`)} as "updatedAt"
      from training_xapi_settings where org_id = ${orgId}`,
  );
}

const versionRow = z.object({ version: z.number() });

export async function insertSettings(
  db: Db,
  s: {
    orgId: string;
    endpoint: string;
    key: string;
    secret: string;
    enabled: boolean;
    updatedBy: string | null;
  },
) {
  return checkedRow(
    db,
    versionRow,
    sql`insert into training_xapi_settings (org_id, endpoint, key, secret, enabled, updated_by)
      values (${s.orgId}, ${s.endpoint}, ${s.key}, ${s.secret}, ${s.enabled}, ${s.updatedBy}) returning version`,
  );
}

/**
 * Changes the settings if still at `version`; the secret only when one is given (the statement never reads it:
 * the application role may not).
 */
export async function updateSettings(
  db: Db,
  s: {
    orgId: string;
    endpoint: string;
    key: string;
    secret: string | undefined;
    enabled: boolean;
    updatedBy: string | null;
  },
  version: number,
) {
  return checkedRow(
    db,
    versionRow,
    sql`update training_xapi_settings set endpoint = ${s.endpoint}, key = ${s.key},
        ${s.secret ? sql`secret = ${s.secret},` : sql``} enabled = ${s.enabled}, updated_by = ${s.updatedBy},
        version = version + 1, updated_at = now()
      where org_id = ${s.orgId} and version = ${version} returning version`,
  );
}

const connectionRow = z.object({
  endpoint: z.string(),
  key: z.string(),
  secret: z.string(),
  enabled: z.boolean(),
});

/** Where and how to send (with the secret): the owner's connection only, for the job and the test button. */
export function findConnection(system: Db, orgId: string) {
  return checkedRow(
    system,
    connectionRow,
    sql`select endpoint, key, secret, enabled from training_xapi_settings where org_id = ${orgId}`,
  );
}

const factsRow = z.object({
  id: z.string(),
  orgId: z.string(),
  verb: z.enum(['completed', 'voided']),
  statementId: z.string(),
  voidsStatementId: z.string().nullable(),
  personId: z.string(),
  topicId: z.string(),
  topicCode: z.string(),
  topicTitle: z.string(),
  method: z.string(),
  completedAt: z.string(),
  certificateCode: z.string(),
});
export type DeliveryRow = DeliveryFacts & { id: string };

/** The oldest waiting deliveries, with what their statements say; a completion's before its voiding. */
export function waitingDeliveries(system: Db, orgId: string, limit: number): Promise<DeliveryRow[]> {
  return checkedRows(
    system,
    factsRow,
    sql`select d.id, d.org_id as "orgId", d.verb, d.statement_id as "statementId",
        (select x.statement_id from training_xapi_deliveries x
          where x.completion_id = d.completion_id and x.verb = 'completed' and d.verb = 'voided') as "voidsStatementId",
        c.person_id as "personId", c.topic_id as "topicId", t.code as "topicCode", t.title as "topicTitle",
        c.method::text as method, c.certificate_code as "certificateCode",
        ${iso(sql`((c.completed_on + time '12:00') at time zone 'America/New_York')`)} as "completedAt"
      from training_xapi_deliveries d
      join training_completions c on c.id = d.completion_id
      join training_topics t on t.id = c.topic_id
      where d.org_id = ${orgId} and d.status = 'waiting'
      order by d.created_at, d.verb, d.id
      limit ${limit}`,
  );
}

/** Records an attempt's outcome for these deliveries. */
export async function settleDeliveries(
  system: Db,
  orgId: string,
  ids: string[],
  outcome: { status: 'waiting' | 'sent' | 'failed'; lrsStatus: number | null; error: string | null },
) {
  if (!ids.length) return;
  await system.execute(
    sql`update training_xapi_deliveries set status = ${outcome.status}, attempts = attempts + 1,
        lrs_status = ${outcome.lrsStatus}, error = ${outcome.error},
        sent_at = case when ${outcome.status} = 'sent' then now() else sent_at end, updated_at = now()
      where org_id = ${orgId} and id = any(${arrayParam(ids, 'uuid')})`,
  );
}

/** The most recent deliveries, newest first, with whose completion of what. */
export function listDeliveries(db: Db, orgId: string, status: string | undefined, limit: number) {
  return checkedRows(
    db,
    xapiDeliveryView,
    sql`select d.id, d.completion_id as "completionId", d.verb, d.statement_id as "statementId", d.status,
        d.attempts, d.lrs_status as "lrsStatus", d.error, c.person_name as "personName", t.title as "topicTitle",
        ${iso(sql`d.created_at`)} as "createdAt", ${iso(sql`d.sent_at`)} as "sentAt"
      from training_xapi_deliveries d
      join training_completions c on c.id = d.completion_id
      join training_topics t on t.id = c.topic_id
      where d.org_id = ${orgId} ${status ? sql`and d.status = ${status}` : sql``}
      order by d.created_at desc, d.id
      limit ${limit}`,
  );
}

const countRow = z.object({ n: z.number() });

/** Puts failed deliveries (these, or all) back to waiting; how many. */
export async function resendFailed(db: Db, orgId: string, ids: string[] | undefined) {
  const row = await checkedRow(
    db,
    countRow,
    sql`with again as (update training_xapi_deliveries set status = 'waiting', error = null, updated_at = now()
        where org_id = ${orgId} and status = 'failed'
          ${ids ? sql`and id = any(${arrayParam(ids, 'uuid')})` : sql``}
        returning 1)
      select count(*)::int as n from again`,
  );
  return row?.n ?? 0;
}
