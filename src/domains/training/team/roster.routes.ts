import { uuidParam } from '@contract/list.js';
import {
  registrantMessage,
  registrantMessageSent,
  registrantMessagesView,
} from '@contract/training/team/roster.schemas.js';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../../platform/auth/auth.hook.js';
import { attachment } from '../../../platform/http/export.js';
import type { TrainingTeam } from './team.service.js';

const tags = ['training'];

/** A live session's sign-in sheet and e-mails to its registrants (the organisation running it). */
export function rosterRoutes(app: FastifyInstance, team: TrainingTeam) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/training/sessions/:id/sign-in-sheet.pdf',
    {
      schema: {
        tags,
        summary:
          'The printable sign-in sheet (PDF): title, date, speaker, a row per registered person with a signature line',
        params: uuidParam,
      },
    },
    async (request, reply) => {
      const { pdf } = await team.signInSheet({ actor: actorOf(request), id: request.params.id });
      return reply
        .type('application/pdf')
        .header('content-disposition', attachment('sign-in-sheet.pdf'))
        .send(Buffer.from(pdf));
    },
  );

  r.get(
    '/api/training/sessions/:id/messages',
    {
      schema: {
        tags,
        summary: 'E-mails sent to the session’s registrants, and how many more may be sent now',
        params: uuidParam,
        response: { 200: registrantMessagesView },
      },
    },
    async (request) => team.registrantMessages({ actor: actorOf(request), id: request.params.id }),
  );

  r.post(
    '/api/training/sessions/:id/messages',
    {
      schema: {
        tags,
        summary:
          'E-mail the session’s registered people (and its waitlist, if asked) through the outbox; at most 5 in 24 hours',
        params: uuidParam,
        body: registrantMessage,
        response: { 201: registrantMessageSent },
      },
    },
    async (request, reply) =>
      reply.code(201).send(
        await team.messageRegistrants({
          actor: actorOf(request),
          id: request.params.id,
          input: request.body,
        }),
      ),
  );
}
