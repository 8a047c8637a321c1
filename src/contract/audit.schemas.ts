import { z } from 'zod';

// One entry of the audit trail as the API lists it: who read or changed what, when and from where.

export const auditEntryView = z.object({
  seq: z.number(),
  at: z.string(),
  actorName: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  details: z.unknown(),
});
export type AuditEntryView = z.infer<typeof auditEntryView>;
