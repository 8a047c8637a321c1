// Seed 001's cohort: residents of Berkshire and Plymouth whom Bay State One Care knows of (MassHealth's list of
// members eligible for One Care there) and who are not its members: the welcome mailing writes to them.
import { massachusettsDate } from '@contract/massachusetts-day.js';
import { copyCareRows, emptyCareRows } from '../domains/care/index.js';
import type { Database } from '../platform/db/client.js';
import { enrolleeRow } from './demo-care.js';
import { enrolleeAt } from './enrollees.js';

const COUNTIES = new Set(['Berkshire', 'Plymouth']);
/** Past every index the demo's members use, so their identifiers are distinct. */
const FIRST_INDEX = 5_000_000;

export async function seedProspects(
  database: Database,
  planId: string,
  options: { seed: number; count: number },
) {
  const today = massachusettsDate(new Date());
  const rows = emptyCareRows();
  for (let index = FIRST_INDEX; rows.enrollees.length < options.count; index++) {
    const e = enrolleeAt(index, { seed: options.seed, today });
    if (COUNTIES.has(e.county)) rows.enrollees.push(enrolleeRow(planId, crypto.randomUUID(), e));
  }
  await copyCareRows(database, rows);
  return rows.enrollees.length;
}
