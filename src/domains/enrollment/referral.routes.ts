import {
  referralDeclineInput,
  referralInput,
  referralListQuery,
  referralPage,
  referralPlansView,
} from '@contract/enrollment/identification.schemas.js';
import { uuidParam } from '@contract/list.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/auth/auth.hook.js';
import { ifMatchVersion } from '../../platform/http/versioning.js';
import type { ReferralService } from './referral.service.js';

const tags = ['enrollment'];
const decision = z.object({ id: z.uuid(), status: z.enum(['accepted', 'declined']) });

/** Providers' referrals of members to their ACO/MCO, and the ACO/MCO's decision on each. */
export function referralRoutes(service: ReferralService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/enrollment/referral-plans',
      {
        schema: {
          tags,
          summary:
            'The ACOs, MCOs and plans your provider organisation may refer members to: a network contract in force',
          response: { 200: referralPlansView },
        },
      },
      async (request) => ({ items: await service.plans(actorOf(request)) }),
    );

    app.post(
      '/api/enrollment/referrals',
      {
        schema: {
          tags,
          summary:
            'Refer a member, on the member’s behalf, to their ACO, MCO or plan for Community Partner supports (a provider); audited',
          body: referralInput,
          response: { 201: z.object({ id: z.uuid() }) },
        },
      },
      async (request, reply) => reply.code(201).send(await service.send(actorOf(request), request.body)),
    );

    app.get(
      '/api/enrollment/referrals',
      {
        schema: {
          tags,
          summary:
            'Referrals: a provider’s sent (their status and a decline’s reason only); an ACO’s/MCO’s received, pending first; audited as PHI',
          querystring: referralListQuery,
          response: { 200: referralPage },
        },
      },
      async (request) => service.list(actorOf(request), request.query),
    );

    app.post(
      '/api/enrollment/referrals/:id/accept',
      {
        schema: {
          tags,
          summary:
            'Accept a referral (If-Match: version): the member with its MassHealth ID and date of birth is identified; once',
          params: uuidParam,
          response: { 200: decision.extend({ identificationId: z.uuid() }) },
        },
      },
      async (request) => service.accept(actorOf(request), request.params.id, ifMatchVersion(request)),
    );

    app.post(
      '/api/enrollment/referrals/:id/decline',
      {
        schema: {
          tags,
          summary: 'Decline a referral with a reason from the list and a note (If-Match: version); once',
          params: uuidParam,
          body: referralDeclineInput,
          response: { 200: decision.extend({ reason: z.string() }) },
        },
      },
      async (request) =>
        service.decline(actorOf(request), request.params.id, ifMatchVersion(request), request.body),
    );

    app.post(
      '/api/enrollment/referrals/:id/withdrawal',
      {
        schema: {
          tags,
          summary: 'Withdraw a referral your organisation sent, while it waits for a decision',
          params: uuidParam,
          response: { 200: z.object({ id: z.uuid(), status: z.literal('withdrawn') }) },
        },
      },
      async (request) => service.withdraw(actorOf(request), request.params.id),
    );
  };
}
