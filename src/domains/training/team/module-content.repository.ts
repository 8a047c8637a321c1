import type { ModuleContent } from '@contract/training/modules.schemas.js';
import { sql } from 'drizzle-orm';
import { type Db, rows } from '../../../platform/db/client.js';

export async function findModuleContent(db: Db, sessionId: string) {
  const [row] = await rows<{
    content: ModuleContent;
    passMark: number | null;
    maxAttempts: number | null;
    version: number;
    learners: number;
  }>(
    db,
    sql`select s.content, s.pass_mark as "passMark", s.max_attempts as "maxAttempts", s.version,
        (select count(*)::int from training_module_progress p where p.session_id = s.id) as learners
      from training_sessions s where s.id = ${sessionId}`,
  );
  return row;
}

/** Replaces a module's content and rule if the session is still at `version`; undefined when it is not. */
export async function updateModuleContent(
  db: Db,
  sessionId: string,
  input: { content: ModuleContent; passMark: number | null; maxAttempts: number | null },
  version: number,
) {
  const [row] = await rows<{ version: number }>(
    db,
    sql`update training_sessions set content = ${JSON.stringify(input.content)}::jsonb, pass_mark = ${input.passMark},
        max_attempts = ${input.maxAttempts}, version = version + 1, updated_at = now()
      where id = ${sessionId} and kind = 'self_paced' and version = ${version} returning version`,
  );
  return row;
}
