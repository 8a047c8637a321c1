import { writeFile } from 'node:fs/promises';
import { findCompletionOwner } from '../domains/training/index.js';
import { operatorAt, UUID } from './commands.js';
import type { Runtime } from './runtime.js';
import { UsageError } from './usage-error.js';

/** Writes a completion's certificate PDF, as the organisation that recorded the completion. */
export async function renderCertificate(
  rt: Runtime,
  completionId: string | undefined,
  out: string | undefined,
) {
  if (!completionId || !out) throw new UsageError('certificates render needs --completion ID and --out FILE');
  if (!UUID.test(completionId))
    throw new UsageError(`--completion takes a completion id (a UUID), not "${completionId}"`);
  const owner = await findCompletionOwner(rt.database.system, completionId);
  if (!owner) throw new UsageError(`No completion has the id ${completionId}`);
  const { completion, pdf } = await rt.services.training.certificate({
    actor: operatorAt({ id: owner.orgId }),
    id: completionId,
  });
  await writeFile(out, pdf);
  process.stdout.write(
    `Wrote the certificate ${completion.certificateCode} (${completion.personName}, ${completion.topicTitle}${completion.revokedAt ? ', revoked' : ''}) to ${out}\n`,
  );
}
