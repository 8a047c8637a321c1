import { z } from 'zod';

/** An API client as its organisation's administrators see it (decision 065); the secret is never shown again. */
export const apiClientView = z.object({
  id: z.string(),
  clientId: z.string(),
  name: z.string(),
  personId: z.string(),
  personName: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});

export const apiClientInput = z.object({
  name: z.string().trim().min(1).max(120),
  personId: z.uuid().describe('The service identity whose roles here the client acts with'),
  scopes: z.array(z.string().trim().max(100)).min(1).max(40),
});

export type ApiClientView = z.infer<typeof apiClientView>;
export type ApiClientInput = z.infer<typeof apiClientInput>;
