import {
  IMPORTED_SOURCES,
  type identificationListQuery,
} from '@contract/enrollment/identification.schemas.js';
import type { z } from 'zod';
import type { AuditTrail } from '../../platform/audit/audit.service.js';
import { type Actor, activeMembershipOf, activeOrgOf, scopeOf } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/client.js';
import { withReadScope } from '../../platform/db/scope.js';
import type { FileStore } from '../../platform/files/file-store.js';
import { AppError, CommonErrors } from '../../platform/http/errors.js';
import { fileImporter } from '../../platform/jobs/file-import.js';
import type { JobQueue } from '../../platform/jobs/queue.js';
import { enrollmentPolicy as policy } from './enrollment.policy.js';
import { IdentificationErrors } from './identification.errors.js';
import { IDENTIFICATION_IMPORT_JOB } from './identification.job.js';
import * as repo from './identification.repository.js';

type ListQuery = z.output<typeof identificationListQuery>;

/** Members identified for Community Partner supports: the import of identified-member lists, and the list. */
export function createIdentificationService(deps: {
  database: Database;
  audit: AuditTrail;
  files: FileStore;
  jobs: JobQueue;
}) {
  const { database, audit } = deps;
  const importer = fileImporter(deps, {
    kind: IDENTIFICATION_IMPORT_JOB,
    purpose: 'enrollment-identification',
    wrongType: IdentificationErrors.IDENTIFICATION_FILE_TYPE,
    authorize: (actor) => policy.authorize(actor, 'identification.import'),
  });

  return {
    importer,

    /** What an import job carries besides its file: the list it is, and whether it only checks. */
    importDetails(query: { source?: string; checkOnly?: string }) {
      const source = IMPORTED_SOURCES.find((s) => s === query.source);
      if (!source)
        throw new AppError(
          CommonErrors.VALIDATION_FAILED,
          'Say which list this is: source=state_list or source=own.',
          [
            {
              path: 'source',
              message: 'state_list (MassHealth’s quarterly list) or own (your own identification)',
            },
          ],
        );
      return { source, checkOnly: query.checkOnly === 'true' ? 'yes' : 'no' };
    },

    /**
     * The organisation's identifications (a state agency: every organisation's), open first; an audited read
     * of PHI, each holder's log naming its members read.
     */
    async list(actor: Actor, query: ListQuery) {
      policy.authorize(actor, 'identification.read');
      const orgId = activeOrgOf(actor);
      const isState = activeMembershipOf(actor)?.orgKind === 'state_agency';
      const filter = { orgId: isState ? null : orgId, stage: query.stage, source: query.source };
      const offset = (query.page - 1) * query.pageSize;
      const { rows, total } = await withReadScope(database, scopeOf(actor), async (db) => ({
        rows: await repo.listIdentifications(db, filter, offset, query.pageSize),
        total: await repo.countIdentifications(db, filter),
      }));
      // Shown to the caller by row-level security, so their members' names may be read for them.
      const names = await repo.membersOf(database.system, [...new Set(rows.map((r) => r.enrolleeId))]);
      const byHolder = new Map<string, string[]>();
      for (const r of rows) byHolder.set(r.orgId, [...(byHolder.get(r.orgId) ?? []), r.enrolleeId]);
      for (const [holderOrgId, ids] of byHolder)
        audit.recordRead(actor, {
          entityType: 'enrollment_identification',
          action: 'list',
          orgId: holderOrgId,
          details: { phi: true, ids, actorOrgId: orgId },
        });
      const items = rows.map((r) => {
        const m = names.get(r.enrolleeId);
        return {
          ...r,
          masshealthId: m?.masshealthId ?? '',
          givenName: m?.givenName ?? '',
          familyName: m?.familyName ?? '',
        };
      });
      return { items, total, page: query.page, pageSize: query.pageSize };
    },
  };
}

export type IdentificationService = ReturnType<typeof createIdentificationService>;
