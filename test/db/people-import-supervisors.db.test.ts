import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PEOPLE_IMPORT_JOB } from '../../src/domains/people/index.js';
import { checkedRow } from '../../src/platform/db/client.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { IMPORT_HEADER, type ImportResult, peopleCsv, personRow, runQueuedImport } from '../support/files.js';

/**
 * A Community Partner imports its care coordinators with the optional "Supervisor email" column: each names
 * whom they report to, someone already at the organisation or on another row of the same file (even a later
 * one). An address that names no one there rejects the file, naming the row and the column.
 */
let t: TestContext;
let org: { id: string };
beforeAll(async () => {
  t = await createTestApp();
  org = await t.org({ name: 'Brockton Behavioral Health CP', kind: 'cp_bh' });
});
afterAll(() => t.close());

const runImport = (file: string) =>
  runQueuedImport<ImportResult>(t, { file, name: 'staff.csv', orgId: org.id, kind: PEOPLE_IMPORT_JOB });
const withSupervisor = (row: string[], supervisor: string) => {
  const cells = [...row];
  cells[IMPORT_HEADER.indexOf('Supervisor email')] = supervisor;
  return cells;
};
const supervisorOf = async (email: string) => {
  const row = await checkedRow(
    t.database.system,
    z.object({ supervisor: z.string().nullable() }),
    sql`select s.email as supervisor from people p
      left join person_org_details d on d.person_id = p.id and d.org_id = ${org.id}
      left join people s on s.id = d.supervisor_id where p.email = ${email}`,
  );
  return row?.supervisor;
};

describe('people import: supervisors', () => {
  it('records the supervisor a row names, even one on a later row, and clears it on an empty cell', async () => {
    const file = peopleCsv([
      withSupervisor(personRow('Ana', 'Reyes', 'ana@brocktonbh.example'), 'Lead@BrocktonBH.example'),
      personRow('Lena', 'Okafor', 'lead@brocktonbh.example', 'Org admin'),
    ]);
    const { result, lines } = await runImport(file);
    expect(result.outcome, lines.join('\n')).toBe('imported');
    expect(await supervisorOf('ana@brocktonbh.example')).toBe('lead@brocktonbh.example');

    // Re-imported with the cell empty: the supervisor is cleared. Without the column: it is kept.
    await runImport(peopleCsv([withSupervisor(personRow('Ana', 'Reyes', 'ana@brocktonbh.example'), '')]));
    expect(await supervisorOf('ana@brocktonbh.example')).toBeNull();
    await runImport(
      peopleCsv([
        withSupervisor(personRow('Ana', 'Reyes', 'ana@brocktonbh.example'), 'lead@brocktonbh.example'),
      ]),
    );
    const header = IMPORT_HEADER.filter((h) => h !== 'Supervisor email');
    await runImport(peopleCsv([personRow('Ana', 'Reyes', 'ana@brocktonbh.example')], header));
    expect(await supervisorOf('ana@brocktonbh.example')).toBe('lead@brocktonbh.example');
  });

  it('names the row and column of a supervisor who is no one at the organisation, and imports nothing', async () => {
    const elsewhere = await t.org({ name: 'Somewhere Else' });
    const stranger = await t.user([{ orgId: elsewhere.id, role: 'care_coordinator' }]);
    const file = peopleCsv([
      withSupervisor(personRow('Ben', 'Ode', 'ben@brocktonbh.example'), 'nobody@brocktonbh.example'),
      withSupervisor(personRow('Cy', 'Ode', 'cy@brocktonbh.example'), stranger.email),
    ]);
    const { result, lines } = await runImport(file);
    expect(result.outcome).toBe('rejected');
    expect(lines, lines.join('\n')).toContainEqual(
      '2 | Supervisor email | "nobody@brocktonbh.example" is no one at this organisation: add them first, or on a row of this file',
    );
    expect(lines).toContainEqual(
      `3 | Supervisor email | "${stranger.email}" is no one at this organisation: add them first, or on a row of this file`,
    );
    expect(await supervisorOf('ben@brocktonbh.example')).toBeUndefined();
    const self = await runImport(
      peopleCsv([withSupervisor(personRow('Di', 'Ode', 'di@brocktonbh.example'), 'DI@brocktonbh.example')]),
    );
    expect(self.lines).toContainEqual('2 | Supervisor email | A person cannot be their own supervisor');
  });
});
