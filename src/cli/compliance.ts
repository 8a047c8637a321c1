import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { massachusettsDate } from '../domains/compliance/index.js';
import { followJob, operatorAt, organisationByCode } from './commands.js';
import type { Runtime } from './runtime.js';
import { UsageError } from './usage-error.js';

/** `concord compliance remind --org CODE [--dry-run]`: today's reminders, escalations and flags. */
export async function remind(rt: Runtime, orgCode: string | undefined, dryRun: boolean) {
  if (!orgCode) throw new UsageError('Usage: concord compliance remind --org CODE [--dry-run]');
  const org = await organisationByCode(rt, orgCode);
  const actor = operatorAt(org);
  const result = await rt.services.reminders.run({
    actor: { userId: null, name: actor.name, ip: null, userAgent: actor.userAgent, orgId: org.id },
    orgId: org.id,
    today: massachusettsDate(new Date()),
    dryRun,
  });
  const stages = Object.entries(result.byStage)
    .map(([stage, n]) => `${n} ${stage}`)
    .join(', ');
  if (dryRun) {
    // Exactly what the run would send now: the real run's path, rolled back (decision 029).
    process.stdout.write(
      `Dry run for ${org.name} on ${result.today}: ${result.preview.length} messages would be sent, ${result.flagsRaised} people flagged (${stages}).\n`,
    );
    for (const m of result.preview) process.stdout.write(`  to ${m.to}: ${m.subject}\n`);
    return;
  }
  await rt.services.jobs.drain(); // delivers what was queued
  process.stdout.write(
    `${org.name}, ${result.today}: ${result.queued} messages sent, ${result.alreadySent} already sent earlier, ${result.flagsRaised} people flagged (${stages}).\n`,
  );
}

/**
 * `concord compliance report --org CODE [--as-of DATE [--as-corrected]] --out FILE.xlsx|csv|pdf`: the evidence
 * pack, as known on the day or as corrected since (decision 027).
 */
export async function report(
  rt: Runtime,
  orgCode: string | undefined,
  asOf: string | undefined,
  out: string | undefined,
  asCorrected = false,
) {
  const usage =
    'Usage: concord compliance report --org CODE [--as-of YYYY-MM-DD [--as-corrected]] --out FILE.xlsx|csv|pdf';
  if (!orgCode || !out) throw new UsageError(usage);
  const format = path.extname(out).slice(1).toLowerCase();
  if (format !== 'xlsx' && format !== 'csv' && format !== 'pdf')
    throw new UsageError(`--out must end in .xlsx, .csv or .pdf, not "${path.basename(out)}"`);
  if (asOf && (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(asOf))))
    throw new UsageError(`--as-of takes a day as YYYY-MM-DD, not "${asOf}"`);
  const org = await organisationByCode(rt, orgCode);
  const job = await rt.services.evidencePacks.start({
    actor: operatorAt(org),
    input: { asOf, basis: asCorrected ? 'corrected' : 'known', format },
    maxAttempts: 1,
  });
  const done = await followJob(rt, org.id, job.id, `Evidence pack for ${org.name}`);
  const result = done?.result as { resultFileId?: string; message?: string } | null;
  if (!result?.resultFileId) {
    process.stdout.write(`${done?.message ?? 'The evidence pack was not made.'}\n`);
    return false;
  }
  await copyFile(rt.services.files.pathOf(org.id, result.resultFileId), out);
  process.stdout.write(`${result.message}. Written to ${out}\n`);
  return true;
}
