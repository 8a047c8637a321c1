import type { Database } from '../../../platform/db/client.js';
import type { FileStore } from '../../../platform/files/file-store.js';
import { type FileImporter, fileImporter, fileImportRoutes } from '../../../platform/jobs/file-import.js';
import type { JobQueue } from '../../../platform/jobs/queue.js';
import { TrainingErrors } from '../training.errors.js';
import { trainingPolicy as policy } from '../training.policy.js';
import { writeCompletionsTemplate } from './completions-import.columns.js';
import { COMPLETIONS_IMPORT_JOB } from './completions-import.job.js';

/** Starts a completions import: the upload is stored and the job queued; the job reports progress and the result file. */
export const createCompletionsImporter = (deps: { database: Database; files: FileStore; jobs: JobQueue }) =>
  fileImporter(deps, {
    kind: COMPLETIONS_IMPORT_JOB,
    purpose: 'completions-import',
    wrongType: TrainingErrors.COMPLETIONS_FILE_TYPE,
    authorize: (actor) => policy.authorize(actor, 'completion.record'),
  });

export const completionsImportRoutes = (importer: FileImporter) =>
  fileImportRoutes(importer, {
    path: '/api/training/completions/imports',
    tags: ['training'],
    what: 'a completions import',
    templateName: 'concord-completions-import-template.xlsx',
    writeTemplate: writeCompletionsTemplate,
  });
