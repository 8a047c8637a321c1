// What the session changes answer with, and the home page's count of attestations held for review: shapes
// the routes declare and the pages read.
import { z } from 'zod';

export const registrationResult = z.object({ status: z.enum(['registered', 'waitlisted']) });

export const cancelledRegistration = z.object({ promoted: z.boolean() });

/** A session changed: its new version, how many were e-mailed, how many moved up from the waitlist. */
export const sessionChanged = z.object({ version: z.number(), told: z.number(), promoted: z.number() });

export const sessionCancelled = z.object({ version: z.number(), told: z.number() });

export const attestResult = z.object({
  status: z.enum(['accepted', 'held']),
  reason: z.string(),
  completionId: z.uuid().nullable(),
});

/** Several held attestations decided at once; those no longer held are left as they are and listed. */
export const attestationsDecided = z.object({
  decided: z.array(
    z.object({ id: z.uuid(), status: z.enum(['accepted', 'rejected']), completionId: z.uuid().nullable() }),
  ),
  notHeld: z.array(z.uuid()),
});

/** A session the active organisation runs with attestations held for review, and how many. */
export const heldForReview = z.object({
  sessionId: z.uuid(),
  title: z.string(),
  startsAt: z.string().nullable(),
  held: z.number(),
});
