import {
  consentInput,
  consentView,
  counselingNoteInput,
  counselingNoteView,
  part2StatusView,
  revocationInput,
} from '@contract/care/part2.schemas.js';
import { uuidParam } from '@contract/list.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../../platform/auth/auth.hook.js';
import { ifMatchVersion, setVersion } from '../../../platform/http/versioning.js';
import type { CarePart2 } from './part2.service.js';

const tags = ['42 CFR Part 2'];
const consentParams = z.object({ id: z.uuid(), consentId: z.uuid() });

export function carePart2Routes(service: CarePart2): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/care/enrollees/:id/part2',
      {
        schema: {
          tags,
          summary:
            'Whether some of the enrollee’s records are hidden from your organisation under 42 CFR Part 2 (never which, or how many)',
          params: uuidParam,
          response: { 200: part2StatusView },
        },
      },
      (request) => service.status({ actor: actorOf(request), enrolleeId: request.params.id }),
    );

    app.get(
      '/api/care/enrollees/:id/part2-consents',
      {
        schema: {
          tags,
          summary:
            'The enrollee’s consents under 42 CFR Part 2 that your organisation gave effect to or is named in (audited as PHI)',
          params: uuidParam,
          response: { 200: z.object({ items: z.array(consentView) }) },
        },
      },
      async (request) => ({
        items: await service.listConsents({ actor: actorOf(request), enrolleeId: request.params.id }),
      }),
    );

    app.post(
      '/api/care/enrollees/:id/part2-consents',
      {
        schema: {
          tags,
          summary:
            'Record the enrollee’s written consent to your organisation (the Part 2 program) disclosing their SUD records to the organisations named',
          params: uuidParam,
          body: consentInput,
          response: { 201: consentView },
        },
      },
      async (request, reply) => {
        const consent = await service.recordConsent({
          actor: actorOf(request),
          enrolleeId: request.params.id,
          input: request.body,
        });
        setVersion(reply, consent.version);
        return reply.code(201).send(consent);
      },
    );

    app.post(
      '/api/care/enrollees/:id/part2-consents/:consentId/revoke',
      {
        schema: {
          tags,
          summary:
            'Record the enrollee’s written revocation of a consent (If-Match): from this moment it covers nothing',
          params: consentParams,
          body: revocationInput,
          response: { 200: consentView },
        },
      },
      async (request, reply) => {
        const consent = await service.revokeConsent({
          actor: actorOf(request),
          enrolleeId: request.params.id,
          id: request.params.consentId,
          version: () => ifMatchVersion(request),
          input: request.body,
        });
        setVersion(reply, consent.version);
        return consent;
      },
    );

    app.get(
      '/api/care/enrollees/:id/counseling-notes',
      {
        schema: {
          tags,
          summary:
            'SUD counseling notes, kept apart from the record: your program’s, and those a counseling-notes consent covers (audited as PHI)',
          params: uuidParam,
          response: { 200: z.object({ items: z.array(counselingNoteView) }) },
        },
      },
      async (request) => ({
        items: await service.listNotes({ actor: actorOf(request), enrolleeId: request.params.id }),
      }),
    );

    app.post(
      '/api/care/enrollees/:id/counseling-notes',
      {
        schema: {
          tags,
          summary: 'Write a SUD counseling note at your program (never changed afterwards)',
          params: uuidParam,
          body: counselingNoteInput,
          response: { 201: counselingNoteView },
        },
      },
      async (request, reply) =>
        reply.code(201).send(
          await service.writeNote({
            actor: actorOf(request),
            enrolleeId: request.params.id,
            body: request.body.body,
          }),
        ),
    );
  };
}
