// Who a service-area expansion's welcome mailing writes to, and the first day it names (decision 063): pure
// functions, asked by the mailing job and its tests alike.
import { addMonths } from '@contract/iso-days.js';
import type { WelcomeProgram } from './letters/welcome.words.js';

/** The program an organisation's welcome describes: a plan is a One Care plan; an ACO or MCO, itself. */
export function welcomeProgramOf(kind: string): WelcomeProgram | null {
  if (kind === 'plan') return 'one_care';
  if (kind === 'aco' || kind === 'mco') return kind;
  return null;
}

/** Whole years of age on `day` (someone born on 29 February turns a year older on 1 March). */
export function ageOn(dateOfBirth: string, day: string) {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** What the mailing knows of a resident to decide whether to write. */
export interface Resident {
  dateOfBirth: string;
  masshealthId: string | null;
  mbi: string | null;
  addressLine1: string | null;
  town: string | null;
  postalCode: string | null;
  /** Covered by the organisation already on the first day of enrollment. */
  covered: boolean;
}

export type NotWelcomed = 'member' | 'age' | 'mbi' | 'address';

/**
 * Why a resident of the county gets no letter, or null when they get one. Someone the organisation covers
 * already on the first day of enrollment needs no welcome. One Care is for MassHealth members aged 21 to 64
 * who also have Medicare: aged 21 to 64 on the first day they can be enrolled (the day the letter names), with
 * both a MassHealth ID and a Medicare number (MBI). An ACO or MCO welcomes everyone else. Nobody without an
 * address to mail to.
 */
export function notWelcomed(r: Resident, program: WelcomeProgram, firstDay: string): NotWelcomed | null {
  if (r.covered) return 'member';
  if (program === 'one_care') {
    const age = ageOn(r.dateOfBirth, firstDay);
    if (age < 21 || age > 64) return 'age';
    if (!r.masshealthId || !r.mbi) return 'mbi';
  }
  if (!r.addressLine1?.trim() || !r.town?.trim() || !r.postalCode?.trim()) return 'address';
  return null;
}

/**
 * The first day a resident can be enrolled, as the letter names it: the day the county joins, or — when that
 * day has passed — the first day of the next month.
 */
export function firstEnrollmentDay(effectiveOn: string, today: string) {
  return effectiveOn >= today ? effectiveOn : addMonths(`${today.slice(0, 7)}-01`, 1);
}
