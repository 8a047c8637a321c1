import { pageOf, pageSchema, uuidParam } from '@contract/list.js';
import {
  certificateCheck,
  completionInput,
  completionListQuery,
  completionView,
  correctionInput,
  evidenceFileView,
  revokeInput,
} from '@contract/training/training.schemas.js';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../../platform/auth/auth.hook.js';
import { uploadFileName } from '../../../platform/files/file-store.js';
import { AppError } from '../../../platform/http/errors.js';
import { attachment, sendExport } from '../../../platform/http/export.js';
import { ifMatchVersion } from '../../../platform/http/versioning.js';
import { renderTranscript, TRANSCRIPT_COLUMNS } from '../certificates/transcript.js';
import type { TrainingService } from '../training.service.js';

const tags = ['training'];
const created = { 201: z.object({ id: z.uuid() }) };

/** A person's completions: recorded, corrected, revoked, evidenced, certified, and checked in public. */
export function completionsRoutes(app: FastifyInstance, service: TrainingService) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/training/completions',
    {
      schema: {
        tags,
        summary: 'A person’s completions, recorded anywhere (yours by default)',
        querystring: completionListQuery,
        response: { 200: pageSchema(completionView) },
      },
    },
    async (request) => {
      const q = request.query;
      const { items, total } = await service.listCompletions({
        actor: actorOf(request),
        personId: q.personId,
        query: q,
        page: pageOf(q),
      });
      return { items, total, page: q.page, pageSize: q.pageSize };
    },
  );

  r.get(
    '/api/training/transcript',
    {
      schema: {
        tags,
        summary:
          'A person’s training transcript, yours by default: every completion, its hours and certificate',
        querystring: z.object({
          personId: z.uuid().optional(),
          format: z.enum(['pdf', 'xlsx', 'csv']).default('pdf'),
        }),
      },
    },
    async (request, reply) => {
      const { personId, format } = request.query;
      const { personName, lines } = await service.transcript({ actor: actorOf(request), personId });
      const baseName = `transcript-${personName.replace(/[^\p{L}\p{N}]+/gu, '-').toLowerCase()}`;
      if (format !== 'pdf')
        return sendExport(
          reply,
          format,
          baseName,
          TRANSCRIPT_COLUMNS,
          (async function* () {
            yield* lines;
          })(),
        );
      const pdf = await renderTranscript({ personName, madeAt: new Date(), lines });
      return reply
        .type('application/pdf')
        .header('content-disposition', attachment(`${baseName}.pdf`))
        .send(Buffer.from(pdf));
    },
  );

  r.post(
    '/api/training/completions',
    {
      schema: {
        tags,
        summary: 'Record a completion earned elsewhere, with its evidence',
        body: completionInput,
        response: created,
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.recordCompletion({ actor: actorOf(request), input: request.body })),
  );

  r.post(
    '/api/training/completions/:id/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke a completion with a reason (If-Match: version)',
        params: uuidParam,
        body: revokeInput,
      },
    },
    async (request, reply) => {
      await service.revokeCompletion({
        actor: actorOf(request),
        id: request.params.id,
        version: ifMatchVersion(request),
        reason: request.body.reason,
      });
      return reply.code(204).send();
    },
  );

  r.get(
    '/api/training/completions/:id/certificate.pdf',
    { schema: { tags, summary: 'The certificate of completion (PDF)', params: uuidParam } },
    async (request, reply) => {
      const { completion, pdf } = await service.certificate({
        actor: actorOf(request),
        id: request.params.id,
      });
      return reply
        .type('application/pdf')
        .header('content-disposition', attachment(`certificate-${completion.certificateCode}.pdf`))
        .send(Buffer.from(pdf));
    },
  );

  r.get(
    '/api/certificates/:code',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Check a certificate by its code (public; shows that certificate only; rate-limited)',
        params: z.object({ code: z.string().trim().min(6).max(20) }),
        response: { 200: certificateCheck },
      },
    },
    async (request) => service.verify({ code: request.params.code, ip: request.ip }),
  );

  r.post(
    '/api/training/evidence',
    {
      schema: {
        tags,
        summary: 'Upload a file of evidence (PDF, image, document; multipart field "file") for a completion',
        consumes: ['multipart/form-data'],
        response: { 201: evidenceFileView },
      },
    },
    async (request, reply) => {
      const file = await service.uploadEvidence({
        actor: actorOf(request),
        upload: async () => {
          const part = await request.file();
          if (!part) throw new AppError('VALIDATION_FAILED', 'Attach the evidence in the "file" field.');
          return { fileName: uploadFileName(part.filename), contentType: part.mimetype, stream: part.file };
        },
      });
      return reply.code(201).send(file);
    },
  );

  r.get(
    '/api/training/completions/:id/evidence',
    { schema: { tags, summary: 'The evidence file a completion was recorded with', params: uuidParam } },
    async (request, reply) => {
      const { file, stream } = await service.evidence({ actor: actorOf(request), id: request.params.id });
      return reply.type(file.contentType).header('content-disposition', attachment(file.name)).send(stream);
    },
  );

  r.patch(
    '/api/training/completions/:id',
    {
      schema: {
        tags,
        summary: 'Correct a completion’s date, topic or note, with a reason (If-Match: version)',
        params: uuidParam,
        body: correctionInput,
      },
    },
    async (request, reply) => {
      await service.correctCompletion({
        actor: actorOf(request),
        id: request.params.id,
        version: ifMatchVersion(request),
        input: request.body,
      });
      return reply.code(204).send();
    },
  );
}
