import {
  mailingInput,
  mailingListQuery,
  mailingPage,
  mailingResidentPage,
  mailingResidentParams,
  mailingResidentQuery,
  mailingView,
} from '@contract/enrollment/mailing.schemas.js';
import { jobView } from '@contract/jobs.schemas.js';
import { pageOf, uuidParam } from '@contract/list.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/auth/auth.hook.js';
import { attachment } from '../../platform/http/export.js';
import { jobViewOf } from '../../platform/jobs/jobs.routes.js';
import type { Mailings } from './mailing.service.js';

const tags = ['enrollment'];

/** Welcome mailings of a service-area expansion: run, list, read, and their files (decision 063). */
export function mailingRoutes(mailings: Mailings): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/enrollment/mailings',
      {
        schema: {
          tags,
          summary:
            'Run a welcome mailing for counties your service area gains on a day (each a service area starting that day): the eligible residents not yet welcomed get a letter; returns the job',
          body: mailingInput,
          response: { 202: jobView },
        },
      },
      async (request, reply) =>
        reply.code(202).send(jobViewOf(await mailings.start(actorOf(request), request.body))),
    );

    app.get(
      '/api/enrollment/mailings',
      {
        schema: {
          tags,
          summary:
            'Your organisation’s welcome mailings, newest first (a state agency: every organisation’s)',
          querystring: mailingListQuery,
          response: { 200: mailingPage },
        },
      },
      async (request) => {
        const { items, total } = await mailings.list(actorOf(request), pageOf(request.query));
        return { items, total, page: request.query.page, pageSize: request.query.pageSize };
      },
    );

    app.get(
      '/api/enrollment/mailings/:id',
      {
        schema: {
          tags,
          summary: 'One welcome mailing: its counties, days, status and letters per county',
          params: uuidParam,
          response: { 200: mailingView },
        },
      },
      async (request) => mailings.get(actorOf(request), request.params.id),
    );

    const download = (path: string, summary: string, which: 'letters' | 'mailFile') =>
      app.get(path, { schema: { tags, summary, params: uuidParam } }, async (request, reply) => {
        const file = await mailings[which](actorOf(request), request.params.id);
        reply.header('content-disposition', attachment(file.name));
        reply.type(which === 'letters' ? 'application/pdf' : 'text/csv; charset=utf-8; header=present');
        return reply.send(file.open());
      });
    download(
      '/api/enrollment/mailings/:id/letters',
      'Every letter of the mailing in one PDF, each from a new page, for the printer (audited as PHI)',
      'letters',
    );
    download(
      '/api/enrollment/mailings/:id/mail-file',
      'The print vendor’s mail file (CSV: name, address, city, state, ZIP, language, format, county), in the letters’ order (audited as PHI)',
      'mailFile',
    );

    app.get(
      '/api/enrollment/mailings/:id/residents',
      {
        schema: {
          tags,
          summary:
            'The residents the mailing wrote to, by name, with each letter’s language and print (audited as PHI)',
          params: uuidParam,
          querystring: mailingResidentQuery,
          response: { 200: mailingResidentPage },
        },
      },
      async (request) => {
        const { items, total } = await mailings.residents(
          actorOf(request),
          request.params.id,
          pageOf(request.query),
        );
        return { items, total, page: request.query.page, pageSize: request.query.pageSize };
      },
    );

    app.get(
      '/api/enrollment/mailings/:id/residents/:childId/letter',
      {
        schema: {
          tags,
          summary: 'One resident’s welcome letter, as written, to send again (audited as PHI)',
          params: mailingResidentParams,
        },
      },
      async (request, reply) => {
        const { name, pdf } = await mailings.residentLetter(
          actorOf(request),
          request.params.id,
          request.params.childId,
        );
        reply.header('content-disposition', attachment(name));
        reply.type('application/pdf');
        return reply.send(Buffer.from(pdf));
      },
    );
  };
}
