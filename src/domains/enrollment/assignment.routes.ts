import { PassThrough } from 'node:stream';
import {
  assignmentDetail,
  assignmentListQuery,
  assignmentPage,
  confirmInput,
  confirmResult,
  monthQuery,
  outreachInput,
  proposeInput,
  proposeResult,
  withdrawInput,
} from '@contract/enrollment/assignment.schemas.js';
import { pageOf, uuidParam } from '@contract/list.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/auth/auth.hook.js';
import { attachment } from '../../platform/http/export.js';
import type { AssignmentService } from './assignment.service.js';
import type { AssignmentLetters } from './assignment-letters.js';

const tags = ['enrollment'];

const PDF = 'application/pdf';

export function assignmentRoutes(
  service: AssignmentService,
  letters: AssignmentLetters,
): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/enrollment/assignments/proposals',
      {
        schema: {
          tags,
          summary:
            'Propose a Community Partner for every identified member waiting, for a month: one you have a partnership with, serving the member’s county, of the type they need, with a free place. Nothing holds a place until confirmed',
          body: proposeInput,
          response: { 200: proposeResult },
        },
      },
      async (request) => service.propose(actorOf(request), request.body.month),
    );

    app.post(
      '/api/enrollment/assignments/confirmations',
      {
        schema: {
          tags,
          summary:
            'Confirm proposed assignments, all or none: refused (409, naming the CP) when a Community Partner has too few free places',
          body: confirmInput,
          response: { 200: confirmResult },
        },
      },
      async (request) => service.confirm(actorOf(request), request.body.ids),
    );

    app.get(
      '/api/enrollment/assignments',
      {
        schema: {
          tags,
          summary:
            'Assignments: an ACO’s or MCO’s own; a Community Partner’s, those confirmed to it; a state agency’s, all. Audited as a read of each member',
          querystring: assignmentListQuery,
          response: { 200: assignmentPage },
        },
      },
      async (request) => {
        const { month, status, q } = request.query;
        const { items, total } = await service.list(
          actorOf(request),
          { month, status, q },
          pageOf(request.query),
        );
        return { items, total, page: request.query.page, pageSize: request.query.pageSize };
      },
    );

    app.get(
      '/api/enrollment/assignments/:id',
      {
        schema: {
          tags,
          summary: 'One assignment with the Community Partner’s outreach attempts; audited',
          params: uuidParam,
          response: { 200: assignmentDetail },
        },
      },
      async (request) => service.get(actorOf(request), request.params.id),
    );

    app.post(
      '/api/enrollment/assignments/:id/withdrawal',
      {
        schema: {
          tags,
          summary: 'Withdraw a proposed or confirmed assignment, with why; the member waits for a CP again',
          params: uuidParam,
          body: withdrawInput,
        },
      },
      async (request, reply) => {
        await service.withdraw(actorOf(request), request.params.id, request.body.reason);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/enrollment/assignments/:id/outreach',
      {
        schema: {
          tags,
          summary: 'The Community Partner records an attempt to reach a member confirmed to it; audited',
          params: uuidParam,
          body: outreachInput,
          response: { 201: z.object({ id: z.uuid() }) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await service.recordOutreach(actorOf(request), request.params.id, request.body)),
    );

    app.get(
      '/api/enrollment/assignments/letters',
      {
        schema: {
          tags,
          summary:
            'The month’s assignment letters as one PDF for the print vendor, a letter from each new page, each in the member’s language where a template exists and in large print where their record asks; audited',
          querystring: monthQuery,
        },
      },
      async (request, reply) => {
        const out = new PassThrough();
        await letters.printRun(actorOf(request), request.query.month, out);
        reply.header('content-disposition', attachment(`assignment-letters-${request.query.month}.pdf`));
        return reply.type(PDF).send(out);
      },
    );

    app.get(
      '/api/enrollment/assignments/:id/letter',
      {
        schema: {
          tags,
          summary: 'One confirmed assignment’s letter to the member (PDF); audited',
          params: uuidParam,
        },
      },
      async (request, reply) => {
        const { letter, fileName } = await letters.letter(actorOf(request), request.params.id);
        reply.header('content-disposition', attachment(fileName));
        return reply.type(PDF).send(Buffer.from(letter.pdf));
      },
    );
  };
}
