import { addDays } from '@contract/iso-days.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageOn, firstEnrollmentDay, notWelcomed, type Resident, welcomeProgramOf } from './mailing.rules.js';

// Who a welcome mailing writes to (decision 063), and the first day of enrollment its letters name.

const member = (over: Partial<Resident> = {}): Resident => ({
  dateOfBirth: '1980-06-15',
  masshealthId: '100200300400',
  mbi: '1EG4TE5MK73',
  addressLine1: '12 Wendell Avenue',
  town: 'Pittsfield',
  postalCode: '01201',
  covered: false,
  ...over,
});

const day = fc.integer({ min: 0, max: 365 * 60 }).map((n) => addDays('1990-01-01', n));

describe('a One Care welcome', () => {
  it('goes to members aged 21 to 64 on the first day of enrollment, with both identifiers and an address', () => {
    expect(notWelcomed(member(), 'one_care', '2021-01-01')).toBeNull();
    expect(notWelcomed(member({ dateOfBirth: '2000-01-02' }), 'one_care', '2021-01-01')).toBe('age'); // 20
    expect(notWelcomed(member({ dateOfBirth: '2000-01-01' }), 'one_care', '2021-01-01')).toBeNull(); // 21 that day
    expect(notWelcomed(member({ dateOfBirth: '1956-01-01' }), 'one_care', '2021-01-01')).toBe('age'); // 65
    expect(notWelcomed(member({ dateOfBirth: '1956-01-02' }), 'one_care', '2021-01-01')).toBeNull(); // 64
    expect(notWelcomed(member({ mbi: null }), 'one_care', '2021-01-01')).toBe('mbi');
    expect(notWelcomed(member({ postalCode: ' ' }), 'one_care', '2021-01-01')).toBe('address');
  });

  it('passes over a resident covered already on the first day of enrollment, whatever else holds', () => {
    expect(notWelcomed(member({ covered: true }), 'one_care', '2021-01-01')).toBe('member');
    expect(notWelcomed(member({ covered: true, mbi: null }), 'aco', '2021-01-01')).toBe('member');
  });

  it('an ACO or MCO welcomes every member with an address, whatever their age or Medicare', () => {
    expect(notWelcomed(member({ dateOfBirth: '1940-01-01', mbi: null }), 'aco', '2021-01-01')).toBeNull();
    expect(notWelcomed(member({ town: null }), 'mco', '2021-01-01')).toBe('address');
  });

  it('is sent by plans (One Care), ACOs and MCOs only', () => {
    expect(['plan', 'aco', 'mco', 'cp_bh', 'provider'].map(welcomeProgramOf)).toEqual([
      'one_care',
      'aco',
      'mco',
      null,
      null,
    ]);
  });
});

describe('age', () => {
  it('counts whole years; a 29 February birthday comes on 1 March in other years', () => {
    expect(ageOn('2000-02-29', '2021-02-28')).toBe(20);
    expect(ageOn('2000-02-29', '2021-03-01')).toBe(21);
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 100 }), (birth, years) => {
        const [y, m, d] = birth.split('-');
        if (m === '02' && d === '29') return;
        expect(ageOn(birth, `${Number(y) + years}-${m}-${d}`)).toBe(years);
      }),
    );
  });
});

describe('the first day of enrollment a letter names', () => {
  it('is the effective day if it is still to come, else the first of next month', () => {
    expect(firstEnrollmentDay('2021-01-01', '2020-11-10')).toBe('2021-01-01');
    expect(firstEnrollmentDay('2021-01-01', '2021-01-01')).toBe('2021-01-01');
    expect(firstEnrollmentDay('2021-01-01', '2026-12-02')).toBe('2027-01-01');
    fc.assert(
      fc.property(day, day, (effective, today) => {
        const first = firstEnrollmentDay(effective, today);
        expect(first >= today).toBe(true);
        expect(first === effective || (first.endsWith('-01') && first > today)).toBe(true);
      }),
    );
  });
});
