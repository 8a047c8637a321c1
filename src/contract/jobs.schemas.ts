import { z } from 'zod';

// A background job (an import, an evidence pack) as the API shows it; the web app follows its progress.

/** What a finished job reports: the parts the web app reads, beside whatever counts its kind adds. */
const jobResult = z.looseObject({
  /** An import's: `rejected` when a row had a problem and nothing was imported. */
  outcome: z.string().optional(),
  /** The file to download (an import's result workbook, an evidence pack). */
  resultFileId: z.string().optional(),
  message: z.string().optional(),
});

export const jobView = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  attempts: z.number(),
  maxAttempts: z.number(),
  progressDone: z.number(),
  progressTotal: z.number().nullable(),
  message: z.string().nullable(),
  result: jobResult.nullable(),
  createdAt: z.string(),
  /** The uploaded file's name, for an import. */
  fileName: z.string().nullable(),
  /** The running attempt's last sign of life (every few seconds); a job silent for a minute is settled. */
  heartbeatAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

export type JobView = z.infer<typeof jobView>;
