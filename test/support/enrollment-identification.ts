import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import { IDENTIFICATION_COLUMNS } from '../../src/contract/enrollment/identification.schemas.js';
import type { Client, TestContext } from './app.js';
import { enrollee } from './factories.js';
import { multipartFile } from './files.js';

export const SAMPLE_LIST = path.join(import.meta.dirname, '..', 'fixtures', 'cp-identified-members.csv');

export type ListRow = Partial<Record<(typeof IDENTIFICATION_COLUMNS)[number], string | Date>>;

/** The sample list's rows, by column; row N of the file is `[N - 2]` (the header is row 1). */
export function sampleRows(): ListRow[] {
  const [header, ...lines] = readFileSync(SAMPLE_LIST, 'utf8').trimEnd().split(/\r?\n/);
  const columns = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [columns[i]!, cell])));
}

/** An organisation of `kind` whose administrator sets its PID and service location in the directory. */
export async function withPid(
  t: TestContext,
  pid: string,
  sl: string,
  kind: 'aco' | 'mco' | 'plan' | 'cp_bh' | 'cp_ltss' = 'aco',
) {
  const org = await t.org({ kind });
  const admin = await t.user([{ orgId: org.id, role: 'org_admin' }]);
  const client = await t.signIn(admin.email);
  const set = await client.put('/api/enrollment/directory', {
    ids: [{ pid, sl }],
    confirmed: kind.startsWith('cp_') ? 50 : null,
  });
  expect(set.statusCode, set.body).toBe(204);
  return { org, admin: client, pid, sl };
}

/** An ACO (or MCO, plan) with an administrator and an enrollment submitter, holding `pid`/`sl`. */
export async function identifyingOrg(
  t: TestContext,
  pid: string,
  sl = 'A',
  kind: 'aco' | 'mco' | 'plan' = 'aco',
) {
  const made = await withPid(t, pid, sl, kind);
  const submitter = await t.user([{ orgId: made.org.id, role: 'enrollment_submitter' }]);
  return { ...made, submitter: await t.signIn(submitter.email) };
}

/** Puts members on the signed-in organisation's roster: their MassHealth IDs and dates of birth. */
export async function onRoster(client: Client, members: { masshealthId: string; dateOfBirth: string }[]) {
  const ids = new Map<string, string>();
  for (const m of members) ids.set(m.masshealthId, await enrollee(client, { ...m, familyName: 'Listed' }));
  return ids;
}

/** A list as CSV text, in the sample's column order. */
export const listCsv = (rows: ListRow[], header: readonly string[] = IDENTIFICATION_COLUMNS) =>
  [header, ...rows.map((r) => header.map((h) => String(r[h as keyof ListRow] ?? '')))]
    .map((cells) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(','))
    .join('\r\n');

/** A list as an XLSX workbook written with exceljs (dates as given: text, or a date cell for a Date). */
export async function listXlsx(rows: ListRow[]) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Identified members');
  sheet.addRow([...IDENTIFICATION_COLUMNS]);
  for (const r of rows) sheet.addRow(IDENTIFICATION_COLUMNS.map((h) => r[h] ?? ''));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** One active (A) record for a member of the organisation holding `pid`, with the sample's other cells. */
export const listRow = (
  m: { masshealthId: string; dateOfBirth: string },
  pid: string,
  extra: ListRow = {},
): ListRow => ({
  Medicaid_ID: m.masshealthId,
  Member_Name_Last: 'Listed',
  Member_Name_First: 'Ana',
  Member_Date_of_Birth: m.dateOfBirth.replaceAll('-', ''),
  Member_Sex: 'F',
  ACO_MCO_PID: pid,
  ACO_MCO_SL: 'A',
  CP_Type: 'BH',
  CP_PID: '',
  CP_SL: '',
  Enrollment_Start_Date: '20260201',
  Start_Reason_Desc: 'MassHealth identified',
  DMH_Flag: 'N',
  DDS_Flag: 'N',
  EOEA_Flag: 'N',
  Identification_Flag: 'N',
  Record_Status: 'A',
  Record_Update_Date: '20260115',
  ...extra,
});

export interface ResultLine {
  row: number;
  medicaidId: string;
  outcome: string;
  column: string;
  message: string;
}

/** Uploads a list, runs its job, and returns the job's result and the result workbook's rows. */
export async function sendList(
  t: TestContext,
  client: Client,
  name: string,
  content: string | Buffer,
  opts: { source?: 'state_list' | 'own'; checkOnly?: boolean } = {},
) {
  const upload = multipartFile(name, content);
  const query = `source=${opts.source ?? 'state_list'}${opts.checkOnly ? '&checkOnly=true' : ''}`;
  const started = await client.post(
    `/api/enrollment/identifications/import?${query}`,
    upload.payload,
    upload.headers,
  );
  expect(started.statusCode, started.body).toBe(202);
  await t.services.jobs.drain();
  const job = (await client.get(`/api/jobs/${started.json().id}`)).json();
  expect(job.status, job.message).toBe('succeeded');
  const file = await client.get(`/api/jobs/${job.id}/result`);
  expect(file.statusCode, file.body).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
  const lines: ResultLine[] = [];
  workbook.getWorksheet('Rows')!.eachRow((r, n) => {
    if (n === 1) return;
    const v = r.values as unknown[];
    lines.push({
      row: Number(v[1]),
      medicaidId: String(v[2] ?? ''),
      outcome: String(v[3] ?? ''),
      column: String(v[4] ?? ''),
      message: String(v[5] ?? ''),
    });
  });
  return { job, result: job.result, lines };
}

/** The signed-in organisation's identifications (all of them: up to 200), with filters. */
export async function identifications(client: Client, query = '') {
  const res = await client.get(`/api/enrollment/identifications?pageSize=200${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    total: number;
    items: {
      masshealthId: string;
      stage: string;
      source: string;
      cpType: string | null;
      suggestedCpName: string | null;
      agencyFlags: string[];
      identifiedOn: string;
      recordUpdatedOn: string | null;
      endedOn: string | null;
      endReason: string | null;
    }[];
  };
}
