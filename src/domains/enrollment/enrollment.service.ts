import type { Writable } from 'node:stream';
import { masshealthIdProblem, normaliseMasshealthId } from '@contract/care/identifiers.js';
import { BATCH_COLUMNS, ROW_OUTCOME_LABELS, spanEndLabel } from '@contract/enrollment/enrollment.labels.js';
import type { DirectoryEntryInput, memberChoiceInput } from '@contract/enrollment/enrollment.schemas.js';
import type { z } from 'zod';

type MemberChoiceOutput = z.output<typeof memberChoiceInput>;

import { massachusettsToday } from '@contract/massachusetts-day.js';
import type { AuditTrail } from '../../platform/audit/audit.service.js';
import { type Actor, activeMembershipOf, activeOrgOf, scopeOf } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/client.js';
import { withReadScope, withScope } from '../../platform/db/scope.js';
import type { FileStore } from '../../platform/files/file-store.js';
import { writeXlsxSheets } from '../../platform/files/xlsx-writer.js';
import { AppError } from '../../platform/http/errors.js';
import { sheetOf } from '../../platform/http/export.js';
import { fileImporter } from '../../platform/jobs/file-import.js';
import type { JobQueue } from '../../platform/jobs/queue.js';
import { ENROLLMENT_BATCH_JOB } from './batch.job.js';
import { EnrollmentErrors } from './enrollment.errors.js';
import { enrollmentPolicy as policy } from './enrollment.policy.js';
import * as repo from './enrollment.repository.js';
import * as ident from './identification.repository.js';

const PAGE_ROWS = 5_000;
const baseName = (fileName: string) => fileName.replace(/\.[^.]+$/, '');

/** Batch files (upload, history, result, export), members' enrollment history and the CP directory. */
export function createEnrollmentService(deps: {
  database: Database;
  audit: AuditTrail;
  files: FileStore;
  jobs: JobQueue;
}) {
  const { database, audit } = deps;
  const importer = fileImporter(deps, {
    kind: ENROLLMENT_BATCH_JOB,
    purpose: 'enrollment-batch',
    wrongType: EnrollmentErrors.BATCH_FILE_TYPE,
    authorize: (actor) => policy.authorize(actor, 'batch.submit'),
  });
  const read = <T>(actor: Actor, work: Parameters<typeof withReadScope<T>>[2]) =>
    withReadScope(database, scopeOf(actor), work);

  async function batchOf(actor: Actor, id: string) {
    policy.authorize(actor, 'batch.read');
    const batch = await read(actor, (db) => repo.findBatch(db, id.toLowerCase()));
    if (!batch) throw new AppError(EnrollmentErrors.BATCH_NOT_FOUND);
    return batch;
  }

  /** The batch's rows, a page at a time, read in the caller's scope. */
  async function* rowsOf(actor: Actor, batchId: string, acceptedOnly: boolean) {
    let after = 0;
    for (;;) {
      const page = await read(actor, (db) => repo.batchRowsPage(db, batchId, after, PAGE_ROWS, acceptedOnly));
      yield* page;
      if (page.length < PAGE_ROWS) return;
      after = page[page.length - 1]!.rowNumber;
    }
  }

  return {
    importer,

    /** What a batch job carries besides its file: whether it only checks, and the submitter's kind. */
    batchDetails(query: { checkOnly?: string }, actor: Actor) {
      return {
        checkOnly: query.checkOnly === 'true' ? 'yes' : 'no',
        submitterKind: activeMembershipOf(actor)?.orgKind ?? '',
      };
    },

    async listBatches(actor: Actor, page: { offset: number; limit: number }) {
      policy.authorize(actor, 'batch.read');
      return read(actor, async (db) => ({
        items: await repo.listBatches(db, page.offset, page.limit),
        total: await repo.countBatches(db),
      }));
    },

    getBatch: batchOf,

    /**
     * The result workbook: a summary, then every row of the file with its outcome and each problem naming its
     * column. Made from the batch's rows when asked, so it is there even for a batch whose process stopped
     * after applying.
     */
    async resultFile(actor: Actor, id: string) {
      const batch = await batchOf(actor, id);
      if (batch.outcome === 'running') throw new AppError(EnrollmentErrors.BATCH_NOT_FINISHED);
      audit.recordRead(actor, {
        entityType: 'enrollment_batch',
        entityId: batch.id,
        orgId: batch.orgId,
        action: 'export',
        details: { phi: true, what: 'result' },
      });
      const outcomeOf = (r: repo.ResultRow) =>
        r.problems.length > 0
          ? ROW_OUTCOME_LABELS.refused
          : batch.outcome === 'applied'
            ? ROW_OUTCOME_LABELS.accepted
            : ROW_OUTCOME_LABELS.passed;
      const summary: [string, string | number][] = [
        ['File', batch.fileName],
        ['Organisation', batch.orgName],
        ['Uploaded by', batch.createdByName ?? ''],
        ['Uploaded at', batch.createdAt],
        ['Outcome', batch.message ?? batch.outcome],
        ['Rows read', batch.rows],
        ['Rows refused', batch.refusedRows],
        ...Object.entries(batch.counts).map(([k, v]) => [`Rows to ${k}`, v] as [string, number]),
      ];
      const write = (out: Writable) =>
        writeXlsxSheets(out, [
          sheetOf(
            'Summary',
            [
              { header: 'Item', value: (r: [string, string | number]) => r[0], width: 20 },
              { header: 'Value', value: (r: [string, string | number]) => r[1], width: 90 },
            ],
            summary,
          ),
          sheetOf(
            'Rows',
            [
              { header: 'Row', value: (r: repo.ResultRow) => r.rowNumber },
              { header: 'Outcome', value: outcomeOf, width: 24 },
              { header: 'Column', value: (r) => r.problems.map((p) => p.column).join('\n'), width: 22 },
              { header: 'Problem', value: (r) => r.problems.map((p) => p.message).join('\n'), width: 80 },
              ...BATCH_COLUMNS.map((header, i) => ({
                header,
                value: (r: repo.ResultRow) => r.cells[i] ?? '',
              })),
            ],
            rowsOf(actor, batch.id, false),
          ),
        ]);
      return { name: `${baseName(batch.fileName)}-result.xlsx`, write };
    },

    /**
     * An applied batch's rows in the template's layout, for the state's portal, with a summary sheet of the
     * row count by action.
     */
    async portalFile(actor: Actor, id: string) {
      const batch = await batchOf(actor, id);
      if (batch.outcome !== 'applied') throw new AppError(EnrollmentErrors.BATCH_NOT_APPLIED);
      audit.recordRead(actor, {
        entityType: 'enrollment_batch',
        entityId: batch.id,
        orgId: batch.orgId,
        action: 'export',
        details: { phi: true, what: 'portal file' },
      });
      const accepted = batch.rows - batch.refusedRows;
      const write = (out: Writable) =>
        writeXlsxSheets(out, [
          sheetOf(
            'Batch',
            BATCH_COLUMNS.map((header, i) => ({ header, value: (r: repo.ResultRow) => r.cells[i] ?? '' })),
            rowsOf(actor, batch.id, true),
          ),
          sheetOf(
            'Summary',
            [
              { header: 'Item', value: (r: [string, number]) => r[0], width: 24 },
              { header: 'Rows', value: (r: [string, number]) => r[1] },
            ],
            [['Rows in this file', accepted], ...Object.entries(batch.counts)] as [string, number][],
          ),
        ]);
      return { name: `${baseName(batch.fileName)}-for-portal.xlsx`, write };
    },

    /** The first refused rows of a batch, for its page: row number and problems (no member's details). */
    async batchProblems(actor: Actor, id: string) {
      const batch = await batchOf(actor, id);
      const rows = await read(actor, (db) => repo.refusedRows(db, batch.id, 50));
      return rows;
    },

    /** A member's Community Partner enrollment, span by span: an audited read of PHI. */
    async memberHistory(actor: Actor, masshealthId: string) {
      policy.authorize(actor, 'member.read');
      const id = normaliseMasshealthId(masshealthId);
      const problem = masshealthIdProblem(id);
      if (problem)
        throw new AppError(EnrollmentErrors.MEMBER_ID_FORMAT, undefined, [
          { path: 'masshealthId', message: problem },
        ]);
      const all = await repo.membersWithId(database.system, id);
      const visible = await read(actor, (db) =>
        repo.visibleMembers(
          db,
          all.map((m) => m.enrolleeId),
        ),
      );
      const members = all.filter((m) => visible.has(m.enrolleeId));
      if (members.length === 0) throw new AppError(EnrollmentErrors.MEMBER_NOT_FOUND);
      const today = massachusettsToday();
      const withSpans = await Promise.all(
        members.map(async (m) => {
          const spans = await read(actor, (db) => repo.memberSpans(db, m.enrolleeId));
          const open = spans.find((s) => s.endsOn === null || s.endsOn >= today);
          const choices = await read(actor, (db) => repo.memberChoices(db, m.enrolleeId));
          return {
            ...m,
            choices,
            status: open
              ? ('enrolled' as const)
              : spans.length > 0
                ? ('disenrolled' as const)
                : ('not_enrolled' as const),
            spans: spans.map((s) => ({
              ...s,
              endReasonLabel: s.endReason ? spanEndLabel(s.endReason) : null,
            })),
          };
        }),
      );
      for (const m of members)
        audit.recordRead(actor, {
          entityType: 'enrollment_member',
          entityId: m.enrolleeId,
          orgId: m.orgId,
          details: { phi: true, actorOrgId: actor.orgId },
        });
      return withSpans;
    },

    /**
     * Records a member's request for a different Community Partner, or to decline: by their ACO/MCO, or by a CP
     * they are enrolled with. Audited as a change to PHI; it changes no enrollment (a batch does that).
     */
    async recordChoice(actor: Actor, enrolleeId: string, input: MemberChoiceOutput) {
      policy.authorize(actor, 'member.choice');
      const orgId = activeOrgOf(actor);
      const id = enrolleeId.toLowerCase();
      const visible = await read(actor, (db) => repo.visibleMembers(db, [id]));
      if (!visible.has(id)) throw new AppError(EnrollmentErrors.MEMBER_NOT_FOUND);
      if (input.receivedOn > massachusettsToday())
        throw new AppError(EnrollmentErrors.CHOICE_DATE_FUTURE, undefined, [
          { path: 'receivedOn', message: 'Enter the day the request reached you: today or earlier' },
        ]);
      const holder = await repo.memberHolder(database.system, id, input.requestedCpOrgId);
      if (!holder) throw new AppError(EnrollmentErrors.MEMBER_NOT_FOUND);
      if (input.requestedCpOrgId && !holder.kind?.startsWith('cp_'))
        throw new AppError(EnrollmentErrors.CHOICE_CP_UNKNOWN, undefined, [
          { path: 'requestedCpOrgId', message: 'Choose a Community Partner from the directory' },
        ]);
      return withScope(database, scopeOf(actor), async (tx) => {
        const choiceId = await repo.insertMemberChoice(tx, {
          orgId: holder.orgId,
          enrolleeId: id,
          choice: input.choice,
          requestedCpOrgId: input.requestedCpOrgId,
          receivedOn: input.receivedOn,
          note: input.note,
          recordedByOrgId: orgId,
          recordedBy: actor.personId,
          recordedByName: actor.name,
        });
        await audit.recordChange(tx, actor, {
          action: 'create',
          entityType: 'enrollment_member',
          entityId: id,
          details: {
            phi: true,
            choice: input.choice,
            receivedOn: input.receivedOn,
            choiceId,
            holderOrgId: holder.orgId,
          },
        });
        return { id: choiceId };
      });
    },

    /** Sets the acting organisation's provider IDs and (a CP) its confirmed capacity; audited. */
    /** The acting organisation's own PIDs and service locations, as its batch files and lists name them. */
    async ownProviderIds(actor: Actor) {
      const ids = await ident.ownProviderIds(database.system, activeOrgOf(actor));
      return { ids: ids.map(({ pid, sl }) => ({ pid, sl })) };
    },

    async setDirectoryEntry(actor: Actor, input: DirectoryEntryInput) {
      policy.authorize(actor, 'directory.update');
      const orgId = activeOrgOf(actor);
      const isCp = (activeMembershipOf(actor)?.orgKind ?? '').startsWith('cp_');
      if (input.confirmed !== null && !isCp)
        throw new AppError(EnrollmentErrors.CAPACITY_NOT_CP, undefined, [
          { path: 'confirmed', message: 'Leave it empty: only a Community Partner has a capacity' },
        ]);
      await withScope(database, scopeOf(actor), async (tx) => {
        const { taken } = await repo.setDirectoryEntry(tx, orgId, input);
        if (taken.length > 0)
          throw new AppError(
            EnrollmentErrors.PROVIDER_ID_TAKEN,
            undefined,
            taken.map((t) => ({
              path: 'ids',
              message: `PID ${t.pid} with service location ${t.sl} is ${t.name}'s`,
            })),
          );
        await audit.recordChange(tx, actor, {
          action: 'update',
          entityType: 'enrollment_cp',
          entityId: orgId,
          orgId,
          details: { ids: input.ids, confirmed: input.confirmed },
        });
      });
      return (
        (await repo.cpDirectory(database.system, massachusettsToday())).find((c) => c.orgId === orgId) ?? null
      );
    },

    /** Each ACO's and MCO's counties with fewer than two LTSS Community Partners under agreement there. */
    async ltssGaps(actor: Actor) {
      policy.authorize(actor, 'directory.read');
      const rows = await repo.ltssGaps(database.system, massachusettsToday());
      return rows.filter((r) => r.ltssCps.length < 2);
    },

    /** The Community Partner directory, for everyone signed in: no member is in it. */
    async directory(actor: Actor) {
      policy.authorize(actor, 'directory.read');
      return repo.cpDirectory(database.system, massachusettsToday());
    },
  };
}

export type EnrollmentService = ReturnType<typeof createEnrollmentService>;
