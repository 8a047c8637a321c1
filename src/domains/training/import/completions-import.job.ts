import { massachusettsToday } from '@contract/massachusetts-day.js';
import { plural } from '../../../platform/files/import-result.js';
import type { FileImportPayload } from '../../../platform/jobs/file-import.js';
import { type TabularImportDeps, tabularImportJob } from '../../../platform/jobs/tabular-import.js';
import { certificateCode } from '../completions/session-completion.js';
import { mapCompletionHeader, validateCompletionRow } from './completions-import.columns.js';
import {
  applyStagedCompletions,
  findCompletionProblems,
  STAGING_COLUMNS,
  STAGING_TABLE,
} from './completions-import.repository.js';

export const COMPLETIONS_IMPORT_JOB = 'training.completions.import';
declare module '../../../platform/jobs/queue.js' {
  interface JobKinds {
    [COMPLETIONS_IMPORT_JOB]: FileImportPayload;
  }
}

/**
 * Imports completions earned elsewhere from an uploaded XLSX or CSV file: each row checked on its own, then
 * against people, topics and each other in SQL, then recorded by the organisation in one statement — or
 * not at all. Each row gets its certificate code as it is staged.
 */
export const completionsImportJob = (deps: TabularImportDeps) =>
  tabularImportJob(deps, {
    entityType: 'training_completions',
    rowsAre: 'completions',
    staging: { table: STAGING_TABLE, columns: STAGING_COLUMNS },
    changes: ['training_completions'],
    mapHeader: mapCompletionHeader,
    stager: () => {
      // Massachusetts' day, not UTC's: from 7 or 8 p.m. Eastern, UTC is already on tomorrow.
      const today = massachusettsToday();
      return (cells, index, rowNumber) => {
        const checked = validateCompletionRow(cells, index, rowNumber, today);
        if (!checked.row) return { issues: checked.issues };
        const r = checked.row;
        return {
          values: [r.email, r.npi, r.topicCode, r.completedOn, r.source, r.note, certificateCode()],
        };
      };
    },
    checking: 'Checking people and topics',
    findProblems: findCompletionProblems,
    applying: 'Recording completions',
    apply: (tx, orgId, jobId, payload, range) =>
      applyStagedCompletions(tx, orgId, jobId, range, {
        userId: payload.actor.userId,
        name: payload.actor.name,
        fileName: payload.fileName,
      }),
    describe: (c, rows) => ({
      message: `Imported ${plural(rows, 'row')}: ${plural(c.added, 'completion')} recorded, ${c.alreadyRecorded.toLocaleString('en-US')} already recorded.`,
      summary: [
        ['Completions recorded', c.added],
        ['Already recorded', c.alreadyRecorded],
      ],
    }),
  });
