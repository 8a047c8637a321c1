// Outreach as pure functions: whether an enrollee is provably unreachable under a rule, and whether they have
// gone too long without a successful contact. Days are ISO days; the caller says what day it is.
import { contactModeWords, ruleRefLabel } from '@contract/care/rules.labels.js';
import type { CareRuleOf, RuleRef } from '@contract/care/rules.schemas.js';
import { addDays, daysFrom, dayWords } from './rules.js';

/** One contact or attempt: its Massachusetts day, and optionally its instant to order a day's contacts. */
export interface Contact {
  id: string;
  on: string;
  /** ISO instant; contacts on the same day are ordered by it, then as given. */
  at?: string | undefined;
  mode: string;
  reached: boolean;
}

export interface ContactReason {
  contactId: string;
  why: string;
}

export interface Unreachable {
  unreachable: boolean;
  counted: ContactReason[];
  notCounted: ContactReason[];
  /** The window the attempts must fall in: `withinDays` days ending on the day asked about. */
  window: { from: string; to: string };
  rule: RuleRef;
  summary: string;
}

const refOf = (r: CareRuleOf<'unreachable' | 'no_contact'>): RuleRef => ({
  kind: r.kind,
  program: r.program,
  version: r.version,
});

/** Contacts on or before `asOf`, in the order they happened. */
function inOrder(contacts: readonly Contact[], asOf: string) {
  return contacts
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.on <= asOf)
    .sort((a, b) =>
      a.c.on !== b.c.on
        ? a.c.on < b.c.on
          ? -1
          : 1
        : (a.c.at ?? '') !== (b.c.at ?? '')
          ? (a.c.at ?? '') < (b.c.at ?? '')
            ? -1
            : 1
          : a.i - b.i,
    )
    .map(({ c }) => c);
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth'];
const ordinal = (n: number) => ORDINALS[n - 1] ?? `${n}th`;
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/**
 * One attempt a day (when the rule asks for different days), chosen so the day's attempts add as many modes as
 * they can: a maximum matching of modes to days, starting from each day's first attempt.
 */
function oneADay(days: Contact[][]): Contact[] {
  const chosen = days.map((d) => d[0]!);
  const dayOfMode = new Map<string, number>();
  for (const [i, c] of chosen.entries()) if (!dayOfMode.has(c.mode)) dayOfMode.set(c.mode, i);
  const modeOfDay = new Map<number, string>([...dayOfMode].map(([m, d]) => [d, m]));
  const augment = (mode: string, seen: Set<number>): boolean => {
    for (const [d, attempts] of days.entries()) {
      if (seen.has(d) || !attempts.some((c) => c.mode === mode)) continue;
      seen.add(d);
      const held = modeOfDay.get(d);
      if (held === undefined || augment(held, seen)) {
        modeOfDay.set(d, mode);
        dayOfMode.set(mode, d);
        return true;
      }
    }
    return false;
  };
  const modes = new Set(days.flat().map((c) => c.mode));
  for (const mode of modes) if (!dayOfMode.has(mode)) augment(mode, new Set());
  return chosen.map((first, d) => {
    const mode = modeOfDay.get(d);
    return mode === undefined ? first : days[d]!.find((c) => c.mode === mode)!;
  });
}

/**
 * Whether the enrollee is provably unreachable on `asOf`: at least `attempts` unsuccessful attempts within the
 * window, on different days where the rule asks, by at least `minModes` modes, with no successful contact after
 * them. Each contact up to `asOf` is listed as counted or not, with the reason in a sentence the enrollee page
 * shows.
 */
export function unreachable(
  contacts: readonly Contact[],
  rule: CareRuleOf<'unreachable'>,
  asOf: string,
): Unreachable {
  const { attempts, distinctDays, minModes, withinDays } = rule.parameters;
  const from = addDays(asOf, -(withinDays - 1));
  const all = inOrder(contacts, asOf);
  const lastReached = all.findLastIndex((c) => c.reached);
  const what = (c: Contact) =>
    `${contactModeWords(c.mode)}, ${c.reached ? 'reached' : 'not reached'}, ${dayWords(c.on, asOf)}`;
  const notCounted: ContactReason[] = [];
  const skip = (c: Contact, why: string) =>
    notCounted.push({ contactId: c.id, why: `Not counted: ${what(c)}; ${why}` });

  const eligible: Contact[] = [];
  for (const [i, c] of all.entries()) {
    if (c.reached)
      skip(c, i === lastReached ? 'reached, so attempts before it no longer count' : 'a successful contact');
    else if (i < lastReached)
      skip(c, `before the successful contact on ${dayWords(all[lastReached]!.on, asOf)}`);
    else if (c.on < from) skip(c, `more than ${plural(withinDays, 'day')} before ${dayWords(asOf, asOf)}`);
    else eligible.push(c);
  }

  let counted: Contact[];
  if (distinctDays) {
    const days: Contact[][] = [];
    for (const c of eligible) {
      const last = days.at(-1);
      if (last && last[0]!.on === c.on) last.push(c);
      else days.push([c]);
    }
    counted = oneADay(days);
    for (const [d, attempts] of days.entries()) {
      const kept = counted[d]!;
      for (const [n, c] of attempts.entries()) {
        if (c === kept) continue;
        const keptFirst = attempts.indexOf(kept) < n;
        skip(
          c,
          keptFirst
            ? `${ordinal(n + 1)} attempt on the same day`
            : `the ${contactModeWords(kept.mode)} attempt that day counts instead, adding a mode`,
        );
      }
    }
  } else counted = eligible;

  const modes = new Set(counted.map((c) => c.mode)).size;
  const isUnreachable = counted.length >= attempts && modes >= minModes;
  const onDays = distinctDays ? ' on different days' : '';
  const ref = refOf(rule);
  const short = [
    counted.length < attempts ? `${counted.length} of ${attempts} attempts${onDays}` : null,
    modes < minModes ? `attempts by ${plural(modes, 'mode')}; at least ${minModes} needed` : null,
  ].filter(Boolean);
  const summary = isUnreachable
    ? `Unreachable: ${plural(counted.length, 'unsuccessful attempt')}${onDays} by ${plural(modes, 'mode')} since ${dayWords(from, asOf)} (${ruleRefLabel(ref)})`
    : `Not yet unreachable: ${short.join('; ')} (${ruleRefLabel(ref)})`;
  const order = new Map(all.map((c, i) => [c.id, i]));
  const byOrder = (a: ContactReason, b: ContactReason) =>
    (order.get(a.contactId) ?? 0) - (order.get(b.contactId) ?? 0);
  return {
    unreachable: isUnreachable,
    counted: counted.map((c) => ({ contactId: c.id, why: `Counted: ${what(c)}` })),
    notCounted: notCounted.sort(byOrder),
    window: { from, to: asOf },
    rule: ref,
    summary,
  };
}

export interface NoContact {
  /** True once `days` days have passed since the last successful contact (or the start) with none since. */
  noContact: boolean;
  lastContact: { on: string; contactId: string } | null;
  /** The day counting starts: the last successful contact, else the day given as the start; null: neither. */
  since: string | null;
  /** The day it is (or was) flagged with nothing else happening. */
  dueOn: string | null;
  daysWithout: number | null;
  /** The rule's days. */
  days: number;
  rule: RuleRef;
  explanation: string;
}

/**
 * Whether the enrollee has gone `days` days without a successful contact on `asOf`, and since when. Counting
 * starts at the last successful contact, or at `countFrom` (the enrollment's effective date) when there has
 * been none; with neither, an enrollee never reached is flagged.
 */
export function noContactSince(
  contacts: readonly Contact[],
  rule: CareRuleOf<'no_contact'>,
  asOf: string,
  countFrom?: string | null,
): NoContact {
  const last = inOrder(contacts, asOf).findLast((c) => c.reached) ?? null;
  const lastContact = last ? { on: last.on, contactId: last.id } : null;
  const since = last?.on ?? countFrom ?? null;
  const ref = refOf(rule);
  const { days } = rule.parameters;
  const name = ruleRefLabel(ref);
  if (since === null)
    return {
      noContact: true,
      lastContact,
      since,
      dueOn: null,
      daysWithout: null,
      days,
      rule: ref,
      explanation: `No successful contact on record (${name})`,
    };
  const dueOn = addDays(since, days);
  const daysWithout = daysFrom(since, asOf);
  const from = last
    ? `the last successful contact on ${dayWords(since, asOf)}`
    : `enrollment on ${dayWords(since, asOf)}`;
  return {
    noContact: asOf >= dueOn,
    lastContact,
    since,
    dueOn,
    daysWithout,
    days,
    rule: ref,
    explanation:
      asOf >= dueOn
        ? `No successful contact in ${plural(daysWithout, 'day')}, since ${from} (${name})`
        : `${plural(daysWithout, 'day')} since ${from}; a contact is due by ${dayWords(dueOn, asOf)} (${name})`,
  };
}
