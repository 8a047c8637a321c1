// What the demo dataset reads of organisations once they are written.
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { organisations } from './organisations.tables.js';

/** Every plan: id, code and name, by code. */
export async function listPlans(db: Db) {
  return db
    .select({ id: organisations.id, code: organisations.code, name: organisations.name })
    .from(organisations)
    .where(eq(organisations.kind, 'plan'))
    .orderBy(asc(organisations.code));
}
