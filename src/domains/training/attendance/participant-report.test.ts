import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attendedMinutes, foldName, matchParticipants, namesIn } from './matching.js';
import { parseReportTime, readParticipantReport } from './participant-report.js';

const SAMPLE = new URL('../../../../test/fixtures/webinar-participants.csv', import.meta.url);
const tz = 'America/New_York';
const csv = (text: string) => readParticipantReport(Readable.from([text]), tz);

describe('the participant report', () => {
  it('reads the meeting block and every join row of the sample report', async () => {
    const report = await readParticipantReport(createReadStream(SAMPLE), tz);
    expect(report.problems).toEqual([]);
    expect(report.meeting).toEqual({
      id: '812 3456 7890',
      topic: 'One Care: Cultural Competence (live webinar)',
      startTime: '11/10/2026 10:00:03 AM',
      row: 2,
    });
    expect(report.rows.length).toBeGreaterThanOrEqual(8);
    const maria = report.rows.filter((r) => r.name === 'Maria Santos');
    expect(maria.map((r) => r.minutes)).toEqual([64, 58]);
    // 09:58:12 AM in Boston on 10 November (EST, UTC−5).
    expect(maria[0]!.joinedAt!.toISOString()).toBe('2026-11-10T14:58:12.000Z');
    expect(report.rows.find((r) => r.name.startsWith('Nguyễn'))!.email).toBeNull();
  });

  it('reads a report without a meeting block, and names the row and column of what it cannot read', async () => {
    const report = await csv(
      'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\n' +
        'Ann Lee,ann@x.example,11/10/2026 10:00:00 AM,11/10/2026 11:00:00 AM,60\n' +
        'Bo Chen,bo@x.example,yesterday,11/10/2026 11:00:00 AM,sixty\n' +
        ',,,,\n' +
        ',,11/10/2026 10:00:00 AM,,5\n',
    );
    expect(report.rows.map((r) => r.name)).toEqual(['Ann Lee']);
    expect(report.problems).toEqual([
      { row: 3, column: 'Join Time', message: '"yesterday" is not a date and time' },
      { row: 3, column: 'Duration (Minutes)', message: '"sixty" is not a number of minutes' },
      { row: 5, column: 'Name', message: 'Neither a name nor an e-mail address' },
    ]);
  });

  it('says so when there is no participant header at all', async () => {
    const report = await csv('a,b,c\n1,2,3\n');
    expect(report.problems[0]!.message).toMatch(/No participant header row/);
  });

  it('reads local times across the daylight-saving change', () => {
    expect(parseReportTime('07/01/2026 09:00:00 AM', tz)!.toISOString()).toBe('2026-07-01T13:00:00.000Z');
    expect(parseReportTime('01/15/2026 12:30:00 PM', tz)!.toISOString()).toBe('2026-01-15T17:30:00.000Z');
    expect(parseReportTime('01/15/2026 12:30:00 AM', tz)!.toISOString()).toBe('2026-01-15T05:30:00.000Z');
    expect(parseReportTime('13/15/2026 10:00:00 AM', tz)).toBeNull();
  });
});

describe('matching participants to people', () => {
  const people = [
    { personId: 'p1', givenName: 'Maria', familyName: 'Santos', email: 'maria.santos@bch.example' },
    { personId: 'p2', givenName: 'JB', familyName: 'Pierre', email: 'jb@brockton.example' },
    { personId: 'p3', givenName: 'Lan', familyName: 'Nguyen Thi', email: 'lan@x.example' },
    { personId: 'p4', givenName: 'Thi Lan', familyName: 'Nguyen', email: 'lan2@x.example' },
  ];
  const byEmail = new Map(people.map((p) => [p.email, p.personId]));
  const row = (name: string, email: string | null = null) => ({
    rowNumber: 1,
    name,
    email,
    joinedAt: null,
    leftAt: null,
    minutes: 10,
  });

  it('matches by e-mail in any case, then by name or alias, and leaves the rest unmatched', () => {
    const matched = matchParticipants(
      [
        row('M. Santos', 'MARIA.Santos@BCH.example '),
        row('Jean-Baptiste Pierre (JB Pierre)'),
        row('Nguyễn Thị Lan'),
        row('DOE-CARE-COORD iPhone'),
      ],
      byEmail,
      people,
    );
    expect(matched.map((m) => [m.personId, m.matchedBy])).toEqual([
      ['p1', 'email'],
      ['p2', 'alias'],
      // Two registrants fold to the same name: left for a person to decide.
      [null, null],
      [null, null],
    ]);
  });

  it('folds accents and punctuation, and splits an alias', () => {
    expect(foldName("  Patricia O'Neil ")).toBe('patricia o neil');
    expect(foldName('Ana Lúcia Ferreira')).toBe('ana lucia ferreira');
    expect(namesIn('Jean-Baptiste Pierre (JB Pierre)')).toEqual({
      name: 'Jean-Baptiste Pierre',
      alias: 'JB Pierre',
    });
  });

  it('sums rejoins and counts overlapping joins once', () => {
    const at = (h: number, m: number) => new Date(Date.UTC(2026, 10, 10, h, m));
    expect(
      attendedMinutes([
        { joinedAt: at(15, 0), leftAt: at(16, 0), minutes: 60 },
        { joinedAt: at(16, 10), leftAt: at(16, 40), minutes: 30 },
        { joinedAt: at(15, 30), leftAt: at(15, 50), minutes: 20 }, // a second device, inside the first join
        { joinedAt: null, leftAt: null, minutes: 5 },
      ]),
    ).toBe(95);
  });

  it('never counts more minutes than the union of the joins, nor fewer than the longest', () => {
    const interval = fc
      .tuple(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 240 }))
      .map(([start, length]) => ({
        joinedAt: new Date(start * 60_000),
        leftAt: new Date((start + length) * 60_000),
        minutes: length,
      }));
    fc.assert(
      fc.property(fc.array(interval, { minLength: 1, maxLength: 8 }), (rows) => {
        const total = attendedMinutes(rows);
        const longest = Math.max(...rows.map((r) => r.minutes));
        const sum = rows.reduce((s, r) => s + r.minutes, 0);
        return total >= longest && total <= sum;
      }),
    );
  });
});
