import type { CareRule } from '@contract/care/rules.schemas.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Contact, noContactSince, unreachable } from './outreach.js';
import { STANDARD_CARE_RULES } from './rule-catalogue.js';
import { addDays, ruleInForce } from './rules.js';

const rules: CareRule[] = [...STANDARD_CARE_RULES];
const day = (from: string, to: string) =>
  fc
    .date({ min: new Date(`${from}T00:00:00Z`), max: new Date(`${to}T00:00:00Z`), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));

describe('unreachable', () => {
  const oneCare = ruleInForce(rules, 'unreachable', 'one_care', '2024-03-10').rule!;
  const c = (id: string, on: string, mode: string, reached = false, at?: string): Contact => ({
    id,
    on,
    mode,
    reached,
    at,
  });

  it('says which attempts count and why, in sentences for the enrollee page', () => {
    const result = unreachable(
      [
        c('a', '2024-01-02', 'phone', true),
        c('b', '2024-03-03', 'phone'),
        c('c', '2024-03-03', 'phone'),
        c('d', '2024-03-05', 'phone'),
        c('e', '2024-03-08', 'letter'),
        c('f', '2023-11-01', 'phone'),
      ],
      oneCare,
      '2024-03-10',
    );
    expect(result.unreachable).toBe(true);
    expect(result.counted).toEqual([
      { contactId: 'b', why: 'Counted: phone, not reached, 3 March' },
      { contactId: 'd', why: 'Counted: phone, not reached, 5 March' },
      { contactId: 'e', why: 'Counted: letter, not reached, 8 March' },
    ]);
    expect(result.notCounted).toEqual([
      {
        contactId: 'f',
        why: 'Not counted: phone, not reached, 1 November 2023; before the successful contact on 2 January',
      },
      {
        contactId: 'a',
        why: 'Not counted: phone, reached, 2 January; reached, so attempts before it no longer count',
      },
      { contactId: 'c', why: 'Not counted: phone, not reached, 3 March; second attempt on the same day' },
    ]);
    expect(result.summary).toBe(
      'Unreachable: 3 unsuccessful attempts on different days by 2 modes since 12 December 2023 (One Care unreachable rule v1)',
    );
  });

  it('One Care asks for two modes: three calls are not enough, a home visit the same day as one is', () => {
    const calls = [
      c('a', '2024-03-01', 'phone'),
      c('b', '2024-03-02', 'phone'),
      c('c', '2024-03-03', 'phone', false, '2024-03-03T14:00:00Z'),
    ];
    const three = unreachable(calls, oneCare, '2024-03-10');
    expect(three.unreachable).toBe(false);
    expect(three.summary).toBe(
      'Not yet unreachable: attempts by 1 mode; at least 2 needed (One Care unreachable rule v1)',
    );
    const visit = unreachable(
      [...calls, c('d', '2024-03-03', 'home_visit', false, '2024-03-03T16:00:00Z')],
      oneCare,
      '2024-03-10',
    );
    expect(visit.unreachable).toBe(true);
    expect(visit.notCounted).toEqual([
      {
        contactId: 'c',
        why: 'Not counted: phone, not reached, 3 March; the home visit attempt that day counts instead, adding a mode',
      },
    ]);
    // A successful contact afterwards starts it over.
    expect(
      unreachable([...calls, c('e', '2024-03-09', 'video', true)], oneCare, '2024-03-10').unreachable,
    ).toBe(false);
  });

  const MODES = ['phone', 'letter', 'home_visit', 'text'];
  const history = fc.array(
    fc.record({
      on: day('2024-01-01', '2024-05-01'),
      minute: fc.integer({ min: 0, max: 1439 }),
      mode: fc.constantFrom(...MODES),
      reached: fc.boolean(),
    }),
    { maxLength: 9 },
  );
  const rule = fc.record({
    attempts: fc.integer({ min: 1, max: 4 }),
    distinctDays: fc.boolean(),
    minModes: fc.integer({ min: 1, max: 3 }),
    withinDays: fc.integer({ min: 10, max: 120 }),
  });

  it('holds exactly when some set of attempts meets the rule (checked against every subset)', () => {
    fc.assert(
      fc.property(history, rule, day('2024-01-15', '2024-05-15'), (h, parameters, asOf) => {
        const contacts = h.map((x, i) => {
          const at = `${x.on}T${String(Math.floor(x.minute / 60)).padStart(2, '0')}:${String(x.minute % 60).padStart(2, '0')}:00.${String(i).padStart(3, '0')}Z`;
          return c(`c${i}`, x.on, x.mode, x.reached, at);
        });
        const r = {
          kind: 'unreachable',
          program: 'aco',
          version: 1,
          effectiveFrom: '2018-03-01',
          effectiveTo: null,
          parameters,
        } as const;
        const got = unreachable(contacts, r, asOf);

        // The rule, read literally: attempts after the last successful contact, inside the window.
        const seen = contacts.filter((x) => x.on <= asOf).sort((x, y) => (x.at! < y.at! ? -1 : 1));
        const last = seen.findLastIndex((x) => x.reached);
        const from = addDays(asOf, -(parameters.withinDays - 1));
        const eligible = seen.filter((x, i) => i > last && !x.reached && x.on >= from);
        let holds = false;
        for (let mask = 0; mask < 1 << eligible.length && !holds; mask++) {
          const set = eligible.filter((_, i) => mask & (1 << i));
          const days = new Set(set.map((x) => x.on));
          holds =
            set.length >= parameters.attempts &&
            (!parameters.distinctDays || days.size === set.length) &&
            new Set(set.map((x) => x.mode)).size >= parameters.minModes;
        }
        expect(got.unreachable).toBe(holds);
        // Every contact up to the day is listed once, counted or not.
        const listed = [...got.counted, ...got.notCounted].map((x) => x.contactId).sort();
        expect(listed).toEqual(seen.map((x) => x.id).sort());
        expect(got.counted.every((x) => eligible.some((e) => e.id === x.contactId))).toBe(true);
      }),
    );
  });
});

describe('no contact', () => {
  const rule = ruleInForce(rules, 'no_contact', 'aco', '2024-01-01').rule!;
  it('is flagged 60 days after the last successful contact, or after enrollment when there has been none', () => {
    const contacts: Contact[] = [
      { id: 'a', on: '2024-01-05', mode: 'phone', reached: true },
      { id: 'b', on: '2024-02-20', mode: 'phone', reached: false },
    ];
    expect(noContactSince(contacts, rule, '2024-03-04', '2023-12-01')).toMatchObject({
      noContact: false,
      since: '2024-01-05',
      dueOn: '2024-03-05',
      daysWithout: 59,
    });
    const late = noContactSince(contacts, rule, '2024-03-05', '2023-12-01');
    expect(late).toMatchObject({
      noContact: true,
      lastContact: { on: '2024-01-05', contactId: 'a' },
      daysWithout: 60,
    });
    expect(late.explanation).toBe(
      'No successful contact in 60 days, since the last successful contact on 5 January (ACO no-contact rule v1)',
    );
    expect(noContactSince([], rule, '2024-03-05', '2024-01-10')).toMatchObject({
      noContact: false,
      since: '2024-01-10',
      lastContact: null,
    });
  });
});
