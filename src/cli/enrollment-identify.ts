import { copyFileSync, createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import type { IdentificationImportResult } from '@contract/enrollment/identification.schemas.js';
import { followJob, operatorAt, organisationByCode } from './commands.js';
import type { Runtime } from './runtime.js';
import { UsageError } from './usage-error.js';

/** Refused rows printed; the result workbook lists every row. */
const PRINTED = 20;

/**
 * Imports an ACO's or MCO's identified-member list the way the web page does — stored, its job queued — runs
 * the job here with a progress bar, prints the outcome and the first refused rows, and writes the result
 * workbook beside the file. True (exit 0) when every row passed: applied, or with `checkOnly` checked.
 */
export async function identify(
  rt: Runtime,
  file: string,
  orgCode: string,
  source: string,
  checkOnly: boolean,
) {
  if (!existsSync(file)) throw new UsageError(`No such file: ${file}`);
  const org = await organisationByCode(rt, orgCode);
  const actor = {
    ...operatorAt(org),
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
  const service = rt.services.enrollmentIdentification;
  const fileName = path.basename(file);
  const job = await service.importer.startImport(
    actor,
    { fileName, contentType: 'application/octet-stream', stream: createReadStream(file) },
    1,
    service.importDetails({ source, checkOnly: checkOnly ? 'true' : 'false' }),
  );
  const final = await followJob(rt, org.id, job.id, `${checkOnly ? 'Checking' : 'Importing'} ${fileName}`);
  const result = final?.result as IdentificationImportResult | null;
  process.stdout.write(`${result?.message ?? final?.message ?? 'The import did not finish.'}\n`);
  for (const p of result?.problems.slice(0, PRINTED) ?? [])
    process.stdout.write(
      `  ${p.row ? `row ${p.row}` : 'file'}${p.column ? `, ${p.column}` : ''}: ${p.message}\n`,
    );
  if (result?.resultFileId) {
    const out = path.join(
      path.dirname(path.resolve(file)),
      `${fileName.replace(/\.[^.]+$/, '')}-result.xlsx`,
    );
    copyFileSync(rt.services.files.pathOf(org.id, result.resultFileId), out);
    process.stdout.write(`Result file: ${out}\n`);
  }
  return result?.outcome === 'applied' || (result?.outcome === 'checked' && result.refused === 0);
}
