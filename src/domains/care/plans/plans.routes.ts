import {
  approvalView,
  linkInput,
  linkSign,
  linkView,
  planCreate,
  planSend,
  planUpdate,
  planView,
  signatureInput,
} from '@contract/care/plans.schemas.js';
import { uuidParam } from '@contract/list.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../../platform/auth/auth.hook.js';
import { uploadFileName } from '../../../platform/files/file-store.js';
import { AppError } from '../../../platform/http/errors.js';
import { attachment } from '../../../platform/http/export.js';
import { ifMatchVersion, setVersion } from '../../../platform/http/versioning.js';
import type { CarePlans } from './plans.service.js';

const tags = ['care plans'];
/** A link's token: 43 characters of base64url (32 random bytes). */
const tokenParam = z.object({
  token: z
    .string()
    .length(43, 'Not an approval link')
    .regex(/^[A-Za-z0-9_-]{43}$/, 'Not an approval link'),
});

export function carePlansRoutes(service: CarePlans): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/care/enrollees/:id/plans',
      {
        schema: {
          tags,
          summary:
            'The enrollee’s care plans, latest first, each with its sign-off steps and due dates (audited as PHI)',
          params: uuidParam,
          response: { 200: z.object({ items: z.array(planView) }) },
        },
      },
      async (request) => ({
        items: await service.list({ actor: actorOf(request), enrolleeId: request.params.id }),
      }),
    );

    app.post(
      '/api/care/enrollees/:id/plans',
      {
        schema: {
          tags,
          summary:
            'Write a care plan (a draft) after an assessment; after a signed plan, a new version or an addendum of it',
          params: uuidParam,
          body: planCreate,
          response: { 201: planView },
        },
      },
      async (request, reply) => {
        const plan = await service.create({
          actor: actorOf(request),
          enrolleeId: request.params.id,
          input: request.body,
        });
        setVersion(reply, plan.version);
        return reply.code(201).send(plan);
      },
    );

    app.get(
      '/api/care/plans/:id',
      {
        schema: {
          tags,
          summary: 'A care plan (audited as PHI)',
          params: uuidParam,
          response: { 200: planView },
        },
      },
      async (request, reply) => {
        const plan = await service.get({ actor: actorOf(request), id: request.params.id });
        setVersion(reply, plan.version);
        return plan;
      },
    );

    app.put(
      '/api/care/plans/:id',
      {
        schema: {
          tags,
          summary:
            'Change a draft care plan (If-Match: its version); a plan out for signatures or signed is refused',
          params: uuidParam,
          body: planUpdate,
          response: { 200: planView },
        },
      },
      async (request, reply) => {
        const plan = await service.update({
          actor: actorOf(request),
          id: request.params.id,
          version: ifMatchVersion(request),
          content: request.body.content,
        });
        setVersion(reply, plan.version);
        return plan;
      },
    );

    app.delete(
      '/api/care/plans/:id',
      { schema: { tags, summary: 'Discard a draft care plan (If-Match: its version)', params: uuidParam } },
      async (request, reply) => {
        await service.discard({
          actor: actorOf(request),
          id: request.params.id,
          version: () => ifMatchVersion(request),
        });
        return reply.code(204).send();
      },
    );

    app.post(
      '/api/care/plans/:id/send',
      {
        schema: {
          tags,
          summary:
            'Send a draft for signatures (If-Match): its content is fixed, and the enrollee’s signature clock starts today',
          params: uuidParam,
          body: planSend,
          response: { 200: planView },
        },
      },
      async (request, reply) => {
        const plan = await service.send({
          actor: actorOf(request),
          id: request.params.id,
          version: ifMatchVersion(request),
          clinicalReview: request.body.clinicalReview,
        });
        setVersion(reply, plan.version);
        return plan;
      },
    );

    app.post(
      '/api/care/plans/:id/withdraw',
      {
        schema: {
          tags,
          summary: 'Take a plan out for signatures back to draft (If-Match), while nobody has signed it',
          params: uuidParam,
          response: { 200: planView },
        },
      },
      async (request, reply) => {
        const plan = await service.withdraw({
          actor: actorOf(request),
          id: request.params.id,
          version: ifMatchVersion(request),
        });
        setVersion(reply, plan.version);
        return plan;
      },
    );

    app.post(
      '/api/care/plans/:id/pages',
      {
        schema: {
          tags,
          summary:
            'Upload a signed page (PDF or image; multipart field "file") for an uploaded or faxed signature to point to',
          params: uuidParam,
          consumes: ['multipart/form-data'],
          response: { 201: z.object({ fileId: z.string(), name: z.string(), size: z.number() }) },
        },
      },
      async (request, reply) => {
        const file = await service.uploadPage({
          actor: actorOf(request),
          id: request.params.id,
          upload: async () => {
            const part = await request.file();
            if (!part) throw new AppError('VALIDATION_FAILED', 'Attach the signed page in the "file" field.');
            return {
              fileName: uploadFileName(part.filename),
              contentType: part.mimetype,
              stream: part.file,
              truncated: () => part.file.truncated,
            };
          },
        });
        return reply.code(201).send(file);
      },
    );

    app.post(
      '/api/care/plans/:id/signatures',
      {
        schema: {
          tags,
          summary:
            'Record a signature (If-Match: the plan’s version): the enrollee’s (on screen or a signed page), the PCP’s approval, or the clinical review; the last one locks the plan and writes its PDF',
          params: uuidParam,
          body: signatureInput,
          response: { 201: planView },
        },
      },
      async (request, reply) => {
        const plan = await service.sign({
          actor: actorOf(request),
          id: request.params.id,
          version: ifMatchVersion(request),
          input: request.body,
        });
        setVersion(reply, plan.version);
        return reply.code(201).send(plan);
      },
    );

    app.post(
      '/api/care/plans/:id/links',
      {
        schema: {
          tags,
          summary:
            'Make a single-use, expiring link for a PCP who is not a Concord user to approve the plan; the address is shown only in this answer',
          params: uuidParam,
          body: linkInput,
          response: { 201: linkView },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await service.createLink({ actor: actorOf(request), id: request.params.id, input: request.body }),
          ),
    );

    app.get(
      '/api/care/plans/:id/links',
      {
        schema: {
          tags,
          summary: 'The approval links made for a plan (without their addresses)',
          params: uuidParam,
          response: { 200: z.object({ items: z.array(linkView) }) },
        },
      },
      async (request) => ({ items: await service.links({ actor: actorOf(request), id: request.params.id }) }),
    );

    app.get(
      '/api/care/plans/:id/signed.pdf',
      {
        schema: {
          tags,
          summary: 'The signed plan’s PDF, exactly as locked (audited as PHI)',
          params: uuidParam,
        },
      },
      async (request, reply) => {
        const { plan, stream } = await service.signedPdf({ actor: actorOf(request), id: request.params.id });
        return reply
          .type('application/pdf')
          .header('content-disposition', attachment(`care-plan-${plan.number}-signed.pdf`))
          .header('x-content-sha256', plan.pdfSha256 ?? '')
          .send(stream);
      },
    );

    app.get(
      '/api/plan-approvals/:token',
      {
        config: { public: true },
        schema: {
          tags,
          summary:
            'What a PCP’s single-use approval link shows: that plan only, while the link is unused and unexpired (public; rate-limited; audited)',
          params: tokenParam,
          response: { 200: approvalView },
        },
      },
      async (request) => service.openLink({ token: request.params.token, ip: request.ip }),
    );

    app.post(
      '/api/plan-approvals/:token',
      {
        config: { public: true },
        schema: {
          tags,
          summary:
            'The PCP approves the plan through the link, which is then spent (public; rate-limited; audited)',
          params: tokenParam,
          body: linkSign,
          response: { 200: z.object({ approved: z.literal(true) }) },
        },
      },
      async (request) =>
        service.approveByLink({
          token: request.params.token,
          ip: request.ip,
          signerName: request.body.signerName,
        }),
    );
  };
}
