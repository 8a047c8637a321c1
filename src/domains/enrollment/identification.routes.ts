import {
  identificationImportQuery,
  identificationListQuery,
  identificationPage,
} from '@contract/enrollment/identification.schemas.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/auth/auth.hook.js';
import { fileImportRoutes } from '../../platform/jobs/file-import.js';
import type { IdentificationService } from './identification.service.js';
import { writeIdentificationTemplate } from './identification.template.js';

const tags = ['enrollment'];

/** The import of identified-member lists (a job: progress, outcome and result file at `/api/jobs/:id`), and the list. */
export function identificationRoutes(service: IdentificationService): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(
      fileImportRoutes(service.importer, {
        path: '/api/enrollment/identifications/import',
        tags,
        what: 'an identified-member list (source=state_list: MassHealth’s quarterly list; source=own: your own identification), checked whole and applied whole or not at all',
        templateName: 'concord-identified-members-template.xlsx',
        writeTemplate: writeIdentificationTemplate,
        options: { querystring: identificationImportQuery, details: (query) => service.importDetails(query) },
      }),
    );

    app.get(
      '/api/enrollment/identifications',
      {
        schema: {
          tags,
          summary:
            'Members identified for Community Partner supports at your ACO/MCO (a state agency: every one), open first; audited as PHI',
          querystring: identificationListQuery,
          response: { 200: identificationPage },
        },
      },
      async (request) => service.list(actorOf(request), request.query),
    );
  };
}
