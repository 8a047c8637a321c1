import { z } from 'zod';
import { ROLE_KINDS } from './roles.js';

// The signed-in session as the API returns it; the web app takes its type from here.
const membership = z.object({
  orgId: z.string(),
  orgName: z.string(),
  orgCode: z.string(),
  orgKind: z.string(),
  roles: z.array(z.enum(ROLE_KINDS)),
});

export const sessionView = z.object({
  userId: z.string(),
  personId: z.string(),
  name: z.string(),
  email: z.string(),
  isSystemAdmin: z.boolean(),
  orgId: z.string().nullable(),
  roles: z.array(z.enum(ROLE_KINDS)),
  memberships: z.array(membership),
  can: z
    .array(z.string())
    .describe(
      'What the user may do at the organisation they act for, as the policies the routes ask say (decision 034): the web app offers only these pages and buttons',
    ),
  csrfToken: z.string(),
});

export type SessionView = z.infer<typeof sessionView>;
export type MembershipView = z.infer<typeof membership>;
