import { uuidParam } from '@contract/list.js';
import { sessionCancelled, sessionChanged } from '@contract/training/session-results.schemas.js';
import { attestationReopen, sessionCancel, sessionChanges } from '@contract/training/training.schemas.js';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../../platform/auth/auth.hook.js';
import { ifMatchVersion, setVersion } from '../../../platform/http/versioning.js';
import type { TrainingService } from '../training.service.js';

const tags = ['training'];

/** The organisation running a session changes it, cancels it, and sets when its attestation link closes. */
export function sessionChangesRoutes(app: FastifyInstance, service: TrainingService) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.put(
    '/api/training/sessions/:id',
    {
      schema: {
        tags,
        summary:
          'Change a session (send its version in If-Match); registrants and those waiting are e-mailed the changed event',
        params: uuidParam,
        body: sessionChanges,
        response: { 200: sessionChanged },
      },
    },
    async (request, reply) => {
      const result = await service.updateSession({
        actor: actorOf(request),
        id: request.params.id,
        version: ifMatchVersion(request),
        input: request.body,
      });
      setVersion(reply, result.version);
      return result;
    },
  );

  r.post(
    '/api/training/sessions/:id/cancel',
    {
      schema: {
        tags,
        summary:
          'Cancel a session (send its version in If-Match); registrants and those waiting are e-mailed the cancellation',
        params: uuidParam,
        body: sessionCancel,
        response: { 200: sessionCancelled },
      },
    },
    async (request, reply) => {
      const result = await service.cancelSession({
        actor: actorOf(request),
        id: request.params.id,
        version: ifMatchVersion(request),
        reason: request.body.reason,
      });
      setVersion(reply, result.version);
      return result;
    },
  );

  r.put(
    '/api/training/sessions/:id/attestation-closes',
    {
      schema: {
        tags,
        summary:
          'Set when the attestation link closes; a later time reopens a closed link (If-Match: version)',
        params: uuidParam,
        body: attestationReopen,
        response: { 200: z.object({ version: z.number() }) },
      },
    },
    async (request, reply) => {
      const result = await service.setAttestationCloses({
        actor: actorOf(request),
        id: request.params.id,
        version: ifMatchVersion(request),
        closesAt: request.body.closesAt,
      });
      setVersion(reply, result.version);
      return result;
    },
  );
}
