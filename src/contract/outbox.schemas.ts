import { z } from 'zod';

// One e-mail in an organisation's outbox, as the API lists it and the web app shows it.

export const outboxMessageView = z.object({
  id: z.uuid(),
  to: z.string(),
  toName: z.string().nullable(),
  personId: z.uuid().nullable(),
  subject: z.string(),
  body: z.string(),
  entityType: z.string(),
  entityId: z.uuid().nullable(),
  status: z.enum(['queued', 'sent', 'failed']),
  attempts: z.number(),
  error: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type OutboxMessageView = z.infer<typeof outboxMessageView>;
