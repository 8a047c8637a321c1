import { pageOf, pageSchema, uuidParam } from '@contract/list.js';
import { registrationResult } from '@contract/training/session-results.schemas.js';
import {
  registrationView,
  sessionInput,
  sessionListQuery,
  sessionView,
} from '@contract/training/training.schemas.js';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../../platform/auth/auth.hook.js';
import { AppError } from '../../../platform/http/errors.js';
import { attachment } from '../../../platform/http/export.js';
import type { TrainingService } from '../training.service.js';

const tags = ['training'];
const created = { 201: z.object({ id: z.uuid() }) };

/** Sessions: offering, reading, calendar files and registration. */
export function sessionsRoutes(instance: FastifyInstance, service: TrainingService) {
  const app = instance.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/training/sessions',
    {
      schema: {
        tags,
        summary: 'Sessions open to the active organisation',
        querystring: sessionListQuery,
        response: { 200: pageSchema(sessionView) },
      },
    },
    async (request) => {
      const q = request.query;
      const { items, total } = await service.listSessions({
        actor: actorOf(request),
        query: q,
        page: pageOf(q),
      });
      return { items, total, page: q.page, pageSize: q.pageSize };
    },
  );

  app.post(
    '/api/training/sessions',
    {
      schema: {
        tags,
        summary: 'Offer a topic as a live webinar, a recording or a self-paced module',
        body: sessionInput,
        response: created,
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.createSession({ actor: actorOf(request), input: request.body })),
  );

  app.get(
    '/api/training/sessions/:id',
    {
      schema: {
        tags,
        summary: 'One session, with its counts',
        params: uuidParam,
        response: { 200: sessionView },
      },
    },
    async (request) => service.getSession({ actor: actorOf(request), id: request.params.id }),
  );

  app.get(
    '/api/training/sessions/:id/calendar.ics',
    { schema: { tags, summary: 'The session as a calendar file', params: uuidParam } },
    async (request, reply) => {
      const ics = await service.calendar({ actor: actorOf(request), id: request.params.id });
      if (!ics) throw new AppError('NOT_FOUND', 'This session has no date, so it has no calendar file.');
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', attachment('session.ics'))
        .send(ics);
    },
  );

  app.post(
    '/api/training/sessions/:id/registrations',
    {
      schema: {
        tags,
        summary: 'Register yourself (or join the waitlist when full)',
        params: uuidParam,
        response: { 201: registrationResult },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.register({ actor: actorOf(request), id: request.params.id })),
  );

  app.get(
    '/api/training/sessions/:id/registrations',
    {
      schema: {
        tags,
        summary: 'Who registered (the organisation running the session)',
        params: uuidParam,
        response: { 200: z.array(registrationView) },
      },
    },
    async (request) => service.listRegistrations({ actor: actorOf(request), id: request.params.id }),
  );
}
