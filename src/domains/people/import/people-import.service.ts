import type { Readable } from 'node:stream';
import type { Actor } from '../../../platform/auth/actor.js';
import type { Database } from '../../../platform/db/client.js';
import type { FileStore } from '../../../platform/files/file-store.js';
import { formatOf } from '../../../platform/files/tabular.js';
import { AppError, forbidden } from '../../../platform/http/errors.js';
import type { JobQueue } from '../../../platform/jobs/queue.js';
import { PeopleErrors } from '../people.errors.js';
import { peoplePolicy as policy } from '../people.policy.js';
import { PEOPLE_IMPORT_JOB, type PeopleImportPayload } from './people-import.job.js';

export function createPeopleImportService(deps: { database: Database; files: FileStore; jobs: JobQueue }) {
  const { database, files, jobs } = deps;
  return {
    /** Asked before the upload is read, so a refused request never streams a file. */
    authorize(actor: Actor) {
      policy.authorize(actor, 'people.import');
      if (!actor.orgId) throw forbidden('Choose an organisation to act for first.');
    },

    /** Stores the upload and queues its import; the job reports progress and the result file. */
    async startImport(actor: Actor, upload: { fileName: string; contentType: string; stream: Readable }) {
      this.authorize(actor);
      const orgId = actor.orgId!;
      if (!formatOf(upload.fileName)) {
        upload.stream.resume();
        throw new AppError(PeopleErrors.IMPORT_FILE_TYPE, undefined, [
          { path: 'file', message: `"${upload.fileName}" is not .xlsx or .csv` },
        ]);
      }
      return database.system.transaction(async (tx) => {
        const file = await files.save(
          tx as never,
          {
            orgId,
            name: upload.fileName,
            contentType: upload.contentType,
            purpose: 'people-import',
            createdBy: actor.userId,
          },
          upload.stream,
        );
        const payload: PeopleImportPayload = {
          fileId: file.id,
          fileName: upload.fileName,
          actor: { userId: actor.userId, name: actor.name, ip: actor.ip, userAgent: actor.userAgent, orgId },
        };
        return jobs.enqueue(tx as never, {
          orgId,
          kind: PEOPLE_IMPORT_JOB,
          payload: { ...payload },
          createdBy: actor.userId,
          maxAttempts: 2,
        });
      });
    },
  };
}

export type PeopleImportService = ReturnType<typeof createPeopleImportService>;
