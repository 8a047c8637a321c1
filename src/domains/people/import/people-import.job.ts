import { getTableName } from 'drizzle-orm';
import { plural } from '../../../platform/files/import-result.js';
import type { FileImportPayload } from '../../../platform/jobs/file-import.js';
import { type TabularImportDeps, tabularImportJob } from '../../../platform/jobs/tabular-import.js';
import { people, peopleImportRows, personOrgDetails, personRoles } from '../people.tables.js';
import { mapHeader, type Optional, validateRow } from './people-import.columns.js';
import { applyStagedPeople, findCrossRowProblems, STAGING_COLUMNS } from './people-import.repository.js';

export const PEOPLE_IMPORT_JOB = 'people.import';
declare module '../../../platform/jobs/queue.js' {
  interface JobKinds {
    [PEOPLE_IMPORT_JOB]: FileImportPayload;
  }
}

/**
 * Imports people and roles from an uploaded XLSX or CSV file: each row checked on its own, then against the
 * others and what is recorded (the same role twice, one e-mail with two names or NPIs), then applied —
 * new identities, changes to identities the organisation stewards, its own details for each person, roles —
 * or nothing is. An optional column the file does not have leaves what is recorded as it is.
 */
export const peopleImportJob = (deps: TabularImportDeps) =>
  tabularImportJob(deps, {
    entityType: 'people',
    rowsAre: 'people',
    staging: { table: getTableName(peopleImportRows), columns: STAGING_COLUMNS },
    changes: [people, personRoles, personOrgDetails].map(getTableName),
    mapHeader,
    stager: () => (cells, index, rowNumber) => {
      const checked = validateRow(cells, index, rowNumber);
      if (!checked.row) return { issues: checked.issues };
      const r = checked.row;
      // An optional column the file lacks is staged as NULL (kept), an empty cell as '' (cleared).
      const o = (v: Optional) => (v === undefined ? null : (v ?? ''));
      return {
        values: [
          r.givenName,
          r.familyName,
          r.email,
          o(r.npi),
          o(r.phone),
          o(r.title),
          r.role,
          o(r.team),
          r.startsOn,
          o(r.endsOn),
          o(r.supervisorEmail),
        ],
      };
    },
    checking: 'Checking rows against each other and against existing records',
    findProblems: findCrossRowProblems,
    applying: 'Applying',
    applyWhileReading: true,
    apply: (tx, orgId, jobId, _payload, range) => applyStagedPeople(tx, orgId, jobId, range),
    describe: (c, rows) => ({
      message: `Imported ${plural(rows, 'row')}: ${plural(c.peopleCreated, 'person', 'people')} added, ${c.peopleUpdated.toLocaleString('en-US')} updated; ${plural(c.rolesAdded, 'role')} added, ${c.rolesUpdated.toLocaleString('en-US')} updated.`,
      summary: [
        ['People added', c.peopleCreated],
        ['People updated', c.peopleUpdated],
        ['Roles added', c.rolesAdded],
        ['Roles updated', c.rolesUpdated],
      ],
    }),
  });
