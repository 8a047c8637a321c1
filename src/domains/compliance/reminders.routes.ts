import { flagView, reminderSettings } from '@contract/compliance/reminders.schemas.js';
import { listQuery, pageOf, pageSchema } from '@contract/list.js';
import { readable } from '@contract/text/readable.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/auth/auth.hook.js';
import type { Reminders } from './reminders.service.js';

const tags = ['compliance'];

const runResult = z.object({
  today: z.string(),
  dryRun: z.boolean(),
  byStage: z.record(z.string(), z.number()),
  flagsRaised: z.number(),
  digestLines: z.number(),
  messages: z.number(),
  queued: z.number(),
  alreadySent: z.number(),
  preview: z
    .array(z.object({ to: z.string(), subject: z.string(), body: z.string() }))
    .describe('Every message the run sends (a dry run: would send), and nothing else'),
});

const flagQuery = listQuery(['flaggedOn']).extend({
  state: z.enum(['open', 'cleared', 'all']).default('open'),
  requirementId: z.uuid().optional(),
  personId: z.uuid().optional(),
});

export function remindersRoutes(reminders: Reminders): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/compliance/settings',
      {
        schema: {
          tags,
          summary: 'The active organisation’s reminder, escalation and flag settings',
          response: { 200: reminderSettings },
        },
      },
      async (request) => reminders.settings({ actor: actorOf(request) }),
    );

    app.put(
      '/api/compliance/settings',
      {
        schema: {
          tags,
          summary: 'Change the reminder, escalation and flag settings',
          body: reminderSettings,
        },
      },
      async (request, reply) => {
        await reminders.saveSettings({ actor: actorOf(request), input: request.body });
        return reply.code(204).send();
      },
    );

    app.post(
      '/api/compliance/reminders/run',
      {
        schema: {
          tags,
          summary: 'Run today’s reminders now (dryRun: only say what would be sent); nothing is sent twice',
          body: z.object({ dryRun: z.boolean().default(false) }),
          response: { 200: runResult },
        },
      },
      async (request) => reminders.runNow({ actor: actorOf(request), dryRun: request.body.dryRun }),
    );

    app.get(
      '/api/compliance/flags',
      {
        schema: {
          tags,
          summary: 'People flagged under the non-compliance policy: open (the default), cleared or all',
          querystring: flagQuery,
          response: { 200: pageSchema(flagView) },
        },
      },
      async (request) => {
        const q = request.query;
        const found = await reminders.flags({ actor: actorOf(request), query: q, page: pageOf(q) });
        return { ...found, page: q.page, pageSize: q.pageSize };
      },
    );

    app.post(
      '/api/compliance/flags/:id/clear',
      {
        schema: {
          tags,
          summary: 'Clear an open flag, saying why (compliance officers and administrators; audited)',
          params: z.object({ id: z.uuid() }),
          body: z.object({
            reason: z.string().trim().min(1, 'Say why the flag is cleared').max(500).superRefine(readable),
          }),
        },
      },
      async (request, reply) => {
        await reminders.clearFlag({ actor: actorOf(request), id: request.params.id, input: request.body });
        return reply.code(204).send();
      },
    );

    app.post(
      '/api/compliance/reminders',
      {
        schema: {
          tags,
          summary: 'Send one person a reminder about one requirement, now',
          body: z.object({ personId: z.uuid(), requirementId: z.uuid() }),
          response: { 201: z.object({ queued: z.number(), to: z.string() }) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await reminders.remindOne({ actor: actorOf(request), input: request.body })),
    );
  };
}
