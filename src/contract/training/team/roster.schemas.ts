import { z } from 'zod';
import { readable } from '../../text/readable.js';

/** An e-mail to a session's registrants: a one-line subject, the message, and whether the waitlist gets it. */
export const registrantMessage = z.object({
  subject: z
    .string()
    .trim()
    .min(1, 'Write a subject')
    .max(200, 'Keep the subject to 200 characters')
    .regex(/^[^\r\n]*$/, 'Keep the subject on one line')
    .superRefine(readable),
  message: z
    .string()
    .trim()
    .min(1, 'Write the message')
    .max(10_000, 'Keep the message to 10,000 characters')
    .superRefine(readable),
  includeWaitlisted: z.boolean().default(false),
});
export type RegistrantMessage = z.infer<typeof registrantMessage>;

export const registrantMessageSent = z.object({
  queued: z.number().int(),
  registered: z.number().int(),
  waitlisted: z.number().int(),
});

/** The e-mails already sent to a session's registrants, newest first, and how many more may go now. */
export const registrantMessagesView = z.object({
  items: z.array(z.object({ sentAt: z.string(), subject: z.string(), recipients: z.number().int() })),
  /** Sends left in the current window (decision 032). */
  remaining: z.number().int(),
  /** When the next send is allowed, if none is left now. */
  nextAllowedAt: z.string().nullable(),
});
