import type { ModuleContent } from '@contract/training/modules.schemas.js';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client.js';
import { trainingSessions } from '../sessions/sessions.tables.js';

export async function findModuleContent(db: Db, sessionId: string) {
  const s = trainingSessions;
  const [row] = await db
    .select({
      content: sql<ModuleContent>`${s.content}`,
      passMark: s.passMark,
      maxAttempts: s.maxAttempts,
      version: s.version,
      learners: sql<number>`(select count(*)::int from training_module_progress p where p.session_id = ${s.id})`,
    })
    .from(s)
    .where(eq(s.id, sessionId));
  return row;
}

/** Replaces a module's content and rule if the session is still at `version`; undefined when it is not. */
export async function updateModuleContent(
  db: Db,
  sessionId: string,
  input: { content: ModuleContent; passMark: number | null; maxAttempts: number | null },
  version: number,
) {
  const s = trainingSessions;
  const [row] = await db
    .update(s)
    .set({
      content: input.content,
      passMark: input.passMark,
      maxAttempts: input.maxAttempts,
      version: sql`${s.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(s.id, sessionId), eq(s.kind, 'self_paced'), eq(s.version, version)))
    .returning({ version: s.version });
  return row;
}
