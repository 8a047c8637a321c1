// The reminder, escalation and flag settings, and a flag under the non-compliance policy (decision 029), as
// the API sends and takes them.
import { z } from 'zod';

export const reminderSettings = z
  .object({
    remindDaysBefore: z.array(z.number().int().min(1).max(365)).max(5),
    remindOnDue: z.boolean(),
    escalateAfterDays: z.number().int().min(0).max(365),
    flagAfterDays: z.number().int().min(0).max(730),
    repeatOverdueDays: z
      .number()
      .int()
      .min(0)
      .max(365)
      .default(7)
      .describe('While late, remind the person every so many days (0: only on the due date)'),
  })
  .refine((s) => s.flagAfterDays >= s.escalateAfterDays, {
    path: ['flagAfterDays'],
    message: 'Flag no sooner than the escalation',
  });
export type ReminderSettingsView = z.infer<typeof reminderSettings>;

export const flagView = z.object({
  id: z.uuid(),
  requirementId: z.uuid(),
  requirementCode: z.string(),
  requirementTitle: z.string(),
  personId: z.uuid(),
  name: z.string(),
  email: z.string(),
  dueOn: z.string(),
  flaggedOn: z.string(),
  clearedAt: z.string().nullable(),
  clearedByName: z.string().nullable(),
  clearReason: z.string().nullable(),
});
export type FlagView = z.infer<typeof flagView>;
