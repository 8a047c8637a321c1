import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { mailingInput } from '@contract/enrollment/mailing.schemas.js';
import { isoDate } from '@contract/list.js';
import { MASSACHUSETTS_COUNTIES } from '@contract/organisations/counties.js';
import { followJob, operatorAt, organisationByCode } from './commands.js';
import type { Runtime } from './runtime.js';
import { UsageError } from './usage-error.js';

/** A county as typed ("berkshire", "Berkshire County") as Concord names it, or a usage error naming it. */
function countyNamed(typed: string) {
  const key = typed
    .trim()
    .replace(/\s+county$/i, '')
    .toLowerCase();
  const county = MASSACHUSETTS_COUNTIES.find((c) => c.toLowerCase() === key);
  if (!county)
    throw new UsageError(
      `--county "${typed}" is not a county of Massachusetts: use one of ${MASSACHUSETTS_COUNTIES.join(', ')}`,
    );
  return county;
}

/**
 * `concord enrollment mailing --org CODE --county NAME [--county NAME] --effective YYYY-MM-DD [--out DIR]`:
 * runs a welcome mailing the way the web page does (its job here, with a progress bar), prints the letters per
 * county, and writes the letters' PDF and the mail file to the current directory or `--out`. True (exit 0)
 * when the mailing is ready to mail.
 */
export async function mailing(
  rt: Runtime,
  o: { org: string; county: string[]; effective: string; out?: string },
) {
  if (!isoDate.safeParse(o.effective).success)
    throw new UsageError(`--effective takes a day as YYYY-MM-DD, like 2021-01-01, not "${o.effective}"`);
  const org = await organisationByCode(rt, o.org);
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
  const input = mailingInput.parse({ counties: o.county.map(countyNamed), effectiveOn: o.effective });
  const service = rt.services.enrollmentMailings;
  const job = await service.start(actor, input);
  const final = await followJob(rt, org.id, job.id, `Welcome mailing for ${org.name}`);
  const result = await service.get(actor, job.id);
  process.stdout.write(`${result.message ?? final?.message ?? 'The mailing did not finish.'}\n`);
  for (const [county, n] of Object.entries(result.countyCounts))
    process.stdout.write(`  ${county}: ${n} letter${n === 1 ? '' : 's'}\n`);
  if (result.status !== 'done') return false;
  if (!result.hasFiles) return true;
  const dir = path.resolve(o.out ?? '.');
  await mkdir(dir, { recursive: true });
  for (const which of ['letters', 'mailFile'] as const) {
    const file = await service[which](actor, job.id);
    const to = path.join(dir, file.name);
    await pipeline(file.open(), createWriteStream(to));
    process.stdout.write(`${which === 'letters' ? 'Letters' : 'Mail file'}: ${to}\n`);
  }
  return true;
}
