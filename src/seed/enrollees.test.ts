import { MASSACHUSETTS_COUNTIES } from '@contract/organisations/counties.js';
import { describe, expect, it } from 'vitest';
import { careHistoryOf, generateCareHistories } from './care-history.js';
import {
  ACCESSIBLE_FORMATS,
  enrolleeAt,
  generateEnrollees,
  LANGUAGES,
  massHealthIdOf,
  mbiOf,
  ZIP_OF_TOWN,
} from './enrollees.js';
import { TOWNS_BY_COUNTY } from './names.js';

const TODAY = '2026-03-15';
const OPTIONS = { seed: 19, today: TODAY, coordinators: 40 };

/** CMS's MBI format, written here only for the test: the shared validator is the care domain's. */
const LETTER = '[AC-HJKMNP-RT-Y]';
const MBI = new RegExp(
  `^[1-9]${LETTER}(?:\\d|${LETTER})\\d${LETTER}(?:\\d|${LETTER})\\d${LETTER}${LETTER}\\d\\d$`,
);

const ageOn = (dob: string, day: string) => {
  const years = Number(day.slice(0, 4)) - Number(dob.slice(0, 4));
  return day.slice(5) < dob.slice(5) ? years - 1 : years;
};

describe('synthetic enrollees', () => {
  it('are the same for the same seed and index, however they are reached', () => {
    const run = [...generateEnrollees(300, OPTIONS)];
    expect([...generateEnrollees(300, OPTIONS)]).toEqual(run);
    expect(enrolleeAt(217, OPTIONS)).toEqual(run[217]);
    expect([...generateEnrollees(10, { ...OPTIONS, first: 290 })]).toEqual(run.slice(290));
    expect(careHistoryOf(run[42]!, OPTIONS)).toEqual(careHistoryOf(enrolleeAt(42, OPTIONS), OPTIONS));
    expect(
      enrolleeAt(5, { ...OPTIONS, seed: 20 }).familyName + enrolleeAt(6, { ...OPTIONS, seed: 20 }).givenName,
    ).not.toBe(run[5]!.familyName + run[6]!.givenName);
  });

  it('carry valid, unique identifiers, One Care ages and real Massachusetts places', () => {
    const ids = new Set<string>();
    const mbis = new Set<string>();
    const n = 5_000;
    for (const e of generateEnrollees(n, OPTIONS)) {
      expect(e.massHealthId).toMatch(/^\d{12}$/);
      expect(e.mbi, e.mbi).toMatch(MBI);
      ids.add(e.massHealthId);
      mbis.add(e.mbi);
      const age = ageOn(e.dateOfBirth, TODAY);
      expect(age, e.dateOfBirth).toBeGreaterThanOrEqual(21);
      expect(age, e.dateOfBirth).toBeLessThanOrEqual(64);
      expect(ageOn(e.dateOfBirth, e.effectiveOn), `${e.dateOfBirth} ${e.effectiveOn}`).toBeGreaterThanOrEqual(
        21,
      );
      expect(e.effectiveOn.endsWith('-01')).toBe(true);
      if (e.endsOn) expect(e.endsOn > e.effectiveOn && e.endsOn < TODAY).toBe(true);
      expect(MASSACHUSETTS_COUNTIES).toContain(e.county);
      expect(TOWNS_BY_COUNTY[e.county]).toContain(e.town);
      expect(e.zip).toMatch(/^0[12]\d{3}$/);
      if (e.phone) expect(e.phone).toMatch(/^\d{3}-555-\d{4}$/);
      if (e.email) expect(e.email).toMatch(/^[a-z]+\.[a-z]+\d+@example\.(com|net|org)$/);
      expect(Object.keys(LANGUAGES)).toContain(e.language);
      for (const f of e.accessibleFormats) expect(Object.keys(ACCESSIBLE_FORMATS)).toContain(f);
    }
    expect(ids.size).toBe(n);
    expect(mbis.size).toBe(n);
    // Every town has its ZIP; every county and language turns up.
    for (const towns of Object.values(TOWNS_BY_COUNTY))
      for (const t of towns) expect(ZIP_OF_TOWN[t], t).toBeDefined();
    const all = [...generateEnrollees(5_000, OPTIONS)];
    expect(new Set(all.map((e) => e.county)).size).toBe(14);
    expect(new Set(all.map((e) => e.language)).size).toBe(Object.keys(LANGUAGES).length);
    expect(all.filter((e) => e.language === 'en').length / all.length).toBeGreaterThan(0.6);
  });

  it('never share an identifier among the benchmark’s 200,000', () => {
    const ids = new Set<string>();
    const mbis = new Set<string>();
    for (let i = 0; i < 200_000; i++) {
      ids.add(massHealthIdOf(i));
      mbis.add(mbiOf(i));
    }
    expect(ids.size).toBe(200_000);
    expect(mbis.size).toBe(200_000);
    for (let i = 199_000; i < 200_000; i++) expect(mbiOf(i)).toMatch(MBI);
  });

  it('keep identifiers apart across plans given distinct ranges', () => {
    const a = [...generateEnrollees(1000, { ...OPTIONS, first: 0 })].map((e) => e.mbi);
    const b = [...generateEnrollees(1000, { ...OPTIONS, seed: 7, first: 1000 })].map((e) => e.mbi);
    expect(new Set([...a, ...b]).size).toBe(2000);
  });
});

describe('synthetic care histories', () => {
  const histories = [...generateCareHistories(4_000, OPTIONS)];

  it('put an enrollee at every stage, with contacts of every mode, some reached and some not', () => {
    const stages = new Set(histories.map((h) => h.history.stage));
    for (const s of [
      'none_yet',
      'due_soon',
      'overdue',
      'done',
      'yearly_due',
      'yearly_overdue',
      'major_change_due',
      'ended',
    ])
      expect(stages, s).toContain(s);
    const contacts = histories.flatMap((h) => h.history.contacts);
    expect(new Set(contacts.map((c) => c.mode))).toEqual(
      new Set(['home_visit', 'in_person', 'phone', 'video', 'email', 'letter', 'text']),
    );
    expect(contacts.some((c) => c.reached) && contacts.some((c) => !c.reached)).toBe(true);
    // About ten contacts and two assessments an enrollee: 200,000 give the benchmark's two million and 400,000.
    expect(contacts.length / histories.length).toBeGreaterThan(8.5);
    expect(contacts.length / histories.length).toBeLessThan(11.5);
    const assessments = histories.flatMap((h) => h.history.assessments);
    expect(assessments.length / histories.length).toBeGreaterThan(1.6);
    expect(assessments.length / histories.length).toBeLessThan(2.6);
  });

  it('stay within the enrollment and before today, in order, keyed by the enrollee', () => {
    for (const { enrollee: e, history: h } of histories) {
      const last = e.endsOn && e.endsOn < TODAY ? e.endsOn : TODAY;
      expect(h.enrolleeIndex).toBe(e.index);
      expect(h.coordinator).toBeLessThan(OPTIONS.coordinators);
      for (const [i, c] of h.contacts.entries()) {
        expect(c.enrolleeIndex).toBe(e.index);
        expect(c.sequence).toBe(i);
        expect(c.occurredOn >= e.effectiveOn && c.occurredOn <= last, `${e.index} ${c.occurredOn}`).toBe(
          true,
        );
        expect(c.time).toMatch(/^(0[89]|1\d):[0-5]\d$/);
        if (i > 0) expect(c.occurredOn >= h.contacts[i - 1]!.occurredOn).toBe(true);
      }
      for (const a of h.assessments) {
        expect(a.completedOn >= e.effectiveOn && a.completedOn <= last).toBe(true);
        // Each assessment meeting is a reached contact on its day, in person when the assessment says so.
        if (a.kind !== 'hrsn_screening')
          expect(
            h.contacts.some(
              (c) =>
                c.occurredOn === a.completedOn &&
                c.reached &&
                (c.mode === 'home_visit' || c.mode === 'in_person') === a.inPerson,
            ),
          ).toBe(true);
      }
    }
  });

  it('end some with three unsuccessful attempts on different days in two modes, none reached in 90 days', () => {
    const unreachable = histories.filter((h) => h.history.unreachable);
    expect(unreachable.length).toBeGreaterThan(100);
    for (const { history: h } of unreachable) {
      const recent = h.contacts.filter((c) => c.occurredOn > '2025-12-15');
      expect(recent.every((c) => !c.reached)).toBe(true);
      expect(new Set(recent.map((c) => c.occurredOn)).size).toBeGreaterThanOrEqual(3);
      expect(new Set(recent.map((c) => c.mode)).size).toBeGreaterThanOrEqual(2);
    }
  });
});
