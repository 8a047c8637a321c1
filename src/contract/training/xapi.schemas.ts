import { z } from 'zod';

/** An organisation's learning record store as its training administrators see it; the secret is never shown. */
export const lrsSettingsView = z.object({
  configured: z.boolean(),
  endpoint: z.string().nullable(),
  key: z.string().nullable(),
  /** Whether a secret is stored (it is never sent back). */
  hasSecret: z.boolean(),
  enabled: z.boolean(),
  version: z.number().int().nullable(),
  updatedAt: z.string().nullable(),
});

export const lrsSettingsInput = z.object({
  endpoint: z
    .string()
    .trim()
    .min(1)
    .max(500)
    .describe('The LRS xAPI endpoint, e.g. https://lrs.example.org/xapi (without /statements)'),
  key: z.string().trim().min(1).max(200).describe('The LRS key (HTTP Basic user name)'),
  /** Left out to keep the stored secret. */
  secret: z.string().min(1).max(500).optional().describe('The LRS secret; left out to keep the one stored'),
  enabled: z.boolean(),
});

export const lrsTestResult = z.object({
  ok: z.boolean(),
  /** The LRS's HTTP status; null when it could not be reached. */
  status: z.number().int().nullable(),
  message: z.string(),
});

export const XAPI_DELIVERY_STATUSES = ['waiting', 'sent', 'failed'] as const;

export const xapiDeliveryView = z.object({
  id: z.string(),
  completionId: z.string(),
  verb: z.enum(['completed', 'voided']),
  statementId: z.string(),
  status: z.enum(XAPI_DELIVERY_STATUSES),
  attempts: z.number().int(),
  lrsStatus: z.number().int().nullable(),
  error: z.string().nullable(),
  personName: z.string(),
  topicTitle: z.string(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});

export const xapiDeliveryList = z.object({ items: z.array(xapiDeliveryView) });
export const xapiResendResult = z.object({ queued: z.number().int() });

export type LrsSettingsView = z.infer<typeof lrsSettingsView>;
export type LrsSettingsInput = z.infer<typeof lrsSettingsInput>;
export type XapiDeliveryView = z.infer<typeof xapiDeliveryView>;
