import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { followJob, operatorAt, organisationByCode } from './commands.js';
import type { Runtime } from './runtime.js';
import { UsageError } from './usage-error.js';

/**
 * Sends a Community Partner enrollment batch file the way the web page does — stored, its job queued — runs
 * the job here with a progress bar, prints the outcome, and writes the result workbook beside the file.
 * True (exit 0) when every row passed: applied, or with `checkOnly` checked.
 */
export async function batch(rt: Runtime, file: string, orgCode: string, checkOnly: boolean) {
  if (!existsSync(file)) throw new UsageError(`No such file: ${file}`);
  const org = await organisationByCode(rt, orgCode);
  const operator = operatorAt(org);
  const actor = {
    ...operator,
    roles: ['org_admin' as const],
    memberships: [
      {
        orgId: org.id,
        orgName: org.name,
        orgCode: org.code,
        orgKind: org.kind,
        roles: ['org_admin' as const],
      },
    ],
  };
  const service = rt.services.enrollment;
  const fileName = path.basename(file);
  const job = await service.importer.startImport(
    actor,
    { fileName, contentType: 'application/octet-stream', stream: createReadStream(file) },
    1,
    service.batchDetails({ checkOnly: checkOnly ? 'true' : 'false' }, actor),
  );
  const final = await followJob(rt, org.id, job.id, `${checkOnly ? 'Checking' : 'Sending'} ${fileName}`);
  const result = final?.result as { outcome?: string; message?: string; refusedRows?: number } | null;
  process.stdout.write(`${result?.message ?? final?.message ?? 'The batch did not finish.'}\n`);
  if (result?.outcome && result.outcome !== 'refused') {
    const { name, write } = await service.resultFile(actor, job.id);
    const out = path.join(path.dirname(path.resolve(file)), name);
    const stream = createWriteStream(out);
    await write(stream);
    stream.end();
    await finished(stream);
    process.stdout.write(`Result file: ${out}\n`);
  }
  return result?.outcome === 'applied' || (result?.outcome === 'checked' && result.refusedRows === 0);
}
