import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/auth/auth.hook.js';
import type { Reminders } from './reminders.service.js';

const tags = ['compliance'];

const settingsSchema = z
  .object({
    remindDaysBefore: z.array(z.number().int().min(1).max(365)).max(5),
    remindOnDue: z.boolean(),
    escalateAfterDays: z.number().int().min(0).max(365),
    flagAfterDays: z.number().int().min(0).max(730),
  })
  .refine((s) => s.flagAfterDays >= s.escalateAfterDays, {
    path: ['flagAfterDays'],
    message: 'Flag no sooner than the escalation',
  });

const runResult = z.object({
  today: z.string(),
  dryRun: z.boolean(),
  byStage: z.record(z.string(), z.number()),
  messages: z.number(),
  queued: z.number(),
  alreadySent: z.number(),
  preview: z.array(z.object({ to: z.string(), subject: z.string(), body: z.string() })),
});

export function remindersRoutes(reminders: Reminders): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/compliance/settings',
      {
        schema: {
          tags,
          summary: 'The active organisation’s reminder, escalation and flag settings',
          response: { 200: settingsSchema },
        },
      },
      async (request) => reminders.settings(actorOf(request)),
    );

    app.put(
      '/api/compliance/settings',
      {
        schema: { tags, summary: 'Change the reminder, escalation and flag settings', body: settingsSchema },
      },
      async (request, reply) => {
        await reminders.saveSettings(actorOf(request), request.body);
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
      async (request) => reminders.runNow(actorOf(request), request.body.dryRun),
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
        reply
          .code(201)
          .send(
            await reminders.remindOne(actorOf(request), request.body.personId, request.body.requirementId),
          ),
    );
  };
}
