// Requirements written as the demo dataset brings them: straight into the table, not through the service.
import type { Db } from '../../platform/db/client.js';
import { requirements } from './compliance.tables.js';

/** Writes one requirement. */
export async function seedRequirement(db: Db, values: typeof requirements.$inferInsert) {
  await db.insert(requirements).values(values);
}
