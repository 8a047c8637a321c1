import type { Database } from '../../../platform/db/client.js';
import type { FileStore } from '../../../platform/files/file-store.js';
import { type FileImporter, fileImporter, fileImportRoutes } from '../../../platform/jobs/file-import.js';
import type { JobQueue } from '../../../platform/jobs/queue.js';
import { CareErrors } from '../care.errors.js';
import { carePolicy as policy } from '../care.policy.js';
import { ROSTER_IMPORT_JOB } from './roster-import.job.js';
import { writeRosterTemplate } from './roster-import.template.js';

/** Starts a roster import: the upload is stored and the job queued; the job reports progress and the result file. */
export const createRosterImporter = (deps: { database: Database; files: FileStore; jobs: JobQueue }) =>
  fileImporter(deps, {
    kind: ROSTER_IMPORT_JOB,
    purpose: 'care-roster-import',
    wrongType: CareErrors.ROSTER_FILE_TYPE,
    authorize: (actor) => policy.authorize(actor, 'enrollee.import'),
  });

/** The template and the upload; the job's status and result file are the jobs routes' (`/api/jobs/:id`). */
export const rosterImportRoutes = (importer: FileImporter) =>
  fileImportRoutes(importer, {
    path: '/api/care/enrollees/imports',
    tags: ['care'],
    what: 'an enrollee roster import',
    templateName: 'concord-enrollee-roster-template.xlsx',
    writeTemplate: writeRosterTemplate,
  });
