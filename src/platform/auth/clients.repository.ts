import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { apiClients, apiTokens } from './clients.tables.js';

export type ApiClient = typeof apiClients.$inferSelect;

export async function insertClient(db: Db, values: typeof apiClients.$inferInsert) {
  const [row] = await db.insert(apiClients).values(values).returning();
  return row!;
}

export function clientsOf(db: Db, orgId: string) {
  return db.select().from(apiClients).where(eq(apiClients.orgId, orgId)).orderBy(desc(apiClients.createdAt));
}

export async function clientByClientId(db: Db, clientId: string) {
  const [row] = await db.select().from(apiClients).where(eq(apiClients.clientId, clientId));
  return row;
}

/** Revokes the organisation's client (once) and every token it holds; false when there is none to revoke. */
export async function revokeClient(db: Db, orgId: string, id: string, at: Date) {
  const rows = await db
    .update(apiClients)
    .set({ revokedAt: at })
    .where(and(eq(apiClients.orgId, orgId), eq(apiClients.id, id), isNull(apiClients.revokedAt)))
    .returning({ id: apiClients.id });
  if (rows.length) await db.delete(apiTokens).where(eq(apiTokens.clientId, id));
  return rows.length > 0;
}

export async function insertToken(db: Db, values: typeof apiTokens.$inferInsert) {
  await db.insert(apiTokens).values(values);
}

/** The token's client and scopes, while the token is unexpired and the client not revoked. */
export async function liveToken(db: Db, id: string, now: Date) {
  const [row] = await db
    .select({ scopes: apiTokens.scopes, client: apiClients })
    .from(apiTokens)
    .innerJoin(apiClients, eq(apiClients.id, apiTokens.clientId))
    .where(and(eq(apiTokens.id, id), gt(apiTokens.expiresAt, now), isNull(apiClients.revokedAt)));
  return row;
}
