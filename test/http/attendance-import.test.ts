import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attendanceImportJob } from '../../src/domains/training/index.js';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
import { csvWithBadCells, problemLines } from '../support/bad-rows.js';
import { uploadAndImport } from '../support/files.js';

/**
 * A training vendor imports participant reports that are not what they should be: saved by Excel on
 * Windows, with stray quotes, NUL, binary data. Each is read as what it shows or refused with its row
 * named in the result file; the job never fails, the request never answers 500, and a refused report
 * leaves the attendance as it was.
 */
let t: TestContext;
let vendor: Client;
let stranger: Client;
let ids: { live: string; recorded: string; other: string };

const HEADER = 'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)';
const GOOD = [
  'Maria Santos,maria.santos@attendance.example,11/10/2026 09:58:12 AM,11/10/2026 11:01:40 AM,64',
  'Maria Santos,maria.santos@attendance.example,11/10/2026 11:03:05 AM,11/10/2026 12:00:58 PM,58',
  'DOE-CARE-COORD iPhone,,11/10/2026 10:12:00 AM,11/10/2026 10:31:10 AM,20',
];

beforeAll(async () => {
  t = await createTestApp();
  const org = await t.org({ kind: 'training_vendor', name: 'One Care Learning' });
  const other = await t.org({ kind: 'training_vendor', name: 'Another vendor' });
  await t.user([{ orgId: org.id, role: 'provider_staff' }], {
    email: 'maria.santos@attendance.example',
    givenName: 'Maria',
    familyName: 'Santos',
  });
  vendor = await t.signIn((await t.user([{ orgId: org.id, role: 'training_admin' }])).email);
  stranger = await t.signIn((await t.user([{ orgId: other.id, role: 'training_admin' }])).email);
  const topic = (await vendor.post('/api/training/topics', { code: 'ATT', title: 'Attendance' })).json();
  const session = (kind: 'live' | 'recorded') =>
    vendor.post('/api/training/sessions', {
      topicId: topic.id,
      kind,
      title: `A ${kind} session`,
      ...(kind === 'live'
        ? {
            startsAt: '2026-11-10T15:00:00Z',
            endsAt: '2026-11-10T17:00:00Z',
            joinUrl: 'https://webinar.example/j/1',
          }
        : { videoUrl: 'https://video.example/v/1', durationMinutes: 60 }),
    });
  const live = await session('live');
  const recorded = await session('recorded');
  expect(live.statusCode, live.body).toBe(201);
  expect(recorded.statusCode, recorded.body).toBe(201);
  ids = { live: live.json().id, recorded: recorded.json().id, other: other.id };
});
afterAll(() => t.close());

/** Uploads a report, runs its job, and returns the answer, the job and the result workbook's lines. */
async function importReport(
  content: string | Buffer,
  name = 'participants.csv',
  client = vendor,
  session = ids.live,
) {
  return uploadAndImport(t, client, `/api/training/sessions/${session}/attendance`, name, content);
}

const attendanceNames = async () =>
  (await vendor.get(`/api/training/sessions/${ids.live}/attendance`))
    .json()
    .items.map((i: { name: string }) => i.name)
    .sort();

/** Windows-1252 bytes of text whose characters are in that code page. */
const cp1252 = (text: string) =>
  Buffer.from([...text].map((c) => ({ '’': 0x92, '“': 0x93, '”': 0x94 })[c] ?? c.charCodeAt(0)));

describe('attendance import of hostile and malformed reports', () => {
  it('reads a report saved by Excel on Windows (Windows-1252) as the names it shows', async () => {
    const report = `${HEADER}\r\nJosé Muñoz,,11/10/2026 10:00:00 AM,11/10/2026 11:00:00 AM,60\r\nPatricia O’Neil “Pat”,,11/10/2026 10:00:00 AM,11/10/2026 11:00:00 AM,60\r\n`;
    const { job } = await importReport(cp1252(report));
    expect(job.result).toMatchObject({ outcome: 'imported', rows: 2 });
    expect(await attendanceNames()).toEqual(['José Muñoz', 'Patricia O’Neil “Pat”']);
  });

  it('reads a stray quote in an unquoted name as itself', async () => {
    const { job } = await importReport(
      `${HEADER}\n${GOOD.join('\n')}\nJo "JJ" Lee,,11/10/2026 10:00:00 AM,11/10/2026 11:00:00 AM,60\n`,
    );
    expect(job.result).toMatchObject({ outcome: 'imported', rows: 4, matched: 2, unmatched: 2 });
    expect(await attendanceNames()).toContain('Jo "JJ" Lee');
  });

  it('names the row of a quote never closed, of NUL in a name, of binary data; keeps the attendance as it was', async () => {
    const before = await attendanceNames();
    const unclosed = await importReport(
      `${HEADER}\n${GOOD[0]}\n"Bo Chen,,11/10/2026 10:00:00 AM,,60\n${GOOD[1]}\n`,
    );
    expect(unclosed.started.statusCode).toBe(202);
    expect(unclosed.job).toMatchObject({ status: 'succeeded', result: { outcome: 'rejected', problems: 1 } });
    expect(unclosed.lines).toContainEqual(
      expect.stringMatching(/^3 \| {2}\| A cell that starts with a quote mark/),
    );

    const nul = await importReport(`${HEADER}\n${GOOD[0]}\nAnn\u0000Lee,,11/10/2026 10:00:00 AM,,60\n`);
    expect(nul.job).toMatchObject({ status: 'succeeded', result: { outcome: 'rejected', problems: 1 } });
    expect(nul.lines).toContainEqual(
      expect.stringMatching(/^3 \| Name \(Original Name\) \| Has a control character \(NUL\)/),
    );

    const png = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
    ]);
    const binary = await importReport(Buffer.concat([png, png, Buffer.from('\n'), png]));
    expect(binary.job).toMatchObject({ status: 'succeeded', result: { outcome: 'rejected' } });
    expect(problemLines(binary.lines).allNameARow).toBe(true);
    expect(await attendanceNames()).toEqual(before);
  });

  it('refuses, with a message and never a 500: a recorded session, another organisation’s session, a file not CSV, no file', async () => {
    const recorded = await importReport(`${HEADER}\n${GOOD[0]}\n`, 'participants.csv', vendor, ids.recorded);
    expect(recorded.started.statusCode).toBe(409);
    const theirs = await importReport(`${HEADER}\n${GOOD[0]}\n`, 'participants.csv', stranger);
    expect(theirs.started.statusCode).toBe(404);
    const xlsx = await importReport('PK', 'participants.xlsx');
    expect(xlsx.started.statusCode).toBe(400);
    expect(xlsx.started.json().issues[0].message).toBe('"participants.xlsx" is not .csv');
    const none = await vendor.post(`/api/training/sessions/${ids.live}/attendance`);
    expect(none.statusCode).toBeLessThan(500);
  });

  it('refuses a job whose session is not a live session of the organisation that queued it, changing nothing', async () => {
    const before = await attendanceNames();
    const job = attendanceImportJob({
      database: t.database,
      audit: t.services.audit,
      files: t.services.files,
    });
    const actor = { userId: null, name: 'Test', ip: null, userAgent: null, orgId: ids.other };
    const result = await job(
      {
        orgId: ids.other,
        id: crypto.randomUUID(),
        payload: { sessionId: ids.live, fileId: crypto.randomUUID(), fileName: 'theirs.csv', actor },
      } as never,
      {
        progress: async () => {},
        applied: async () => {},
        signal: new AbortController().signal,
        log: undefined,
      },
    );
    expect(result).toMatchObject({ outcome: 'rejected', problems: 1 });
    expect(await attendanceNames()).toEqual(before);
  });

  it('never fails the job or answers 500 on generated bad cells, writes all or nothing, and names the row of each problem', async () => {
    await fc.assert(
      fc.asyncProperty(csvWithBadCells(HEADER, GOOD), async (bytes) => {
        const before = await attendanceNames();
        const { started, job, lines } = await importReport(bytes);
        expect(started.statusCode).toBe(202);
        expect(job.status).toBe('succeeded');
        if (job.result.outcome === 'rejected') {
          const { problems, allNameARow } = problemLines(lines);
          expect(problems.length).toBeGreaterThan(0);
          expect(allNameARow, lines.join('\n')).toBe(true);
          expect(await attendanceNames()).toEqual(before);
        } else expect((await attendanceNames()).length).toBe(job.result.rows);
      }),
      { seed: 14, numRuns: Number(process.env.FUZZ_RUNS ?? 40) },
    );
  }, 240_000);
});
