import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../../platform/auth/auth.hook.js';
import { AppError } from '../../../platform/http/errors.js';
import { attachment } from '../../../platform/http/export.js';
import { jobView } from '../../../platform/jobs/jobs.routes.js';
import { PeopleErrors } from '../people.errors.js';
import type { PeopleImportService } from './people-import.service.js';
import { writePeopleTemplate } from './people-import.template.js';

const tags = ['people'];

export function peopleImportRoutes(service: PeopleImportService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/people/imports/template',
      { schema: { tags, summary: 'The XLSX template for a people import' } },
      async (_request, reply) => {
        reply.header('content-disposition', attachment('concord-people-import-template.xlsx'));
        reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        const out = new PassThrough();
        writePeopleTemplate(out).then(
          () => out.end(),
          (err) => out.destroy(err),
        );
        return reply.send(out);
      },
    );

    app.post(
      '/api/people/imports',
      {
        schema: {
          tags,
          summary:
            'Upload an XLSX or CSV of people and roles (multipart field "file"); returns the import job',
          consumes: ['multipart/form-data'],
          response: { 202: jobView },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        service.authorize(actor);
        const part = await request.file();
        if (!part) throw new AppError(PeopleErrors.IMPORT_FILE_TYPE, 'Attach the file in the "file" field.');
        const job = await service.startImport(actor, {
          fileName: part.filename,
          contentType: part.mimetype,
          stream: part.file,
        });
        if (part.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE');
        return reply.code(202).send(job);
      },
    );
  };
}
