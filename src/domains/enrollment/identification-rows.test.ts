import { IDENTIFICATION_COLUMNS } from '@contract/enrollment/identification.schemas.js';
import { describe, expect, it } from 'vitest';
import { latestPerMember, mapIdentificationHeader, readIdentificationRow } from './identification-rows.js';

const { index } = mapIdentificationHeader([...IDENTIFICATION_COLUMNS]);
const row = (cells: Partial<Record<(typeof IDENTIFICATION_COLUMNS)[number], string>>, n = 2) =>
  readIdentificationRow(
    IDENTIFICATION_COLUMNS.map((c) => cells[c] ?? ''),
    index,
    n,
    '2026-06-30',
  );
const good = {
  Medicaid_ID: '100200300400',
  Member_Date_of_Birth: '19610314',
  ACO_MCO_PID: '110000101',
  ACO_MCO_SL: 'a',
  CP_Type: 'ltss',
  Enrollment_Start_Date: '3/1/2026',
  DMH_Flag: 'y',
  DDS_Flag: 'N',
  EOEA_Flag: '',
  Record_Status: 'a',
  Record_Update_Date: '46082',
};

describe('a row of an identified-member list', () => {
  it('reads past stray spaces, codes in either case, and three ways of writing a date', () => {
    const r = row({ ...good, Medicaid_ID: ' 1002 0030 0400 ' });
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({
      medicaidId: '100200300400',
      dateOfBirth: '1961-03-14',
      acoSl: 'A',
      cpType: 'LTSS',
      startsOn: '2026-03-01',
      agencyFlags: ['DMH'],
      status: 'A',
      updatedOn: '2026-03-01',
    });
  });

  it('names the column of each problem, an ID one digit short among them', () => {
    const r = row({
      ...good,
      Medicaid_ID: '10020030040',
      Record_Status: 'Z',
      Record_Update_Date: '20270101',
    });
    expect(r.problems.map((p) => p.column)).toEqual(['Medicaid_ID', 'Record_Status', 'Record_Update_Date']);
    expect(r.problems[0]!.message).toMatch(/^A MassHealth member ID has 12 digits; this has 11/);
  });

  it('refuses a reason that reorders its letters, naming the column', () => {
    const r = row({ ...good, Start_Reason_Desc: 'Referred \u202Eby PCP' });
    expect(r.problems).toEqual([
      {
        column: 'Start_Reason_Desc',
        message: expect.stringMatching(/reorders the text on screen \(U\+202E\)/),
      },
    ]);
    // A zero-width space is taken out as the cell is read, as in an ID.
    expect(row({ ...good, Start_Reason_Desc: 'Referred \u200Bby PCP' })).toMatchObject({
      problems: [],
      startReason: 'Referred by PCP',
    });
  });

  it('an inactive record needs no start date; an active one does', () => {
    expect(row({ ...good, Record_Status: 'I', Enrollment_Start_Date: '' }).problems).toEqual([]);
    expect(row({ ...good, Enrollment_Start_Date: '' }).problems.map((p) => p.column)).toEqual([
      'Enrollment_Start_Date',
    ]);
  });
});

describe('the same member on several rows', () => {
  it('keeps the later record, and of two on one day the later row', () => {
    const rows = [
      row({ ...good, Record_Update_Date: '20260301' }, 2),
      row({ ...good, Record_Update_Date: '20260310' }, 3),
      row({ ...good, Record_Update_Date: '20260305' }, 4),
      row({ ...good, Record_Update_Date: '20260310' }, 5),
    ];
    expect([...latestPerMember(rows)]).toEqual([
      [2, 5],
      [3, 5],
      [4, 5],
    ]);
  });
});
