import { expect } from 'vitest';
import type { Client, TestContext } from './app.js';
import { multipartFile } from './files.js';

const COLUMNS = [
  'Medicaid_ID',
  'Member_Name_Last',
  'Member_Name_First',
  'Member_Date_of_Birth',
  'ACO_MCO_PID',
  'ACO_MCO_SL',
  'CP_Type',
  'CP_PID',
  'CP_SL',
  'Enrollment_Start_Date',
  'Start_Reason_Desc',
  'DMH_Flag',
  'DDS_Flag',
  'EOEA_Flag',
  'Record_Status',
  'Record_Update_Date',
] as const;

/**
 * Identifies members of `aco` through its own identified-member list (the sample's layout), as the ACO's
 * submitter uploads it, and waits for the import.
 */
export async function identify(
  t: TestContext,
  aco: { pid: string; submitter: Client },
  members: { masshealthId: string; dateOfBirth: string; cpType?: 'BH' | 'LTSS'; cpPid?: string }[],
  opts: { status?: 'A' | 'I'; updatedOn?: string } = {},
) {
  const day = (iso: string) => iso.replaceAll('-', '');
  const lines = [
    COLUMNS.join(','),
    ...members.map((m) =>
      [
        m.masshealthId,
        'Member',
        'Ana',
        day(m.dateOfBirth),
        aco.pid,
        'A',
        m.cpType ?? 'BH',
        m.cpPid ?? '',
        m.cpPid ? 'A' : '',
        '20260101',
        'ACO/MCO identified',
        'N',
        'N',
        'N',
        opts.status ?? 'A',
        opts.updatedOn ?? '20260101',
      ].join(','),
    ),
  ];
  const upload = multipartFile('identified.csv', lines.join('\r\n'));
  const started = await aco.submitter.post(
    '/api/enrollment/identifications/import?source=own',
    upload.payload,
    upload.headers,
  );
  expect(started.statusCode, started.body).toBe(202);
  await t.services.jobs.drain();
  const job = (await aco.submitter.get(`/api/jobs/${started.json().id}`)).json();
  expect(job.status, JSON.stringify(job)).toBe('succeeded');
}

/** The month after today's, as YYYY-MM. */
export function nextMonth() {
  const d = new Date();
  const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
  return m.toISOString().slice(0, 7);
}

/** Proposes the month's assignments and returns the result and the proposals listed. */
export async function propose(client: Client, month = nextMonth()) {
  const res = await client.post('/api/enrollment/assignments/proposals', { month });
  expect(res.statusCode, res.body).toBe(200);
  const list = await client.get(`/api/enrollment/assignments?month=${month}&status=proposed&pageSize=500`);
  expect(list.statusCode, list.body).toBe(200);
  return {
    result: res.json(),
    proposed: list.json().items as { id: string; enrolleeId: string; cpOrgId: string; why: string }[],
  };
}
