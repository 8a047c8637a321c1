import { uuidParam } from '@contract/list.js';
import {
  attemptInput,
  attemptResult,
  noBody,
  selfPacedView,
  viewingHeartbeat,
  viewingStarted,
} from '@contract/training/modules.schemas.js';
import {
  attestationsDecided,
  cancelledRegistration,
  heldForReview,
} from '@contract/training/session-results.schemas.js';
import {
  attestationDecision,
  attestationDecisions,
  attestationReviewView,
} from '@contract/training/training.schemas.js';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../../platform/auth/auth.hook.js';
import type { TrainingService } from '../training.service.js';

const tags = ['training'];

/** Cancelling, watching a recording, a self-paced module and its knowledge check, reviewing attestations. */
export function participationRoutes(app: FastifyInstance, service: TrainingService) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.delete(
    '/api/training/sessions/:id/registrations',
    {
      schema: {
        tags,
        summary: 'Cancel your registration (the first on the waitlist takes the seat)',
        params: uuidParam,
        response: { 200: cancelledRegistration },
      },
    },
    async (request) => service.cancelRegistration({ actor: actorOf(request), id: request.params.id }),
  );

  r.post(
    '/api/training/sessions/:id/viewings',
    {
      schema: {
        tags,
        summary:
          'Start watching a recording: the server clocks the viewing; send its heartbeats while it plays (no body)',
        params: uuidParam,
        body: noBody,
        response: { 201: viewingStarted },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.startViewing({ actor: actorOf(request), id: request.params.id })),
  );

  r.post(
    '/api/training/sessions/:id/viewings/:viewingId/heartbeats',
    {
      schema: {
        tags,
        summary:
          'A heartbeat of your viewing, every heartbeatSeconds while the recording plays and the page is visible (no body)',
        params: z.object({ id: z.uuid(), viewingId: z.uuid() }),
        body: noBody,
        response: { 200: viewingHeartbeat },
      },
    },
    async (request) =>
      service.heartbeat({
        actor: actorOf(request),
        id: request.params.id,
        viewingId: request.params.viewingId,
      }),
  );

  r.get(
    '/api/training/sessions/:id/module',
    {
      schema: {
        tags,
        summary: 'A self-paced module: its pages, its knowledge check, your progress',
        params: uuidParam,
        response: { 200: selfPacedView },
      },
    },
    async (request) => service.selfPaced({ actor: actorOf(request), id: request.params.id }),
  );

  r.put(
    '/api/training/sessions/:id/module/pages/:page',
    {
      schema: {
        tags,
        summary: 'Mark a page of a self-paced module as viewed',
        params: z.object({ id: z.uuid(), page: z.coerce.number().int().min(0).max(99) }),
        response: { 200: selfPacedView },
      },
    },
    async (request) =>
      service.viewPage({ actor: actorOf(request), id: request.params.id, page: request.params.page }),
  );

  r.post(
    '/api/training/sessions/:id/module/attempts',
    {
      schema: {
        tags,
        summary: 'Submit an attempt at the knowledge check (answers by option index, in question order)',
        params: uuidParam,
        body: attemptInput,
        response: { 201: attemptResult },
      },
    },
    async (request, reply) =>
      reply.code(201).send(
        await service.attempt({
          actor: actorOf(request),
          id: request.params.id,
          answers: request.body.answers,
        }),
      ),
  );

  r.post(
    '/api/training/sessions/:id/module/completion',
    {
      schema: {
        tags,
        summary:
          'Mark a module without a knowledge check as complete, once every page is viewed (no body; a module with a check completes when it is passed)',
        params: uuidParam,
        response: { 201: selfPacedView },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.markComplete({ actor: actorOf(request), id: request.params.id })),
  );

  r.get(
    '/api/training/attestations/held',
    {
      schema: {
        tags,
        summary: 'Sessions the active organisation runs with attestations held for review, and how many',
        response: { 200: z.array(heldForReview) },
      },
    },
    async (request) => service.heldForReview({ actor: actorOf(request) }),
  );

  r.get(
    '/api/training/sessions/:id/attestations',
    {
      schema: {
        tags,
        summary: 'Attestations for a session, held ones first (the organisation running it)',
        params: uuidParam,
        response: { 200: z.array(attestationReviewView) },
      },
    },
    async (request) => service.listAttestations({ actor: actorOf(request), id: request.params.id }),
  );

  r.post(
    '/api/training/sessions/:id/attestations/:attestationId/decision',
    {
      schema: {
        tags,
        summary: 'Accept (the topic is completed) or reject a held attestation, with a reason',
        params: z.object({ id: z.uuid(), attestationId: z.uuid() }),
        body: attestationDecision,
        response: {
          200: z.object({ status: z.enum(['accepted', 'rejected']), completionId: z.uuid().nullable() }),
        },
      },
    },
    async (request) =>
      service.decideAttestation({
        actor: actorOf(request),
        id: request.params.id,
        attestationId: request.params.attestationId,
        decision: request.body.decision,
        reason: request.body.reason,
      }),
  );

  r.post(
    '/api/training/sessions/:id/attestations/decisions',
    {
      schema: {
        tags,
        summary:
          'Accept or reject several held attestations at once, with one reason; those no longer held are left as they are and listed',
        params: uuidParam,
        body: attestationDecisions,
        response: { 200: attestationsDecided },
      },
    },
    async (request) =>
      service.decideAttestations({
        actor: actorOf(request),
        id: request.params.id,
        attestationIds: request.body.attestationIds,
        decision: request.body.decision,
        reason: request.body.reason,
      }),
  );
}
