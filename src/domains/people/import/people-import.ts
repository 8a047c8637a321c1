import type { Database } from '../../../platform/db/client.js';
import type { FileStore } from '../../../platform/files/file-store.js';
import { type FileImporter, fileImporter, fileImportRoutes } from '../../../platform/jobs/file-import.js';
import type { JobQueue } from '../../../platform/jobs/queue.js';
import { PeopleErrors } from '../people.errors.js';
import { peoplePolicy as policy } from '../people.policy.js';
import { PEOPLE_IMPORT_JOB } from './people-import.job.js';
import { writePeopleTemplate } from './people-import.template.js';

/** Starts a people import: the upload is stored and the job queued; the job reports progress and the result file. */
export const createPeopleImporter = (deps: { database: Database; files: FileStore; jobs: JobQueue }) =>
  fileImporter(deps, {
    kind: PEOPLE_IMPORT_JOB,
    purpose: 'people-import',
    wrongType: PeopleErrors.IMPORT_FILE_TYPE,
    authorize: (actor) => policy.authorize(actor, 'people.import'),
  });

export const peopleImportRoutes = (importer: FileImporter) =>
  fileImportRoutes(importer, {
    path: '/api/people/imports',
    tags: ['people'],
    what: 'a people import',
    templateName: 'concord-people-import-template.xlsx',
    writeTemplate: writePeopleTemplate,
  });
