import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readTabular } from '../../src/platform/files/tabular.js';
import { enrolleeAt } from '../../src/seed/enrollees.js';
import { tmpFile } from './files.js';
import {
  ROSTER_HEADER,
  rosterCsv,
  rosterRow,
  rosterXlsx,
  SAMPLE_ROSTER,
  SAMPLE_ROSTER_FLAWS,
  sampleRosterRows,
  writeRosterCsv,
  writeRosterXlsx,
} from './roster-files.js';

const OPTIONS = { seed: 19, today: '2026-03-15' };

async function read(file: string, format: 'csv' | 'xlsx') {
  const source = await readTabular(file, format);
  const rows: string[][] = [];
  for await (const r of source.rows) rows.push(r.cells);
  return { header: source.header, rows };
}

describe('enrollee roster files', () => {
  it('read back through the import reader as they were written, CSV and XLSX, small and streamed', async () => {
    const enrollees = Array.from({ length: 30 }, (_, i) => enrolleeAt(i, OPTIONS));
    const expected = enrollees.map(rosterRow);
    for (const [file, format] of [
      [rosterCsv(enrollees), 'csv'],
      [await rosterXlsx(enrollees), 'xlsx'],
      [await writeRosterCsv(tmpFile('roster.csv'), { ...OPTIONS, rows: 30 }), 'csv'],
      [await writeRosterXlsx(tmpFile('roster.xlsx'), { ...OPTIONS, rows: 30 }), 'xlsx'],
    ] as const) {
      const { header, rows } = await read(file, format);
      expect(header, file).toEqual([...ROSTER_HEADER]);
      expect(rows, file).toEqual(expected.map((r) => r.slice(0, header.length)));
    }
  });

  it('plant the flaws a test asks for', async () => {
    const file = await writeRosterCsv(tmpFile('roster.csv'), {
      ...OPTIONS,
      rows: 3,
      edit: (row, i) => (i === 1 ? row.map((v, c) => (c === 0 ? '123' : v)) : row),
    });
    const { rows } = await read(file, 'csv');
    expect(rows.map((r) => r[0]!.length)).toEqual([12, 3, 12]);
  });
});

describe('the sample roster fixture', () => {
  it('is the generated roster with exactly the four flaws its README names', () => {
    const text = readFileSync(new URL('../fixtures/enrollee-roster.csv', import.meta.url), 'utf8');
    const lines = text.trimEnd().split('\r\n');
    expect(lines).toHaveLength(SAMPLE_ROSTER.rows + 1);
    const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
    expect(lines.slice(1)).toEqual(sampleRosterRows().map((r) => r.map(quote).join(',')));
    const clean = Array.from({ length: SAMPLE_ROSTER.rows }, (_, i) =>
      rosterRow(enrolleeAt(SAMPLE_ROSTER.first + i, SAMPLE_ROSTER)),
    );
    const differing = sampleRosterRows().flatMap((r, i) => (r.join() === clean[i]!.join() ? [] : [i + 1]));
    expect(differing).toEqual(Object.keys(SAMPLE_ROSTER_FLAWS).map(Number));
    const readme = readFileSync(new URL('../fixtures/README.md', import.meta.url), 'utf8');
    for (const n of differing) expect(readme).toContain(`row ${n},`);
    expect(sampleRosterRows()[40]![4]).toBe('3/4/1961');
    expect(sampleRosterRows()[18]![0]).toMatch(/^\d{11}$/);
    expect(sampleRosterRows()[6]![1]![1]).toBe('S');
  });
});
