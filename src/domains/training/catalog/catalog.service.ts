import type { TopicInput } from '@contract/training/training.schemas.js';
import type { AuditTrail } from '../../../platform/audit/audit.service.js';
import type { Actor } from '../../../platform/auth/actor.js';
import { type Database, isUniqueViolation } from '../../../platform/db/client.js';
import { AppError } from '../../../platform/http/errors.js';
import { TrainingErrors } from '../training.errors.js';
import { trainingPolicy as policy } from '../training.policy.js';
import { trainingScope } from '../training.scope.js';
import * as repo from './catalog.repository.js';

type Page = { offset: number; limit: number };

/** The catalog: topics, modules, curricula and competency frameworks. */
export function createCatalogService(deps: { database: Database; audit: AuditTrail }) {
  const { database, audit } = deps;
  const { orgOf, scoped, reading } = trainingScope(database);

  return {
    listTopics({
      actor,
      query,
      page,
    }: {
      actor: Actor;
      query: Parameters<typeof repo.listTopics>[2];
      page: Page;
    }) {
      policy.authorize(actor, 'catalog.read');
      return reading(actor, (db) => repo.listTopics(db, actor.personId ?? null, query, page));
    },

    async createTopic({ actor, input }: { actor: Actor; input: TopicInput }) {
      policy.authorize(actor, 'catalog.offer', { shared: input.shared });
      const orgId = orgOf(actor);
      return scoped(actor, async (tx) => {
        const id = await repo.insertTopic(tx, orgId, input).catch((err) => {
          throw isUniqueViolation(err) ? new AppError(TrainingErrors.TOPIC_CODE_TAKEN) : err;
        });
        await audit.recordChange(tx, actor, {
          action: 'create',
          entityType: 'training_topic',
          entityId: id,
          details: { code: input.code, title: input.title, shared: input.shared },
        });
        return { id };
      });
    },

    listModules({ actor }: { actor: Actor }) {
      policy.authorize(actor, 'catalog.read');
      return reading(actor, (db) => repo.listModules(db));
    },

    listCurricula({ actor }: { actor: Actor }) {
      policy.authorize(actor, 'catalog.read');
      return reading(actor, (db) => repo.listCurricula(db));
    },

    listFrameworks({ actor }: { actor: Actor }) {
      policy.authorize(actor, 'catalog.read');
      return reading(actor, (db) => repo.listFrameworks(db));
    },
  };
}
