import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import { BATCH_COLUMNS } from '../../src/contract/enrollment/enrollment.labels.js';
import type { Client, TestContext } from './app.js';
import { enrollee } from './factories.js';
import { multipartFile, tmpFile, workbookLines } from './files.js';

let serial = 0;
/** A PID no other test holds: nine digits. */
export const newPid = () =>
  `${(Date.now() % 100_000).toString().padStart(5, '0')}${(process.pid % 100).toString().padStart(2, '0')}${(serial++ % 100).toString().padStart(2, '0')}`;

/** A Community Partner with an administrator, its PID (location A), capacity and the counties it serves. */
export async function communityPartner(
  t: TestContext,
  opts: { kind?: 'cp_bh' | 'cp_ltss'; confirmed?: number; counties?: string[] } = {},
) {
  const org = await t.org({ kind: opts.kind ?? 'cp_bh' });
  const admin = await t.user([{ orgId: org.id, role: 'org_admin' }]);
  const client = await t.signIn(admin.email);
  const pid = newPid();
  const set = await client.put('/api/enrollment/directory', {
    ids: [{ pid, sl: 'A' }],
    confirmed: opts.confirmed ?? 100,
  });
  expect(set.statusCode, set.body).toBe(204);
  for (const county of opts.counties ?? ['Plymouth']) {
    const area = await client.post(`/api/organisations/${org.id}/service-areas`, {
      county,
      startsOn: '2018-01-01',
    });
    expect(area.statusCode, area.body).toBe(201);
  }
  return { org, pid, client };
}

/** An ACO with an administrator and an enrollment submitter, its PID (location A), partnered with `cps`. */
export async function acoWith(t: TestContext, cps: { org: { id: string } }[], kind: 'aco' | 'mco' = 'aco') {
  const org = await t.org({ kind });
  const admin = await t.user([{ orgId: org.id, role: 'org_admin' }]);
  const submitter = await t.user([{ orgId: org.id, role: 'enrollment_submitter' }]);
  const adminClient = await t.signIn(admin.email);
  const pid = newPid();
  const set = await adminClient.put('/api/enrollment/directory', {
    ids: [{ pid, sl: 'A' }],
    confirmed: null,
  });
  expect(set.statusCode, set.body).toBe(204);
  for (const cp of cps) {
    const link = await adminClient.post(`/api/organisations/${org.id}/relationships`, {
      kind: 'cp_partnership',
      otherOrgId: cp.org.id,
      startsOn: '2018-07-01',
    });
    expect(link.statusCode, link.body).toBe(201);
  }
  return {
    org,
    pid,
    admin: adminClient,
    submitter: await t.signIn(submitter.email),
    submitterEmail: submitter.email,
  };
}

let memberSerial = 0;
/** A new 12-digit MassHealth ID. */
export const newMasshealthId = () =>
  `9${(Date.now() % 1_000_000).toString().padStart(6, '0')}${(process.pid % 100).toString().padStart(2, '0')}${(memberSerial++ % 1000).toString().padStart(3, '0')}`;

/** A member of the signed-in ACO/MCO: its MassHealth ID, in the county given. */
export async function member(client: Client, county = 'Plymouth', dateOfBirth = '1961-03-14') {
  const masshealthId = newMasshealthId();
  const id = await enrollee(client, {
    masshealthId,
    county,
    dateOfBirth,
    familyName: 'Member',
    givenName: 'Ana',
  });
  return { id, masshealthId, dateOfBirth };
}

export type BatchRow = Partial<Record<(typeof BATCH_COLUMNS)[number], string | Date | number>>;

/** One batch row: an action for a member of `aco` with the CP `cp`, as a submitter fills the template. */
export const batchRow = (
  m: { masshealthId: string; dateOfBirth: string },
  aco: { pid: string },
  cp: { pid: string },
  action: 'E' | 'D' | 'T',
  effective: string,
  extra: BatchRow = {},
): BatchRow => ({
  Medicaid_ID: m.masshealthId,
  Member_Name_Last: 'Member',
  Member_Name_First: 'Ana',
  Member_Date_of_Birth: m.dateOfBirth,
  Member_Sex: 'F',
  ACO_MCO_PID: aco.pid,
  ACO_MCO_SL: 'A',
  CP_PID: cp.pid,
  CP_SL: 'A',
  Action: action,
  Effective_Date: effective,
  ...extra,
});

/** A batch workbook written with exceljs: an Instructions sheet, then the batch sheet. */
export async function batchXlsx(rows: BatchRow[], header: readonly string[] = BATCH_COLUMNS) {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Instructions').addRow(['Fill in the Batch sheet']);
  const sheet = workbook.addWorksheet('Batch');
  sheet.addRow([...header]);
  for (const r of rows) sheet.addRow(header.map((h) => r[h as keyof BatchRow] ?? ''));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A batch as CSV text. */
export const batchCsv = (rows: BatchRow[], header: readonly string[] = BATCH_COLUMNS) =>
  [header, ...rows.map((r) => header.map((h) => String(r[h as keyof BatchRow] ?? '')))]
    .map((cells) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(','))
    .join('\r\n');

/** Uploads a batch, runs its job, and returns the batch record and its result workbook's rows. */
export async function sendBatch(
  t: TestContext,
  client: Client,
  name: string,
  content: string | Buffer,
  opts: { checkOnly?: boolean } = {},
) {
  const upload = multipartFile(name, content);
  const started = await client.post(
    `/api/enrollment/batches${opts.checkOnly ? '?checkOnly=true' : ''}`,
    upload.payload,
    upload.headers,
  );
  expect(started.statusCode, started.body).toBe(202);
  await t.services.jobs.drain();
  const id = started.json().id as string;
  const job = (await client.get(`/api/jobs/${id}`)).json();
  const batch = await client.get(`/api/enrollment/batches/${id}`);
  expect(batch.statusCode, batch.body).toBe(200);
  const result = await client.get(`/api/enrollment/batches/${id}/result`);
  const rows = result.statusCode === 200 ? await resultRows(result.rawPayload) : [];
  return { id, job, batch: batch.json(), rows };
}

/** The result workbook's "Rows" sheet: row number, outcome, columns and problems. */
export async function resultRows(bytes: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('Rows')!;
  const rows: { row: number; outcome: string; column: string; problem: string }[] = [];
  sheet.eachRow((r, n) => {
    if (n === 1) return;
    const v = r.values as unknown[];
    rows.push({
      row: Number(v[1]),
      outcome: String(v[2] ?? ''),
      column: String(v[3] ?? ''),
      problem: String(v[4] ?? ''),
    });
  });
  return rows;
}

export { tmpFile, workbookLines };

/** One CP with room for a thousand and an ACO partnered with it; `enrollRow` makes a member and its E row. */
export async function cpWorld(t: TestContext) {
  const cp = await communityPartner(t, { confirmed: 1000 });
  const aco = await acoWith(t, [cp]);
  return {
    cp,
    aco,
    async enrollRow(extra: BatchRow = {}) {
      const m = await member(aco.admin);
      return { m, row: batchRow(m, aco, cp, 'E', '2026-02-01', extra) };
    },
  };
}
