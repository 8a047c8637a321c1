import type { Database } from '../../../platform/db/client.js';
import type { JobHandler } from '../../../platform/jobs/queue.js';
import { type LrsAnswer, sendStatements } from './lrs-client.js';
import { statementFor } from './statement.js';
import * as repo from './xapi.repository.js';

/** Queued by the trigger on training_completions (migration 0063), once per organisation while one waits. */
export const XAPI_DELIVER_JOB = 'training.xapi.deliver';
declare module '../../../platform/jobs/queue.js' {
  interface JobKinds {
    [XAPI_DELIVER_JOB]: Record<string, never>;
  }
}

/** Statements per request: an import of thousands is a few dozen requests, not one job per row. */
const BATCH = 100;

/**
 * Sends an organisation's waiting statements to its LRS, a batch at a time (decision 069). A network error,
 * 5xx or 429 throws, so the queue tries again with backoff (and on the last attempt the batch is marked
 * failed); any other 4xx fails the batch at once with the LRS's answer; 409 means the LRS has it already.
 * A batch the LRS refuses or conflicts on is sent again one statement at a time (PUT with its id), so one bad
 * or already-stored statement does not hold back the others.
 */
export function xapiDeliverJob(deps: {
  database: Database;
  baseUrl: string;
}): JobHandler<typeof XAPI_DELIVER_JOB> {
  const db = deps.database.system;
  return async (job, ctx) => {
    const lrs = await repo.findConnection(db, job.orgId);
    if (!lrs?.enabled) return { message: 'The LRS is off; statements wait until it is on' };
    const lastAttempt = job.attempts >= job.maxAttempts;
    let sent = 0;
    let failed = 0;

    const settle = async (batch: repo.DeliveryRow[], answer: LrsAnswer) => {
      const ids = batch.map((d) => d.id);
      if (answer.kind === 'stored' || answer.kind === 'conflict') {
        await repo.settleDeliveries(db, job.orgId, ids, {
          status: 'sent',
          lrsStatus: answer.status,
          error: null,
        });
        sent += ids.length;
      } else if (answer.kind === 'refused') {
        await repo.settleDeliveries(db, job.orgId, ids, {
          status: 'failed',
          lrsStatus: answer.status,
          error: answer.message,
        });
        failed += ids.length;
      } else {
        const status = lastAttempt ? 'failed' : 'waiting';
        await repo.settleDeliveries(db, job.orgId, ids, {
          status,
          lrsStatus: answer.status,
          error: answer.message,
        });
        throw new Error(answer.message);
      }
    };

    for (;;) {
      const batch = await repo.waitingDeliveries(db, job.orgId, BATCH);
      if (!batch.length) break;
      const statements = batch.map((d) => statementFor(deps.baseUrl, d));
      const answer = await sendStatements(lrs, statements, ctx.signal);
      // Credentials refused: every statement would be; no need to try them one by one.
      const oneByOne =
        batch.length > 1 &&
        (answer.kind === 'conflict' ||
          (answer.kind === 'refused' && answer.status !== 401 && answer.status !== 403));
      if (!oneByOne) await settle(batch, answer);
      else
        for (const [i, d] of batch.entries())
          await settle([d], await sendStatements(lrs, statements[i] as { id: string }, ctx.signal));
      await ctx.progress(sent + failed, null);
    }
    return { sent, failed, message: `${sent} statements sent, ${failed} refused` };
  };
}
