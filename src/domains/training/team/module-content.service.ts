import type { ModuleContentInput } from '@contract/training/team/module-content.schemas.js';
import type { AuditTrail } from '../../../platform/audit/audit.service.js';
import type { Actor } from '../../../platform/auth/actor.js';
import type { Database, Db } from '../../../platform/db/client.js';
import { AppError, notFound } from '../../../platform/http/errors.js';
import { staleOrMissing } from '../../../platform/http/versioning.js';
import * as sessions from '../sessions/sessions.repository.js';
import { trainingPolicy as policy } from '../training.policy.js';
import { trainingScope } from '../training.scope.js';
import * as repo from './module-content.repository.js';
import { TeamErrors } from './team.errors.js';

const DEFAULT_PASS_MARK = 80;

/** A self-paced module's pages and knowledge check, read and replaced by the organisation running it. */
export function createModuleContentService(deps: { database: Database; audit: AuditTrail }) {
  const { audit } = deps;
  const { scoped, reading } = trainingScope(deps.database);

  async function managedModule(db: Db, actor: Actor, id: string) {
    const session = await sessions.findSession(db, actor.personId ?? null, { id });
    if (!session) throw notFound('The session');
    policy.authorize(actor, 'session.manage', session);
    if (session.kind !== 'self_paced') throw new AppError(TeamErrors.NOT_A_MODULE);
    const module = await repo.findModuleContent(db, id);
    if (!module) throw notFound('The session');
    return { session, module };
  }

  return {
    async moduleContent({ actor, id: sessionId }: { actor: Actor; id: string }) {
      return reading(actor, async (db) => {
        const { session, module } = await managedModule(db, actor, sessionId);
        return { sessionId, title: session.title, ...module };
      });
    },

    /**
     * Replaces a module's pages, questions and rule (If-Match). What learners have done stands: pages viewed
     * are kept by page number, attempts with the score they had, completions as made (decision 032).
     */
    async updateModuleContent({
      actor,
      id: sessionId,
      version,
      input,
    }: {
      actor: Actor;
      id: string;
      version: number;
      input: ModuleContentInput;
    }) {
      return scoped(actor, async (tx) => {
        const { module } = await managedModule(tx, actor, sessionId);
        const asked = input.content.questions.length > 0;
        const updated = await repo.updateModuleContent(
          tx,
          sessionId,
          {
            content: input.content,
            passMark: input.passMark ?? (asked ? DEFAULT_PASS_MARK : null),
            maxAttempts: input.maxAttempts ?? null,
          },
          version,
        );
        if (!updated) staleOrMissing(true, 'The module');
        await audit.recordChange(tx, actor, {
          action: 'update_module',
          entityType: 'training_session',
          entityId: sessionId,
          details: {
            pages: { from: module.content.pages.length, to: input.content.pages.length },
            questions: { from: module.content.questions?.length ?? 0, to: input.content.questions.length },
            passMark: { from: module.passMark, to: input.passMark ?? (asked ? DEFAULT_PASS_MARK : null) },
            maxAttempts: { from: module.maxAttempts, to: input.maxAttempts ?? null },
            showWrongAnswers: input.content.showWrongAnswers,
            learners: module.learners,
          },
        });
        return { version: updated.version };
      });
    },
  };
}
