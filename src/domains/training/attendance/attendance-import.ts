import type { Database } from '../../../platform/db/client.js';
import type { FileStore } from '../../../platform/files/file-store.js';
import { fileImporter } from '../../../platform/jobs/file-import.js';
import type { JobQueue } from '../../../platform/jobs/queue.js';
import { TrainingErrors } from '../training.errors.js';
import { trainingPolicy as policy } from '../training.policy.js';
import { ATTENDANCE_IMPORT_JOB } from './attendance-import.job.js';

/**
 * Starts an attendance import: the participant report (CSV) is stored and the job queued with the session
 * it is for. Whether the caller runs that session is checked by the training service before the upload is
 * read; here, only that they may run some session (a private one, at the least).
 */
export const createAttendanceImporter = (deps: { database: Database; files: FileStore; jobs: JobQueue }) =>
  fileImporter(deps, {
    kind: ATTENDANCE_IMPORT_JOB,
    purpose: 'attendance-import',
    wrongType: TrainingErrors.ATTENDANCE_FILE_TYPE,
    formats: ['csv'],
    authorize: (actor) => policy.authorize(actor, 'catalog.offer', { shared: false }),
  });
