import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { isoMonth } from '@contract/care/requests.schemas.js';
import { ruleRefLabel } from '@contract/care/rules.labels.js';
import { QUEUE_KIND_LABELS, QUEUE_KINDS } from '@contract/care/work.schemas.js';
import { writeRequestReport } from '../domains/care/index.js';
import { findPersonByEmail } from '../domains/people/index.js';
import { operatorAt, organisationByCode } from './commands.js';
import { progressBar } from './progress.js';
import type { Runtime } from './runtime.js';
import { UsageError } from './usage-error.js';

const PAGE = 500;
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/**
 * `concord care queue --org CODE [--coordinator EMAIL]`: what is due in a coordinator's caseload, most urgent
 * first; without a coordinator, each coordinator at the organisation with caseload size and counts.
 */
export async function queue(rt: Runtime, orgCode: string | undefined, coordinatorEmail: string | undefined) {
  if (!orgCode) throw new UsageError('Usage: concord care queue --org CODE [--coordinator EMAIL]');
  const org = await organisationByCode(rt, orgCode);
  const actor = operatorAt(org);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  if (!coordinatorEmail) {
    const team = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await rt.services.careWork.teamQueue({
        actor,
        query: { dir: 'asc', page: 1, pageSize: PAGE },
        page: { offset, limit: PAGE },
      });
      team.push(...page.items);
      if (team.length >= page.total || page.items.length === 0) break;
    }
    out(`${org.name}: ${plural(team.length, 'coordinator')}`);
    for (const m of team) {
      const due = QUEUE_KINDS.filter((k) => m.counts[k] > 0).map(
        (k) => `${m.counts[k]} ${QUEUE_KIND_LABELS[k].toLowerCase()}`,
      );
      out(
        `  ${m.name}: ${plural(m.caseload, 'enrollee')}, ${m.overdue} overdue${due.length ? ` (${due.join(', ')})` : ''}`,
      );
    }
    return true;
  }
  const person = await findPersonByEmail(rt.database.system, coordinatorEmail);
  if (!person) throw new UsageError(`No one has the e-mail address ${coordinatorEmail}`);
  const rows = [];
  let asOf = '';
  for (let offset = 0; ; offset += PAGE) {
    const page = await rt.services.careWork.queue({
      actor,
      query: { coordinatorId: person.id, dir: 'asc', page: 1, pageSize: PAGE, all: false },
      page: { offset, limit: PAGE },
    });
    rows.push(...page.items);
    asOf = page.asOf;
    if (rows.length >= page.total || page.items.length === 0) break;
  }
  const items = rows.reduce((n, r) => n + r.items.length, 0);
  out(
    `${person.givenName} ${person.familyName} at ${org.name}, ${asOf}: ${plural(items, 'item')} due for ${plural(rows.length, 'enrollee')}`,
  );
  for (const r of rows) {
    out(`  ${r.familyName}, ${r.givenName} (${r.masshealthId})`);
    for (const i of r.items)
      out(
        `    ${i.dueOn}${i.overdue ? ' OVERDUE' : ''}  ${i.title}: ${i.explanation} [${ruleRefLabel(i.rule)}]`,
      );
  }
  return true;
}

/**
 * `concord care requests report --org CODE --month YYYY-MM --out FILE.xlsx|csv`: the month's service request
 * decisions at a plan (by outcome, hours to decision, share on time, denial reasons; appeals), with a progress
 * line on stderr. XLSX also lists each decision.
 */
export async function requestsReport(
  rt: Runtime,
  orgCode: string | undefined,
  month: string | undefined,
  out: string | undefined,
) {
  const usage = 'Usage: concord care requests report --org CODE --month YYYY-MM --out FILE.xlsx|csv';
  if (!orgCode || !month || !out) throw new UsageError(usage);
  const format = path.extname(out).slice(1).toLowerCase();
  if (format !== 'xlsx' && format !== 'csv')
    throw new UsageError(`--out must end in .xlsx or .csv, not "${path.basename(out)}"`);
  if (!isoMonth.safeParse(month).success)
    throw new UsageError(`--month takes a month as YYYY-MM, like 2026-03, not "${month}"`);
  const org = await organisationByCode(rt, orgCode);
  // The operator acts as the organisation's administrator, at an organisation of its kind (the report is a plan's).
  const actor = {
    ...operatorAt(org),
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
  const bar = progressBar(`Service request report for ${org.name}, ${month}`);
  bar.update(0, 'reading the month');
  const { summary, decided } = await rt.services.careRequests.report({ actor, month });
  rt.services.careRequests.recordReportRead(actor, month, decided, format === 'xlsx');
  bar.update(50, `writing ${plural(decided.length, 'decision')}`);
  await writeRequestReport(createWriteStream(out), format, summary, decided);
  bar.update(100, '');
  bar.stop();
  const all = summary.requests.all;
  process.stdout.write(
    `${org.name}, ${month}: ${plural(summary.received, 'request')} received, ${plural(all.decided, 'decision')}` +
      `${all.onTimeShare === null ? '' : ` (${Math.round(all.onTimeShare * 1000) / 10}% on time)`}. Written to ${out}\n`,
  );
  return true;
}
