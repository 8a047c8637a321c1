import { massachusettsDate } from '../domains/compliance/index.js';
import { operatorAt, organisationByCode, UsageError } from './commands.js';
import type { Runtime } from './runtime.js';

/** `concord compliance remind --org CODE [--dry-run]`: today's reminders, escalations and flags. */
export async function remind(rt: Runtime, orgCode: string | undefined, dryRun: boolean) {
  if (!orgCode) throw new UsageError('Usage: concord compliance remind --org CODE [--dry-run]');
  const org = await organisationByCode(rt, orgCode);
  const actor = operatorAt(org);
  const result = await rt.services.reminders.run(org.id, massachusettsDate(new Date()), {
    dryRun,
    actor: { userId: null, name: actor.name, ip: null, userAgent: actor.userAgent, orgId: org.id },
  });
  const stages = Object.entries(result.byStage)
    .map(([stage, n]) => `${n} ${stage}`)
    .join(', ');
  if (dryRun) {
    process.stdout.write(
      `Dry run for ${org.name} on ${result.today}: ${result.messages} messages would be sent (${stages}).\n`,
    );
    for (const m of result.preview) process.stdout.write(`  to ${m.to}: ${m.subject}\n`);
    return;
  }
  await rt.services.jobs.drain(); // delivers what was queued
  process.stdout.write(
    `${org.name}, ${result.today}: ${result.queued} messages sent, ${result.alreadySent} already sent earlier (${stages}).\n`,
  );
}
