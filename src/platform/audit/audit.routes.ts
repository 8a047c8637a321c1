import { auditRecordTypeLabel } from '@contract/audit.labels.js';
import { auditEntryView } from '@contract/audit.schemas.js';
import { exportFormat, isoDateTime, pageOf, pageSchema, queryFlag } from '@contract/list.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hasRole } from '../auth/actor.js';
import { actorOf } from '../auth/auth.hook.js';
import { definePolicy } from '../auth/policy.js';
import type { Database } from '../db/client.js';
import { withScope } from '../db/scope.js';
import { allPages, sendExport } from '../http/export.js';
import { PLATFORM_ORG_ID } from './audit.chain.js';
import { type AuditFilter, listAudit } from './audit.repository.js';
import type { AuditTrail } from './audit.service.js';

export const auditPolicy = definePolicy({
  /** An organisation's audit trail is for its administrators, compliance officers and auditors. */
  'audit.read': (actor) => hasRole(actor, 'org_admin', 'compliance_officer', 'auditor'),
  /** Sign-in events belong to no organisation; only system administrators see them. */
  'audit.readPlatform': (actor) => actor.isSystemAdmin,
});

const auditQuery = z.object({
  from: isoDateTime().optional().describe('From this time (ISO 8601)'),
  to: isoDateTime().optional(),
  actor: z.string().trim().max(200).optional().describe('Part of the actor name'),
  action: z.string().trim().max(100).optional(),
  entityType: z.string().trim().max(100).optional(),
  entityId: z.string().trim().max(100).optional(),
  platform: queryFlag().describe('Show sign-in events instead (system administrators)'),
  dir: z.enum(['asc', 'desc']).default('desc'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export function auditRoutes(deps: { database: Database; audit: AuditTrail }): FastifyPluginAsyncZod {
  const { database, audit } = deps;
  function filterFor(
    request: { query: z.infer<typeof auditQuery> },
    actor: ReturnType<typeof actorOf>,
  ): AuditFilter {
    const { platform, dir: _dir, page: _page, pageSize: _size, ...rest } = request.query;
    if (platform) auditPolicy.authorize(actor, 'audit.readPlatform');
    else auditPolicy.authorize(actor, 'audit.read');
    return { ...rest, orgId: platform ? PLATFORM_ORG_ID : (actor.orgId ?? '') };
  }
  const read = (filter: AuditFilter, dir: 'asc' | 'desc', page: { offset: number; limit: number }) =>
    withScope(database, { orgIds: [filter.orgId] }, (tx) => listAudit(tx, filter, { ...page, dir }));

  return async (app) => {
    app.get(
      '/api/audit',
      {
        schema: {
          tags: ['audit'],
          summary: 'Who read or changed what, when and from where',
          querystring: auditQuery,
          response: { 200: pageSchema(auditEntryView) },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const filter = filterFor(request, actor);
        await audit.flush();
        const { items, total } = await read(filter, request.query.dir, pageOf(request.query));
        audit.recordRead(actor, {
          action: 'read',
          entityType: 'audit_log',
          details: { filter: { ...filter } },
        });
        return { items, total, page: request.query.page, pageSize: request.query.pageSize };
      },
    );

    app.get(
      '/api/audit/export',
      {
        schema: {
          tags: ['audit'],
          summary: 'Export the filtered audit log as XLSX or CSV',
          querystring: auditQuery.extend(exportFormat.shape),
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const filter = filterFor(request, actor);
        await audit.flush();
        audit.recordRead(actor, {
          action: 'export',
          entityType: 'audit_log',
          details: { filter: { ...filter } },
        });
        const rows = await allPages(
          async (offset, limit) => (await read(filter, request.query.dir, { offset, limit })).items,
        );
        return sendExport(
          reply,
          request.query.format,
          'audit-log',
          [
            { header: 'Seq', value: (r) => r.seq },
            { header: 'When (UTC)', value: (r) => new Date(r.at).toISOString(), width: 26 },
            { header: 'Who', value: (r) => r.actorName, width: 24 },
            { header: 'Action', value: (r) => r.action },
            { header: 'Record type', value: (r) => auditRecordTypeLabel(r.entityType), width: 24 },
            { header: 'Record type code', value: (r) => r.entityType, width: 24 },
            { header: 'Record', value: (r) => r.entityId, width: 38 },
            { header: 'From (IP)', value: (r) => r.ip },
            { header: 'Details', value: (r) => (r.details ? JSON.stringify(r.details) : ''), width: 60 },
            { header: 'Hash', value: (r) => r.hash, width: 66 },
          ],
          rows,
        );
      },
    );
  };
}
