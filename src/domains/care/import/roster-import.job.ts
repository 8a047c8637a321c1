import { massachusettsToday } from '@contract/massachusetts-day.js';
import { getTableName } from 'drizzle-orm';
import { uuidv7 } from '../../../platform/db/uuidv7.js';
import { plural } from '../../../platform/files/import-result.js';
import type { FileImportPayload } from '../../../platform/jobs/file-import.js';
import { type TabularImportDeps, tabularImportJob } from '../../../platform/jobs/tabular-import.js';
import { careEnrollees, careEnrollments, careImportRows } from '../care.tables.js';
import {
  mapRosterHeader,
  type Optional,
  ROSTER_COLUMNS,
  validateRosterRow,
} from './roster-import.columns.js';
import { applyStagedRoster, findRosterProblems, STAGING_COLUMNS } from './roster-import.repository.js';

export const ROSTER_IMPORT_JOB = 'care.roster-import';

declare module '../../../platform/jobs/queue.js' {
  interface JobKinds {
    [ROSTER_IMPORT_JOB]: FileImportPayload;
  }
}

/** An optional column the file lacks is staged as NULL (kept), an empty cell as '' (cleared). */
const o = (v: Optional) => (v === undefined ? null : (v ?? ''));

/**
 * Imports a plan's enrollee roster from an uploaded XLSX or CSV file, on the people import's runner: each
 * row checked on its own, then against the others and what is recorded (one MassHealth ID twice, one MBI
 * for two members, an enrollment overlapping a later one), then applied — or nothing is. A re-import
 * writes only what changed: an enrollee exactly as recorded is not touched (no version, no audit row);
 * each changed one gets an audit row naming the fields (and enrollments) the file changed.
 */
export const rosterImportJob = (deps: TabularImportDeps) =>
  tabularImportJob(deps, {
    entityType: 'care_enrollee_roster',
    rowsAre: 'enrollees',
    staging: { table: getTableName(careImportRows), columns: STAGING_COLUMNS },
    changes: [careEnrollees, careEnrollments].map(getTableName),
    mapHeader: mapRosterHeader,
    stager: () => {
      const today = massachusettsToday();
      return (cells, index, rowNumber) => {
        const checked = validateRosterRow(cells, index, rowNumber, today);
        if (!checked.row) return { issues: checked.issues };
        const r = checked.row;
        return {
          values: [
            r.masshealthId,
            o(r.mbi),
            r.familyName,
            r.givenName,
            r.dateOfBirth,
            o(r.sex),
            o(r.address),
            o(r.town),
            o(r.county),
            o(r.postalCode),
            o(r.phone),
            o(r.email),
            o(r.preferredLanguage),
            r.accessibleFormats === undefined ? null : (r.accessibleFormats ?? []).join(','),
            r.program,
            r.effectiveOn,
            o(r.endsOn),
            uuidv7(),
            uuidv7(),
          ],
        };
      };
    },
    checking: 'Checking rows against each other and against the enrollees recorded',
    findProblems: findRosterProblems,
    applying: 'Applying',
    applyWhileReading: true,
    apply: async (tx, orgId, jobId, payload, range) => {
      const { counts, changes } = await applyStagedRoster(tx, orgId, jobId, range);
      if (changes.length > 0)
        await deps.audit.recordChange(
          tx,
          payload.actor,
          ...changes.map((c) => ({
            action: 'update',
            entityType: 'care_enrollee' as const,
            entityId: c.id,
            orgId,
            details: { fields: c.fields, importJobId: jobId },
          })),
        );
      const notes = changes.map((c) => ({
        row: c.row,
        column: 'MassHealth ID',
        message: `${c.masshealthId}: ${c.fields.map(fieldWords).join(', ')} changed`,
      }));
      return { counts, notes };
    },
    describe: (c, rows) => ({
      message: `Imported ${plural(rows, 'row')}: ${plural(c.created, 'enrollee')} added, ${c.changed.toLocaleString('en-US')} changed, ${c.unchanged.toLocaleString('en-US')} unchanged; ${plural(c.enrollmentsAdded, 'enrollment')} added, ${c.enrollmentsChanged.toLocaleString('en-US')} ended or changed.`,
      summary: [
        ['Enrollees added', c.created],
        ['Enrollees changed', c.changed],
        ['Enrollees unchanged', c.unchanged],
        ['Enrollments added', c.enrollmentsAdded],
        ['Enrollments ended or changed', c.enrollmentsChanged],
      ],
    }),
  });

/** A changed field in the roster's own words (its column's header), for the result workbook. */
const fieldWords = (field: string) =>
  field === 'enrollments'
    ? 'enrollment'
    : (ROSTER_COLUMNS.find((c) => c.key === field)?.header.toLowerCase() ?? field);
