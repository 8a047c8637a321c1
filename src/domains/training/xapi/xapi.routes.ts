import {
  lrsSettingsInput,
  lrsSettingsView,
  lrsTestResult,
  XAPI_DELIVERY_STATUSES,
  xapiDeliveryList,
  xapiResendResult,
} from '@contract/training/xapi.schemas.js';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../../platform/auth/auth.hook.js';
import { ifMatchVersion, setVersion } from '../../../platform/http/versioning.js';
import type { TrainingService } from '../training.service.js';

const tags = ['training'];

/** The organisation's learning record store: settings, a test statement, deliveries (decision 069). */
export function xapiRoutes(app: FastifyInstance, service: TrainingService) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/training/lrs',
    {
      schema: {
        tags,
        summary: "The organisation's LRS settings (never the secret)",
        response: { 200: lrsSettingsView },
      },
    },
    async (request, reply) => {
      const result = await service.lrsSettings({ actor: actorOf(request) });
      if (result.version) setVersion(reply, result.version);
      return result;
    },
  );

  r.put(
    '/api/training/lrs',
    {
      schema: {
        tags,
        summary:
          "Set the organisation's LRS (send the version in If-Match when changing); the secret is kept if left out",
        body: lrsSettingsInput,
        response: { 200: lrsSettingsView },
      },
    },
    async (request, reply) => {
      const result = await service.saveLrsSettings({
        actor: actorOf(request),
        input: request.body,
        version: request.headers['if-match'] ? ifMatchVersion(request) : undefined,
      });
      if (result.version) setVersion(reply, result.version);
      return result;
    },
  );

  r.post(
    '/api/training/lrs/test',
    {
      schema: {
        tags,
        summary: 'Send a test statement to the LRS now and report its answer',
        response: { 200: lrsTestResult },
      },
    },
    async (request) => service.testLrs({ actor: actorOf(request) }),
  );

  r.get(
    '/api/training/lrs/deliveries',
    {
      schema: {
        tags,
        summary: 'The most recent statements sent, waiting or failed (with the LRS answer)',
        querystring: z.object({ status: z.enum(XAPI_DELIVERY_STATUSES).optional() }),
        response: { 200: xapiDeliveryList },
      },
    },
    async (request) => service.xapiDeliveries({ actor: actorOf(request), status: request.query.status }),
  );

  r.post(
    '/api/training/lrs/deliveries/resend',
    {
      schema: {
        tags,
        summary: 'Send failed statements again (these, or all)',
        body: z.object({ ids: z.array(z.uuid()).max(1000).optional() }),
        response: { 200: xapiResendResult },
      },
    },
    async (request) => service.resendXapi({ actor: actorOf(request), ids: request.body.ids }),
  );
}
