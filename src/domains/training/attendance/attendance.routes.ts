import { queryFlag, uuidParam } from '@contract/list.js';
import { attestResult } from '@contract/training/session-results.schemas.js';
import {
  attendanceSummary,
  attestationView,
  attestInput,
  matchCandidatesView,
} from '@contract/training/training.schemas.js';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../../platform/auth/auth.hook.js';
import { uploadFileName } from '../../../platform/files/file-store.js';
import { AppError } from '../../../platform/http/errors.js';
import { jobView, jobViewOf } from '../../../platform/jobs/jobs.routes.js';
import type { TrainingService } from '../training.service.js';

const tags = ['training'];
const tokenParam = z.object({ token: z.string().min(16).max(64) });

/** A live session’s attendance, matched by hand where needed, and the attestation link. */
export function attendanceRoutes(instance: FastifyInstance, service: TrainingService) {
  const app = instance.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/api/training/sessions/:id/attendance',
    {
      schema: {
        tags,
        summary:
          'Import attendance from the webinar platform’s participant report (CSV, multipart field "file"); returns the import job, whose result file names each problem. A report whose date or title is not the session’s is refused unless confirm=true; a session that has not started yet takes no report',
        consumes: ['multipart/form-data'],
        params: uuidParam,
        querystring: z.object({ confirm: queryFlag() }),
        response: { 202: jobView },
      },
    },
    async (request, reply) => {
      const upload = async () => {
        const part = await request.file();
        if (!part)
          throw new AppError('VALIDATION_FAILED', 'Attach the participant report in the "file" field.');
        return {
          fileName: uploadFileName(part.filename),
          contentType: part.mimetype,
          stream: part.file,
          truncated: () => part.file.truncated,
        };
      };
      const job = await service.importAttendance({
        actor: actorOf(request),
        id: request.params.id,
        upload,
        confirmed: request.query.confirm,
      });
      return reply.code(202).send(jobViewOf(job));
    },
  );

  app.get(
    '/api/training/sessions/:id/attendance',
    {
      schema: {
        tags,
        summary: 'Imported attendance, unmatched rows first',
        params: uuidParam,
        response: { 200: attendanceSummary },
      },
    },
    async (request) => service.listAttendance({ actor: actorOf(request), id: request.params.id }),
  );

  app.get(
    '/api/training/sessions/:id/attendance/candidates',
    {
      schema: {
        tags,
        summary:
          'Whom an attendance row can be matched to by hand: registrants and anyone your organisation can see, searched by name or e-mail',
        params: uuidParam,
        querystring: z.object({ q: z.string().max(200).default('') }),
        response: { 200: matchCandidatesView },
      },
    },
    async (request) =>
      service.matchCandidates({ actor: actorOf(request), id: request.params.id, text: request.query.q }),
  );

  app.put(
    '/api/training/sessions/:id/attendance/:rowId',
    {
      schema: {
        tags,
        summary: 'Match an attendance row to a person by hand (or clear the match)',
        params: z.object({ id: z.uuid(), rowId: z.uuid() }),
        body: z.object({ personId: z.uuid().nullable() }),
      },
    },
    async (request, reply) => {
      await service.matchAttendance({
        actor: actorOf(request),
        id: request.params.id,
        rowId: request.params.rowId,
        personId: request.body.personId,
      });
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/training/attest/:token',
    {
      schema: {
        tags,
        summary: 'The attestation page: statement, your evidence, the rule',
        params: tokenParam,
        response: { 200: attestationView },
      },
    },
    async (request) => service.attestation({ actor: actorOf(request), token: request.params.token }),
  );

  app.post(
    '/api/training/attest/:token',
    {
      schema: {
        tags,
        summary: 'Attest that you completed the session',
        params: tokenParam,
        body: attestInput,
        response: { 201: attestResult },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.attest({ actor: actorOf(request), token: request.params.token })),
  );
}
