import type { TopicUpdate } from '@contract/training/team/topics.schemas.js';
import type { AuditTrail } from '../../../platform/audit/audit.service.js';
import type { Actor } from '../../../platform/auth/actor.js';
import type { Database } from '../../../platform/db/client.js';
import { AppError, notFound, validationFailed } from '../../../platform/http/errors.js';
import { staleOrMissing } from '../../../platform/http/versioning.js';
import { trainingPolicy as policy } from '../training.policy.js';
import { trainingScope } from '../training.scope.js';
import { TeamErrors } from './team.errors.js';
import * as repo from './topics.repository.js';

/** A topic's page, and its editing by the organisation that keeps it. */
export function createTopicsService(deps: { database: Database; audit: AuditTrail }) {
  const { audit } = deps;
  const { orgOf, scoped, reading } = trainingScope(deps.database);
  const mayEdit = (actor: Actor, topic: { orgId: string }) =>
    policy.can(actor, 'catalog.manage') && actor.orgId === topic.orgId;

  return {
    async getTopic({ actor, id }: { actor: Actor; id: string }) {
      policy.authorize(actor, 'catalog.read');
      const topic = await reading(actor, (db) => repo.findTopicDetail(db, actor.personId ?? null, id));
      if (!topic) throw notFound('The topic');
      return { ...topic, mayEdit: mayEdit(actor, topic) };
    },

    /**
     * Replaces a topic's title, description, objectives and competencies, and may share a private topic.
     * A shared topic is not made private again (decision 032); its code never changes.
     */
    async updateTopic({
      actor,
      id,
      version,
      input,
    }: {
      actor: Actor;
      id: string;
      version: number;
      input: TopicUpdate;
    }) {
      policy.authorize(actor, 'catalog.manage');
      const orgId = orgOf(actor);
      return scoped(actor, async (tx) => {
        const before = await repo.findTopicDetail(tx, actor.personId ?? null, id);
        if (!before) throw notFound('The topic');
        if (before.orgId !== orgId) throw new AppError(TeamErrors.TOPIC_KEPT_ELSEWHERE);
        if (before.shared && input.shared === false) throw new AppError(TeamErrors.SHARED_TOPIC_STAYS_SHARED);
        const unknown = await repo.unknownCompetencies(tx, input.competencyIds);
        if (unknown.length)
          throw validationFailed(
            unknown.map((c) => ({
              path: `body.competencyIds.${input.competencyIds.indexOf(c)}`,
              message: 'Not a competency of any framework',
            })),
          );
        const updated = await repo.updateTopic(tx, orgId, id, input, version);
        if (!updated) staleOrMissing(true, 'The topic');
        const sharedNow = !before.shared && input.shared === true;
        if (sharedNow) await repo.shareSessionsOf(tx, orgId, id);
        const changed = (
          ['title', 'description', 'objectives', 'competencyIds', 'ceHours', 'ceAccreditor'] as const
        ).filter((k) =>
          (k !== 'ceHours' && k !== 'ceAccreditor') || input.ceHours !== undefined
            ? JSON.stringify(before[k] ?? '') !== JSON.stringify(input[k] ?? '')
            : false,
        );
        await audit.recordChange(tx, actor, {
          action: 'update',
          entityType: 'training_topic',
          entityId: id,
          details: {
            changed: sharedNow ? [...changed, 'shared'] : changed,
            ...(changed.includes('title') ? { title: { from: before.title, to: input.title } } : {}),
            ...(sharedNow ? { shared: { from: false, to: true } } : {}),
          },
        });
        return { version: updated.version };
      });
    },
  };
}
