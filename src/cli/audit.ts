import { progressBar } from './progress.js';
import type { Runtime } from './runtime.js';

/**
 * `concord audit verify`: every chain must hold together, and every signed checkpoint must match the row
 * it names. Exits 1 on either, and when there is no checkpoint to compare with.
 */
export async function verifyAudit(rt: Runtime, publicKeyFile: string | undefined) {
  const bar = progressBar('Verifying the audit chain');
  const result = await rt.services.audit.verify((done, total) =>
    bar.update(Math.round((done / total) * 100), `${done}/${total} organisations`),
  );
  bar.stop();
  if (!result.ok) {
    process.stdout.write(
      `The audit trail is broken: organisation ${result.break.orgId}, row ${result.break.seq}: ${result.break.reason}.\n`,
    );
    return false;
  }
  const signed = await rt.services.auditCheckpoints.verify({ publicKeyFile });
  if (!signed.ok) {
    process.stdout.write(
      `The audit chains hold together (${result.rows} rows in ${result.organisations} chains), but they cannot be vouched for: ${signed.problem}.\n`,
    );
    return false;
  }
  process.stdout.write(
    `The audit trail is intact: ${result.rows} rows in ${result.organisations} chains, matching ${signed.checkpoints} signed checkpoint${signed.checkpoints === 1 ? '' : 's'} (the latest of ${signed.latestAt}; key ${signed.keys.join(', ')}).\n`,
  );
  return true;
}

/** `concord audit checkpoint`: signs each chain's head now. */
export async function checkpointAudit(rt: Runtime) {
  const { written, problems } = await rt.services.auditCheckpoints.checkpoint();
  process.stdout.write(
    `Signed ${written.length} checkpoint${written.length === 1 ? '' : 's'} (key ${await rt.services.auditCheckpoints.fingerprint()}) into ${rt.services.auditCheckpoints.file}.\n`,
  );
  for (const p of problems)
    process.stdout.write(`Not signed: organisation ${p.orgId} is broken at row ${p.seq}: ${p.reason}.\n`);
  return problems.length === 0;
}
