import { exportFormat, listQuery, pageOf, pageSchema } from '@contract/list.js';
import { OUTBOX_STATUS_LABELS } from '@contract/outbox.labels.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuditTrail } from '../audit/audit.service.js';
import { type Actor, hasRole } from '../auth/actor.js';
import { actorOf } from '../auth/auth.hook.js';
import { definePolicy } from '../auth/policy.js';
import type { Database } from '../db/client.js';
import { withReadScope, withScope } from '../db/scope.js';
import { forbidden, notFound } from '../http/errors.js';
import { allPages, sendExport } from '../http/export.js';
import { listMessages, type Outbox, type OutboxFilter, outboxMessageView } from './outbox.js';

const outboxQuery = listQuery(['createdAt'])
  .extend({
    status: z.enum(['queued', 'sent', 'failed']).optional(),
    entityType: z.string().max(100).optional(),
    entityId: z.uuid().optional(),
    personId: z.uuid().optional(),
  })
  .extend({ dir: z.enum(['asc', 'desc']).default('desc') });

export const outboxPolicy = definePolicy({
  /** The people who send an organisation's e-mail, and review it: its administrators and compliance officers. */
  'outbox.read': (actor) =>
    Boolean(actor.orgId) && hasRole(actor, 'org_admin', 'training_admin', 'compliance_officer'),
  /** Who may send a failed message again: the organisation's administrators and compliance officers. */
  'outbox.resend': (actor) => Boolean(actor.orgId) && hasRole(actor, 'org_admin', 'compliance_officer'),
});

function readerOrg(actor: Actor) {
  if (!actor.orgId || !outboxPolicy.can(actor, 'outbox.read')) {
    throw forbidden('Only an organisation’s administrators and compliance officers see its outbox.');
  }
  return actor.orgId;
}

function senderOrg(actor: Actor) {
  if (!actor.orgId || !outboxPolicy.can(actor, 'outbox.resend')) {
    throw forbidden('Only an organisation’s administrators and compliance officers send its e-mail again.');
  }
  return actor.orgId;
}

export function outboxRoutes(deps: {
  database: Database;
  audit: AuditTrail;
  outbox: Outbox;
}): FastifyPluginAsyncZod {
  const { database, audit, outbox } = deps;
  function list(actor: Actor, q: OutboxFilter, page: { offset: number; limit: number }) {
    const orgId = readerOrg(actor);
    return withReadScope(database, { orgIds: [orgId], personId: actor.personId }, (db) =>
      listMessages(db, orgId, q, page),
    );
  }
  return async (app) => {
    app.get(
      '/api/outbox',
      {
        schema: {
          tags: ['outbox'],
          summary: 'E-mail sent or waiting to be sent by the active organisation',
          querystring: outboxQuery,
          response: { 200: pageSchema(outboxMessageView) },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const q = request.query;
        const { items, total } = await list(actor, q, pageOf(q));
        audit.recordRead(actor, { entityType: 'outbox_messages', details: { filter: { ...q } } });
        return { items, total, page: q.page, pageSize: q.pageSize };
      },
    );

    app.post(
      '/api/outbox/:id/retry',
      {
        schema: {
          tags: ['outbox'],
          summary: 'Send a failed message again (administrators and compliance officers; audited)',
          params: z.object({ id: z.uuid() }),
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const orgId = senderOrg(actor);
        await withScope(database, { orgIds: [orgId], personId: actor.personId }, async (tx) => {
          if (!(await outbox.retry(tx, orgId, request.params.id, actor.userId)))
            throw notFound('A failed message with this id');
          await audit.recordChange(tx, actor, {
            action: 'retry',
            entityType: 'outbox_message',
            entityId: request.params.id,
            details: {},
          });
        });
        return reply.code(202).send();
      },
    );

    app.get(
      '/api/outbox/export',
      {
        schema: {
          tags: ['outbox'],
          summary: 'Export the filtered outbox as XLSX or CSV',
          querystring: outboxQuery.extend(exportFormat.shape),
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const q = request.query;
        const messages = await allPages(
          async (offset, limit) => (await list(actor, q, { offset, limit })).items,
        );
        audit.recordRead(actor, {
          action: 'export',
          entityType: 'outbox_messages',
          details: { filter: { ...q } },
        });
        return sendExport(
          reply,
          q.format,
          'outbox',
          [
            { header: 'Created', value: (m) => m.createdAt, width: 22 },
            { header: 'To', value: (m) => m.to, width: 32 },
            { header: 'Name', value: (m) => m.toName, width: 24 },
            { header: 'Subject', value: (m) => m.subject, width: 48 },
            { header: 'Status', value: (m) => OUTBOX_STATUS_LABELS[m.status] },
            { header: 'Sent', value: (m) => m.sentAt, width: 22 },
            { header: 'Error', value: (m) => m.error, width: 40 },
          ],
          messages,
        );
      },
    );
  };
}
