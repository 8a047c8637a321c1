// Synthetic enrollees (members) for the demo, tests and the benchmark: plain objects, deterministic for a seed,
// each computed from its own index alone so that 200,000 of them stream without being held, and any one can
// be rebuilt. No real person: names from names.ts, phone numbers in 555, e-mail at example domains, and
// identifiers in MassHealth's and CMS's formats drawn from a range no real member is likely to hold.

import { addMonths } from '@contract/iso-days.js';
import type { County } from '@contract/organisations/counties.js';
import { FAMILY_NAMES, GIVEN_NAMES, STREETS, TOWNS_BY_COUNTY } from './names.js';
import { type Random, seededRandom } from './random.js';

export type CareProgram = 'one_care' | 'aco' | 'mco' | 'cp';
/** FHIR's administrative gender codes; rosters write F, M, X, U. */
export type Sex = 'female' | 'male' | 'other' | 'unknown';

/** Preferred languages as BCP 47 codes, with the share of enrollees each is given (percent). */
export const LANGUAGES = {
  en: { label: 'English', share: 68 },
  es: { label: 'Spanish', share: 17 },
  pt: { label: 'Portuguese', share: 3.5 },
  ht: { label: 'Haitian Creole', share: 3 },
  zh: { label: 'Chinese', share: 2.5 },
  vi: { label: 'Vietnamese', share: 2 },
  ru: { label: 'Russian', share: 1.3 },
  ar: { label: 'Arabic', share: 1.2 },
  kea: { label: 'Cape Verdean Creole', share: 1 },
  ase: { label: 'American Sign Language', share: 0.5 },
} as const;
export type LanguageCode = keyof typeof LANGUAGES;

export const ACCESSIBLE_FORMATS = {
  large_print: 'Large print',
  braille: 'Braille',
  asl_interpreter: 'ASL interpreter',
  audio: 'Audio',
  accessible_electronic: 'Accessible electronic',
} as const;
export type AccessibleFormat = keyof typeof ACCESSIBLE_FORMATS;

export interface SyntheticEnrollee {
  /** Position in the generated sequence (`first` + i): the key the care history is generated under. */
  index: number;
  massHealthId: string;
  mbi: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sex: Sex;
  addressLine: string;
  town: string;
  county: County;
  zip: string;
  phone: string | null;
  email: string | null;
  language: LanguageCode;
  accessibleFormats: AccessibleFormat[];
  program: CareProgram;
  effectiveOn: string;
  endsOn: string | null;
}

export interface EnrolleeOptions {
  seed: number;
  /** The day ages and enrollment dates are reckoned from (YYYY-MM-DD). */
  today: string;
  program?: CareProgram;
  /** Offsets the sequence, so that several plans get distinct enrollees and identifiers. */
  first?: number;
}

/** ZIP codes of the towns in names.ts (one each: the town's main post office). */
export const ZIP_OF_TOWN: Record<string, string> = {
  Hyannis: '02601',
  Falmouth: '02540',
  Orleans: '02653',
  Pittsfield: '01201',
  'North Adams': '01247',
  'Great Barrington': '01230',
  'Fall River': '02720',
  'New Bedford': '02740',
  Taunton: '02780',
  Attleboro: '02703',
  'Vineyard Haven': '02568',
  Edgartown: '02539',
  Lynn: '01902',
  Lawrence: '01841',
  Salem: '01970',
  Haverhill: '01830',
  Gloucester: '01930',
  Greenfield: '01301',
  'Turners Falls': '01376',
  Springfield: '01109',
  Holyoke: '01040',
  Chicopee: '01020',
  Westfield: '01085',
  Northampton: '01060',
  Amherst: '01002',
  Easthampton: '01027',
  Lowell: '01852',
  Cambridge: '02139',
  Framingham: '01702',
  Somerville: '02143',
  Malden: '02148',
  Nantucket: '02554',
  Quincy: '02169',
  Brookline: '02446',
  Dedham: '02026',
  Norwood: '02062',
  Brockton: '02301',
  Plymouth: '02360',
  Wareham: '02571',
  Boston: '02119',
  Chelsea: '02150',
  Revere: '02151',
  Worcester: '01610',
  Fitchburg: '01420',
  Leominster: '01453',
  Southbridge: '01550',
};

/** Roughly where One Care's members live (percent by county). */
const COUNTY_SHARE: [County, number][] = [
  ['Middlesex', 17],
  ['Suffolk', 16],
  ['Essex', 12],
  ['Worcester', 12],
  ['Hampden', 12],
  ['Bristol', 9],
  ['Norfolk', 6],
  ['Plymouth', 6],
  ['Barnstable', 3],
  ['Berkshire', 2.5],
  ['Hampshire', 2],
  ['Franklin', 1.5],
  ['Dukes', 0.5],
  ['Nantucket', 0.5],
];

/** Given names in names.ts read as women's; Sokha, Dara and Jun as either. */
const WOMEN = new Set(
  'Maria Ana Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Nancy Lisa Margaret Sandra Ashley Kimberly Emily Donna Colleen Siobhan Francesca Lucia Fernanda Nadège Yolanda Carmen Yesenia Marisol Huong Mei Priya Fatima Amina Abena Olga Hannah Aisha Sofia Zoe'.split(
    ' ',
  ),
);
WOMEN.add('Ana Lúcia').add('Marie-Claude').add('Thi Lan');
const EITHER = new Set(['Sokha', 'Dara', 'Jun']);
const WOMENS_NAMES = GIVEN_NAMES.filter((n) => WOMEN.has(n) || EITHER.has(n));
const MENS_NAMES = GIVEN_NAMES.filter((n) => !WOMEN.has(n));

/** Letters CMS allows in an MBI: none of S, L, O, I, B, Z. */
export const MBI_LETTERS = 'ACDEFGHJKMNPQRTUVWXY';

/** A 32-bit hash of a seed and an index, so that each enrollee has its own stream of random numbers. */
export function mix(seed: number, n: number) {
  let h = (seed ^ Math.imul((n + 0x9e3779b9) | 0, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

// Identifiers are a bijection of the index, so no two enrollees share one while the index stays in range,
// whatever the seed: 100 million MassHealth IDs, 80 million MBIs. Three rounds of an affine step (a
// multiplier prime to the range) and a swap of the halves, so that neighbours' identifiers do not look alike.
const MASSHEALTH_RANGE = 100_000_000;
const MBI_RANGE = 80_000_000;
const SCRAMBLE = 73_939_133;
function scramble(n: number, range: number) {
  let q = n;
  for (const add of [7_654_321, 1_234_567, 4_242_421]) {
    q = (q * SCRAMBLE + add) % range;
    q = (q % 10_000) * (range / 10_000) + Math.floor(q / 10_000);
  }
  return q;
}

/** 12 digits: "1000" then eight from the index, as MassHealth member IDs start with 100. */
export function massHealthIdOf(index: number) {
  return `1000${String(scramble(index, MASSHEALTH_RANGE)).padStart(8, '0')}`;
}

/**
 * An MBI in CMS's format. Positions 2, 4, 7, 8, 9, 10 and 11 spell the scrambled index; 1, 3, 5 and 6 come
 * from a hash of it (3 and 6 a digit or a letter).
 */
export function mbiOf(index: number) {
  let q = scramble(index, MBI_RANGE);
  const digit = () => {
    const d = q % 10;
    q = Math.floor(q / 10);
    return String(d);
  };
  const letter = () => {
    const l = MBI_LETTERS[q % 20]!;
    q = Math.floor(q / 20);
    return l;
  };
  const p11 = digit();
  const p10 = digit();
  const p9 = letter();
  const p8 = letter();
  const p7 = digit();
  const p4 = digit();
  const p2 = letter();
  const r = seededRandom(mix(0x4d42, index));
  const either = () => (r.chance(1 / 3) ? String(r.int(0, 9)) : r.pick([...MBI_LETTERS]));
  return `${r.int(1, 9)}${p2}${either()}${p4}${r.pick([...MBI_LETTERS])}${either()}${p7}${p8}${p9}${p10}${p11}`;
}

const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');

function weighted<T>(r: Random, entries: readonly (readonly [T, number])[]): T {
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let n = r.next() * total;
  for (const [value, w] of entries) {
    n -= w;
    if (n < 0) return value;
  }
  return entries[entries.length - 1]![0];
}

const pad = (n: number) => String(n).padStart(2, '0');
const DAY = 86_400_000;
/** Day arithmetic on ISO days through whole days since 1970 (UTC midnight: no time zone enters). */
export const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY;
export const isoDay = (n: number) => new Date(n * DAY).toISOString().slice(0, 10);
const firstOfMonth = (day: string, monthsLater: number) => addMonths(`${day.slice(0, 7)}-01`, monthsLater);

const LANGUAGE_SHARE = Object.entries(LANGUAGES).map(([code, l]) => [code as LanguageCode, l.share] as const);

/** The enrollee at `index` of the sequence for `seed`: the same object every time. */
export function enrolleeAt(index: number, options: EnrolleeOptions): SyntheticEnrollee {
  const r = seededRandom(mix(options.seed, index));
  const { today } = options;
  const sex: Sex = r.chance(0.005) ? 'other' : r.chance(0.52) ? 'female' : 'male';
  const givenName = r.pick(sex === 'female' ? WOMENS_NAMES : sex === 'male' ? MENS_NAMES : GIVEN_NAMES);
  const familyName = r.pick(FAMILY_NAMES);
  // Aged 21 to 64 today: `age` whole years and up to 364 days more.
  const age = r.int(21, 64);
  const dateOfBirth = isoDay(dayNumber(addMonths(today, -12 * age)) - r.int(0, 364));
  const county = weighted(r, COUNTY_SHARE);
  const town = r.pick(TOWNS_BY_COUNTY[county]!);
  const language = weighted(r, LANGUAGE_SHARE);
  const accessibleFormats: AccessibleFormat[] =
    language === 'ase'
      ? ['asl_interpreter']
      : r.chance(0.08)
        ? [r.pick(['large_print', 'large_print', 'audio', 'braille', 'accessible_electronic'] as const)]
        : [];
  // Effective on the first of a month: a quarter within the last four months (their first assessment is
  // still open or just late), the rest over the last three years and a bit; never before the member turned 21.
  const monthsAgo = r.chance(0.25) ? r.int(0, 3) : r.int(4, 40);
  let effectiveOn = firstOfMonth(today, -monthsAgo);
  const adult = addMonths(dateOfBirth, 12 * 21);
  // Turned 21 this month: enrolled from the first of next month, not yet begun.
  if (effectiveOn < adult) effectiveOn = firstOfMonth(adult, 1);
  // A few left the plan at the end of a month before today.
  const monthsIn = Math.floor((dayNumber(today) - dayNumber(effectiveOn)) / 30.5);
  const endsOn =
    monthsIn >= 3 && r.chance(0.04)
      ? isoDay(dayNumber(firstOfMonth(effectiveOn, r.int(2, monthsIn - 1))) - 1)
      : null;
  const apartment = r.chance(0.45) ? `, Apt ${r.int(1, 6)}${r.pick(['A', 'B', 'C', 'D', 'R', 'L'])}` : '';
  return {
    index,
    massHealthId: massHealthIdOf(index),
    mbi: mbiOf(index),
    givenName,
    familyName,
    dateOfBirth,
    sex,
    addressLine: `${r.int(1, 999)} ${r.pick(STREETS)}${apartment}`,
    town,
    county,
    zip: ZIP_OF_TOWN[town]!,
    phone: r.chance(0.92)
      ? `${r.pick(['413', '508', '617', '774', '781', '857', '978'])}-555-${pad(r.int(0, 99))}${pad(r.int(0, 99))}`
      : null,
    email: r.chance(0.35)
      ? `${ascii(givenName)}.${ascii(familyName)}${index}@${r.pick(['example.com', 'example.net', 'example.org'])}`
      : null,
    language,
    accessibleFormats,
    program: options.program ?? 'one_care',
    effectiveOn,
    endsOn,
  };
}

/** `count` enrollees from `first` on, one at a time: 200,000 stream in constant memory. */
export function* generateEnrollees(count: number, options: EnrolleeOptions): Generator<SyntheticEnrollee> {
  const first = options.first ?? 0;
  for (let i = 0; i < count; i++) yield enrolleeAt(first + i, options);
}
