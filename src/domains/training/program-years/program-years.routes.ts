import { exportFormat, pageOf, pageSchema, uuidParam } from '@contract/list.js';
import {
  announcementView,
  announceResult,
  programYearInput,
  programYearListQuery,
  programYearSummary,
  programYearView,
  publicEvent,
  publicEventsQuery,
  recordingInput,
} from '@contract/training/program-years.schemas.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../../platform/auth/auth.hook.js';
import { allPages, sendExport } from '../../../platform/http/export.js';
import { ifMatchVersion } from '../../../platform/http/versioning.js';
import type { ProgramYearsService } from './program-years.service.js';

const tags = ['training'];

export function programYearsRoutes(service: ProgramYearsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/training/program-years',
      {
        schema: {
          tags,
          summary: 'Your organisation’s program years, newest first',
          querystring: programYearListQuery,
          response: { 200: pageSchema(programYearSummary) },
        },
      },
      async (request) => {
        const q = request.query;
        const { items, total } = await service.list({ actor: actorOf(request), query: q, page: pageOf(q) });
        return {
          items,
          total,
          page: q.page,
          pageSize: q.pageSize,
        };
      },
    );

    app.get(
      '/api/training/program-years/export',
      {
        schema: {
          tags,
          summary: 'Export the program years as XLSX or CSV',
          querystring: programYearListQuery.extend(exportFormat.shape),
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const q = request.query;
        const list = await allPages(
          async (offset, limit) => (await service.list({ actor, query: q, page: { offset, limit } })).items,
        );
        return sendExport(
          reply,
          q.format,
          'program-years',
          [
            { header: 'Title', value: (y) => y.title, width: 30 },
            { header: 'Starts', value: (y) => y.startsOn, width: 12 },
            { header: 'Ends', value: (y) => y.endsOn, width: 12 },
            { header: 'Events', value: (y) => y.events },
            { header: 'Announced', value: (y) => y.announced },
          ],
          list,
        );
      },
    );

    app.post(
      '/api/training/program-years',
      {
        schema: {
          tags,
          summary: 'Plan a program year: assessment, focus, topics, curriculum, core skills, mailbox list',
          body: programYearInput,
          response: { 201: z.object({ id: z.uuid() }) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await service.create({ actor: actorOf(request), input: request.body })),
    );

    app.get(
      '/api/training/program-years/:id',
      {
        schema: {
          tags,
          summary: 'A program year’s plan with its events, dates and speakers',
          params: uuidParam,
          response: { 200: programYearView },
        },
      },
      async (request) => service.get({ actor: actorOf(request), id: request.params.id }),
    );

    app.put(
      '/api/training/program-years/:id',
      {
        schema: {
          tags,
          summary: 'Replace a program year’s plan (If-Match: version)',
          params: uuidParam,
          body: programYearInput,
        },
      },
      async (request, reply) => {
        await service.update({
          actor: actorOf(request),
          id: request.params.id,
          version: ifMatchVersion(request),
          input: request.body,
        });
        return reply.code(204).send();
      },
    );

    app.get(
      '/api/training/sessions/:id/announcement',
      {
        schema: {
          tags,
          summary: 'A live event’s announcement text, for the newsletter',
          params: uuidParam,
          response: { 200: announcementView },
        },
      },
      async (request) => service.announcement({ actor: actorOf(request), id: request.params.id }),
    );

    app.post(
      '/api/training/sessions/:id/announce',
      {
        schema: {
          tags,
          summary: 'Post a live event to the public events page and e-mail its program year’s mailbox list',
          params: uuidParam,
          response: { 200: announceResult },
        },
      },
      async (request) => service.announce({ actor: actorOf(request), id: request.params.id }),
    );

    app.post(
      '/api/training/sessions/:id/recording',
      {
        schema: {
          tags,
          summary: 'Publish a live event’s recording to the catalog as a recorded webinar',
          params: uuidParam,
          body: recordingInput,
          response: { 201: z.object({ id: z.uuid() }) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(
          await service.publishRecording({
            actor: actorOf(request),
            id: request.params.id,
            input: request.body,
          }),
        ),
    );

    app.get(
      '/api/events',
      {
        config: { public: true },
        schema: {
          tags,
          summary: 'Upcoming announced live events (public; no sign-in)',
          querystring: publicEventsQuery,
          response: { 200: z.object({ items: z.array(publicEvent) }) },
        },
      },
      async (request) => ({ items: await service.publicEvents({ orgCode: request.query.org }) }),
    );
  };
}
