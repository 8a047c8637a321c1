import { randomUUID } from 'node:crypto';
import type { LrsSettingsInput, LrsSettingsView } from '@contract/training/xapi.schemas.js';
import type { AuditTrail } from '../../../platform/audit/audit.service.js';
import type { Actor } from '../../../platform/auth/actor.js';
import type { Database } from '../../../platform/db/client.js';
import { validationFailed } from '../../../platform/http/errors.js';
import { staleOrMissing } from '../../../platform/http/versioning.js';
import type { JobQueue } from '../../../platform/jobs/queue.js';
import { trainingPolicy as policy } from '../training.policy.js';
import { trainingScope } from '../training.scope.js';
import { endpointProblem, sendStatements } from './lrs-client.js';
import { testStatement } from './statement.js';
import { XAPI_DELIVER_JOB } from './xapi.job.js';
import * as repo from './xapi.repository.js';

const RECENT = 200;

/** An organisation's learning record store: its settings, a test statement, and what was sent (decision 069). */
export function createXapiService(deps: {
  database: Database;
  audit: AuditTrail;
  jobs: JobQueue;
  baseUrl: string;
}) {
  const { database, audit, jobs, baseUrl } = deps;
  const { orgOf, scoped, reading } = trainingScope(database);

  const guard = (actor: Actor) => {
    const orgId = orgOf(actor);
    policy.authorize(actor, 'lrs.manage', { orgId });
    return orgId;
  };

  return {
    async lrsSettings({ actor }: { actor: Actor }): Promise<LrsSettingsView> {
      const orgId = guard(actor);
      const s = await reading(actor, (db) => repo.findSettings(db, orgId));
      audit.recordRead(actor, { entityType: 'training_lrs', entityId: orgId });
      return s
        ? {
            configured: true,
            endpoint: s.endpoint,
            key: s.key,
            hasSecret: true,
            enabled: s.enabled,
            version: s.version,
            updatedAt: s.updatedAt,
          }
        : {
            configured: false,
            endpoint: null,
            key: null,
            hasSecret: false,
            enabled: false,
            version: null,
            updatedAt: null,
          };
    },

    async saveLrsSettings({
      actor,
      input,
      version,
    }: {
      actor: Actor;
      input: LrsSettingsInput;
      version: number | undefined;
    }) {
      const orgId = guard(actor);
      const problem = endpointProblem(input.endpoint, baseUrl);
      if (problem) throw validationFailed([{ path: 'body.endpoint', message: problem }], problem);
      const values = {
        orgId,
        endpoint: input.endpoint.replace(/\/+$/, ''),
        key: input.key,
        enabled: input.enabled,
        updatedBy: actor.personId ?? null,
      };
      const saved = await scoped(actor, async (tx) => {
        const current = await repo.findSettings(tx, orgId);
        let row: { version: number } | undefined;
        if (!current) {
          if (!input.secret)
            throw validationFailed(
              [{ path: 'body.secret', message: 'Give the LRS secret' }],
              'Give the LRS secret.',
            );
          row = await repo.insertSettings(tx, { ...values, secret: input.secret });
        } else
          row = await repo.updateSettings(
            tx,
            { ...values, secret: input.secret },
            version ?? current.version,
          );
        if (!row) staleOrMissing(true, 'The LRS settings');
        await audit.recordChange(tx, actor, {
          action: current ? 'update' : 'create',
          entityType: 'training_lrs',
          entityId: orgId,
          // The secret is never written to the audit trail; only that it changed.
          details: {
            endpoint: values.endpoint,
            key: values.key,
            enabled: values.enabled,
            secretChanged: Boolean(input.secret),
          },
        });
        return row!;
      });
      return { ...(await this.lrsSettings({ actor })), version: saved.version };
    },

    /** Sends one test statement now and reports the LRS's answer. */
    async testLrs({ actor }: { actor: Actor }) {
      const orgId = guard(actor);
      const lrs = await repo.findConnection(database.system, orgId);
      if (!lrs)
        throw validationFailed(
          [{ path: 'body.endpoint', message: 'Save the LRS settings first' }],
          'Save the LRS settings first.',
        );
      const answer = await sendStatements(lrs, { ...testStatement(baseUrl, orgId, randomUUID()) });
      await scoped(actor, (tx) =>
        audit.recordChange(tx, actor, {
          action: 'test',
          entityType: 'training_lrs',
          entityId: orgId,
          details: { status: answer.status, kind: answer.kind },
        }),
      );
      return answer.kind === 'stored'
        ? { ok: true, status: answer.status, message: `The LRS stored the test statement (${answer.status})` }
        : { ok: false, status: answer.status, message: answer.message };
    },

    async xapiDeliveries({ actor, status }: { actor: Actor; status: string | undefined }) {
      const orgId = guard(actor);
      const items = await reading(actor, (db) => repo.listDeliveries(db, orgId, status, RECENT));
      audit.recordRead(actor, { entityType: 'training_lrs', action: 'deliveries', entityId: orgId });
      return { items };
    },

    async resendXapi({ actor, ids }: { actor: Actor; ids: string[] | undefined }) {
      const orgId = guard(actor);
      const queued = await scoped(actor, async (tx) => {
        const n = await repo.resendFailed(tx, orgId, ids);
        if (n) await jobs.enqueueOnce(tx, { orgId, kind: XAPI_DELIVER_JOB, payload: {}, maxAttempts: 10 });
        await audit.recordChange(tx, actor, {
          action: 'resend',
          entityType: 'training_lrs',
          entityId: orgId,
          details: { queued: n },
        });
        return n;
      });
      return { queued };
    },
  };
}
