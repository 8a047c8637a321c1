import { exportFormat, pageOf, pageSchema, queryFlag, uuidParam } from '@contract/list.js';
import { participationQuery, participationView } from '@contract/training/participation.schemas.js';
import { curriculumView } from '@contract/training/program-years.schemas.js';
import {
  attendanceSummary,
  attestationView,
  attestInput,
  frameworkView,
  matchCandidatesView,
  moduleView,
  registrationView,
  sessionInput,
  sessionListQuery,
  sessionView,
  topicInput,
  topicListQuery,
  topicView,
} from '@contract/training/training.schemas.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/auth/auth.hook.js';
import { uploadFileName } from '../../platform/files/file-store.js';
import { AppError } from '../../platform/http/errors.js';
import { attachment, sendExport } from '../../platform/http/export.js';
import { jobView, jobViewOf } from '../../platform/jobs/jobs.routes.js';
import { completionsRoutes } from './completions.routes.js';
import { participationRoutes } from './participation.routes.js';
import { sessionChangesRoutes } from './session-changes.routes.js';
import type { TrainingService } from './training.service.js';

const tags = ['training'];
const created = { 201: z.object({ id: z.uuid() }) };
const tokenParam = z.object({ token: z.string().min(16).max(64) });

export function trainingRoutes(service: TrainingService): FastifyPluginAsyncZod {
  return async (app) => {
    participationRoutes(app, service);
    completionsRoutes(app, service);
    sessionChangesRoutes(app, service);

    app.get(
      '/api/training/topics',
      {
        schema: {
          tags,
          summary: 'Topics open to the active organisation',
          querystring: topicListQuery,
          response: { 200: pageSchema(topicView) },
        },
      },
      async (request) => {
        const q = request.query;
        const { items, total } = await service.listTopics(actorOf(request), q, pageOf(q));
        return { items, total, page: q.page, pageSize: q.pageSize };
      },
    );

    app.post(
      '/api/training/topics',
      {
        schema: {
          tags,
          summary: 'Add a topic to your organisation’s catalog',
          body: topicInput,
          response: created,
        },
      },
      async (request, reply) =>
        reply.code(201).send(await service.createTopic(actorOf(request), request.body)),
    );

    app.get(
      '/api/training/modules',
      { schema: { tags, summary: 'Modules and their curricula', response: { 200: z.array(moduleView) } } },
      async (request) => (await service.listModules(actorOf(request))) as z.infer<typeof moduleView>[],
    );

    app.get(
      '/api/training/curricula',
      {
        schema: {
          tags,
          summary: 'Curricula open to you, each with its modules in order',
          response: { 200: z.array(curriculumView) },
        },
      },
      async (request) => service.listCurricula(actorOf(request)),
    );

    app.get(
      '/api/training/frameworks',
      { schema: { tags, summary: 'Competency frameworks', response: { 200: z.array(frameworkView) } } },
      async (request) => (await service.listFrameworks(actorOf(request))) as z.infer<typeof frameworkView>[],
    );

    app.get(
      '/api/training/participation',
      {
        schema: {
          tags,
          summary: 'People who registered, attended and completed, per topic, per module and in all',
          querystring: participationQuery,
          response: { 200: participationView },
        },
      },
      async (request) => service.participation(actorOf(request), request.query),
    );

    app.get(
      '/api/training/participation/export',
      {
        schema: {
          tags,
          summary: 'Export the participation counts as XLSX or CSV',
          querystring: participationQuery.and(exportFormat),
        },
      },
      async (request, reply) => {
        const q = request.query;
        const counts = await service.participation(actorOf(request), q);
        type Line = {
          level: string;
          curriculum: string | null;
          title: string;
          sessions: number | null;
        } & (typeof counts)['people'];
        const lines: Line[] = [
          ...counts.topics.map((t) => ({ level: 'Topic', curriculum: null, ...t })),
          ...counts.modules.map((m) => ({ level: 'Module', sessions: null, ...m })),
          {
            level: 'All topics (distinct people)',
            curriculum: null,
            title: '',
            sessions: null,
            ...counts.people,
          },
        ];
        return sendExport(
          reply,
          q.format,
          'training-participation',
          [
            { header: 'Level', value: (l) => l.level, width: 26 },
            { header: 'Curriculum', value: (l) => l.curriculum, width: 30 },
            { header: 'Title', value: (l) => l.title, width: 40 },
            { header: 'Sessions', value: (l) => l.sessions },
            { header: 'Registered', value: (l) => l.registered },
            { header: 'Attended', value: (l) => l.attended },
            { header: 'Completed', value: (l) => l.completed },
          ],
          (async function* () {
            yield* lines;
          })(),
        );
      },
    );

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
        const { items, total } = await service.listSessions(actorOf(request), q, pageOf(q));
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
        reply.code(201).send(await service.createSession(actorOf(request), request.body)),
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
      async (request) => service.getSession(actorOf(request), request.params.id),
    );

    app.get(
      '/api/training/sessions/:id/calendar.ics',
      { schema: { tags, summary: 'The session as a calendar file', params: uuidParam } },
      async (request, reply) => {
        const ics = await service.calendar(actorOf(request), request.params.id);
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
          response: { 201: z.object({ status: z.enum(['registered', 'waitlisted']) }) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await service.register(actorOf(request), request.params.id)),
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
      async (request) =>
        (await service.listRegistrations(actorOf(request), request.params.id)) as z.infer<
          typeof registrationView
        >[],
    );

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
        const job = await service.importAttendance(
          actorOf(request),
          request.params.id,
          upload,
          2,
          request.query.confirm,
        );
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
      async (request) =>
        (await service.listAttendance(actorOf(request), request.params.id)) as z.infer<
          typeof attendanceSummary
        >,
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
      async (request) => service.matchCandidates(actorOf(request), request.params.id, request.query.q),
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
        await service.matchAttendance(
          actorOf(request),
          request.params.id,
          request.params.rowId,
          request.body.personId,
        );
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
      async (request) => service.attestation(actorOf(request), request.params.token),
    );

    app.post(
      '/api/training/attest/:token',
      {
        schema: {
          tags,
          summary: 'Attest that you completed the session',
          params: tokenParam,
          body: attestInput,
          response: {
            201: z.object({
              status: z.enum(['accepted', 'held']),
              reason: z.string(),
              completionId: z.uuid().nullable(),
            }),
          },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await service.attest(actorOf(request), request.params.token)),
    );
  };
}
