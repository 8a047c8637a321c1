import {
  ACCESSIBLE_FORMAT_LABELS,
  ACCESSIBLE_FORMATS,
  CARE_PROGRAM_LABELS,
  CARE_PROGRAMS,
  type CareProgram,
  type SEXES,
} from '@contract/care/care.labels.js';
import { latestEffectiveOn, phoneProblem } from '@contract/care/care.schemas.js';
import {
  masshealthIdProblem,
  mbiProblem,
  normaliseMasshealthId,
  normaliseMbi,
} from '@contract/care/identifiers.js';
import { YEARS, yearInRange } from '@contract/list.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import { MASSACHUSETTS_COUNTIES } from '@contract/organisations/counties.js';
import { NOT_AN_EMAIL, nameProblem, normaliseEmail } from '@contract/text/identifiers.js';
import {
  cellGetter,
  headerMapper,
  type ImportColumn,
  normaliseHeader,
  parseDate,
} from '../../../platform/files/import-columns.js';
import { serialDate } from '../../../platform/files/xlsx-reader.js';
import type { Issue } from '../../../platform/http/errors.js';

type Sex = (typeof SEXES)[number];
type AccessibleFormat = (typeof ACCESSIBLE_FORMATS)[number];

/** The columns of an enrollee roster, in template order (a plan's roster layout). */
export const ROSTER_COLUMNS = [
  {
    key: 'masshealthId',
    header: 'MassHealth ID',
    required: true,
    example: '100012345678',
    aliases: ['masshealth member id', 'member id', 'medicaid id'],
  },
  {
    key: 'mbi',
    header: 'Medicare ID (MBI)',
    required: false,
    example: '1EG4TE5MK73',
    aliases: ['mbi', 'medicare id', 'medicare beneficiary identifier'],
  },
  { key: 'familyName', header: 'Last name', required: true, example: 'Santos', aliases: ['family name'] },
  { key: 'givenName', header: 'First name', required: true, example: 'Maria', aliases: ['given name'] },
  {
    key: 'dateOfBirth',
    header: 'Date of birth',
    required: true,
    example: '1968-04-21',
    aliases: ['dob', 'birth date'],
  },
  { key: 'sex', header: 'Sex', required: false, example: 'F', aliases: ['gender'] },
  {
    key: 'address',
    header: 'Address',
    required: false,
    example: '12 Elm Street, Apt 2',
    aliases: ['street address', 'address line 1'],
  },
  { key: 'town', header: 'Town', required: false, example: 'Lowell', aliases: ['city', 'city or town'] },
  { key: 'county', header: 'County', required: false, example: 'Middlesex', aliases: [] },
  {
    key: 'postalCode',
    header: 'ZIP',
    required: false,
    example: '01852',
    aliases: ['zip code', 'postal code'],
  },
  { key: 'phone', header: 'Phone', required: false, example: '978-555-0142', aliases: ['telephone'] },
  { key: 'email', header: 'E-mail', required: false, example: '', aliases: ['email', 'email address'] },
  {
    key: 'preferredLanguage',
    header: 'Preferred language',
    required: false,
    example: 'Portuguese',
    aliases: ['language'],
  },
  {
    key: 'accessibleFormats',
    header: 'Accessible format',
    required: false,
    example: 'Large print',
    aliases: ['accessible formats', 'alternative format'],
  },
  { key: 'program', header: 'Program', required: true, example: 'One Care', aliases: [] },
  {
    key: 'effectiveOn',
    header: 'Effective date',
    required: true,
    example: '2026-01-01',
    aliases: ['enrollment date', 'start date'],
  },
  { key: 'endsOn', header: 'End date', required: false, example: '', aliases: ['disenrollment date'] },
] as const satisfies readonly ImportColumn[];

export type RosterKey = (typeof ROSTER_COLUMNS)[number]['key'];

/** Maps a roster's header row to column keys; names the required columns it lacks. Unknown columns are ignored. */
export const mapRosterHeader = headerMapper(ROSTER_COLUMNS);

/** What a roster writes for sex (F, M, X, U as most plans send, or the words), to the stored value. */
const SEX_BY_NAME = new Map<string, Sex>(
  (
    [
      ['f', 'female'],
      ['female', 'female'],
      ['m', 'male'],
      ['male', 'male'],
      ['x', 'x'],
      ['nonbinary', 'x'],
      ['xnonbinary', 'x'],
      ['other', 'x'],
      ['u', 'unknown'],
      ['unknown', 'unknown'],
      ['notrecorded', 'unknown'],
    ] as const
  ).map(([k, v]) => [k, v]),
);
/** The sex drop-down: what the roster writes. */
export const SEX_CODES = ['F', 'M', 'X', 'U'] as const;

const PROGRAM_BY_NAME = new Map<string, CareProgram>();
for (const p of CARE_PROGRAMS) {
  PROGRAM_BY_NAME.set(normaliseHeader(p), p);
  PROGRAM_BY_NAME.set(normaliseHeader(CARE_PROGRAM_LABELS[p]), p);
}
PROGRAM_BY_NAME.set('cp', 'cp');
PROGRAM_BY_NAME.set('communitypartner', 'cp');
PROGRAM_BY_NAME.set('accountablecareorganization', 'aco');
PROGRAM_BY_NAME.set('managedcareorganization', 'mco');

const FORMAT_BY_NAME = new Map<string, AccessibleFormat>();
for (const f of ACCESSIBLE_FORMATS) {
  FORMAT_BY_NAME.set(normaliseHeader(f), f);
  FORMAT_BY_NAME.set(normaliseHeader(ACCESSIBLE_FORMAT_LABELS[f]), f);
}
for (const [alias, f] of [
  ['asl', 'asl_interpreter'],
  ['americansignlanguage', 'asl_interpreter'],
  ['accessibleelectronic', 'accessible_electronic'],
  ['electronic', 'accessible_electronic'],
  ['cart', 'cart_captioning'],
  ['audiocd', 'audio'],
] as const)
  FORMAT_BY_NAME.set(alias, f);

const COUNTY_BY_NAME = new Map<string, string>(
  MASSACHUSETTS_COUNTIES.flatMap((c) => [
    [normaliseHeader(c), c],
    [normaliseHeader(`${c} County`), c],
  ]),
);

/** A MassHealth ZIP: 5 digits or ZIP+4; a 4-digit one lost its leading 0 in a spreadsheet (every MA ZIP starts 0). */
function postalCodeOf(text: string): string | null {
  if (/^\d{4}$/.test(text)) return `0${text}`;
  if (/^\d{5}$/.test(text)) return text;
  const plus4 = /^(\d{5})-?(\d{4})$/.exec(text);
  return plus4 ? `${plus4[1]}-${plus4[2]}` : null;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * A date of birth: as `parseDate` reads dates, but a slash date whose day and month could be either
 * (3/4/1961) is refused, naming both readings, since the wrong one is another person's identity. A date
 * cell streamed without styles (an Excel serial) is taken from 1927 on.
 */
export function parseBirthDate(
  text: string,
  today = massachusettsToday(),
): { date: string } | { problem: string } {
  const serial = /^\d{5}$/.exec(text);
  if (serial && Number(text) >= 10_000 && Number(text) < 18_264) return { date: serialDate(Number(text)) };
  const slash = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (slash) {
    const [m, d, y] = [Number(slash[1]), Number(slash[2]), Number(slash[3])];
    if (m !== d && m <= 12 && d <= 12) {
      const iso = (mm: number, dd: number) =>
        `${y}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
      return {
        problem: `"${text}" could be ${d} ${MONTHS[m - 1]} or ${m} ${MONTHS[d - 1]} ${y}: write the date of birth as YYYY-MM-DD (${iso(m, d)} or ${iso(d, m)})`,
      };
    }
  }
  const date = parseDate(text);
  if (!date) return { problem: `"${text}" is not a date; use YYYY-MM-DD` };
  if (date > today) return { problem: `${date} is in the future` };
  if (date < '1900-01-01') return { problem: `${date} is before 1900` };
  return { date };
}

/** An optional cell: undefined when the file has no such column (kept), null when the cell is empty (cleared). */
export type Optional<T = string> = T | null | undefined;

export interface RosterRow {
  masshealthId: string;
  mbi: Optional;
  familyName: string;
  givenName: string;
  dateOfBirth: string;
  sex: Optional<Sex>;
  address: Optional;
  town: Optional;
  county: Optional;
  postalCode: Optional;
  phone: Optional;
  email: Optional;
  preferredLanguage: Optional;
  accessibleFormats: Optional<AccessibleFormat[]>;
  program: CareProgram;
  effectiveOn: string;
  endsOn: Optional;
}

const LIMITS: [RosterKey, number][] = [
  ['familyName', 100],
  ['givenName', 100],
  ['address', 200],
  ['town', 100],
  ['phone', 40],
  ['preferredLanguage', 60],
];

/**
 * Checks one roster row; returns the clean values or the problems, each naming its row and column. `today`
 * (Massachusetts) is asked once per file by the import rather than once per row.
 */
export function validateRosterRow(
  cells: string[],
  index: Map<RosterKey, number>,
  rowNumber: number,
  today = massachusettsToday(),
): { row: RosterRow; issues: [] } | { row: null; issues: Issue[] } {
  const get = cellGetter(cells, index);
  const issues: Issue[] = [];
  const problem = (key: RosterKey, message: string) =>
    issues.push({ row: rowNumber, column: ROSTER_COLUMNS.find((c) => c.key === key)!.header, message });
  for (const c of ROSTER_COLUMNS) if (c.required && get(c.key) === '') problem(c.key, 'Required');

  // An identifier with a character that does not show is named for that, not quoted looking right.
  for (const [key, why] of [
    ['masshealthId', masshealthIdProblem],
    ['mbi', mbiProblem],
  ] as const) {
    const text = get(key);
    const hidden = text ? nameProblem(text) : null;
    const wrong = text && !hidden ? why(text) : null;
    if (hidden ?? wrong) problem(key, hidden ?? `${wrong} ("${text}")`);
  }
  const phoneWhy = get('phone') ? phoneProblem(get('phone')) : null;
  if (phoneWhy) problem('phone', `${phoneWhy} ("${get('phone')}")`);

  for (const key of ['familyName', 'givenName'] as const) {
    const why = nameProblem(get(key));
    if (why) problem(key, why);
  }
  for (const [key, max] of LIMITS) if (get(key).length > max) problem(key, `Longer than ${max} characters`);

  let dateOfBirth: string | null = null;
  if (get('dateOfBirth')) {
    const birth = parseBirthDate(get('dateOfBirth'), today);
    if ('problem' in birth) problem('dateOfBirth', birth.problem);
    else dateOfBirth = birth.date;
  }

  const sexText = get('sex');
  const sex = sexText ? SEX_BY_NAME.get(normaliseHeader(sexText)) : null;
  if (sexText && !sex) problem('sex', `"${sexText}" is not a sex the roster takes; use F, M, X or U`);

  const countyText = get('county');
  const county = countyText ? COUNTY_BY_NAME.get(normaliseHeader(countyText)) : null;
  if (countyText && !county)
    problem('county', `"${countyText}" is not a Massachusetts county; use one of the template's list`);

  const zipText = get('postalCode');
  const postalCode = zipText ? postalCodeOf(zipText) : null;
  if (zipText && !postalCode) problem('postalCode', `"${zipText}" is not a ZIP code of 5 digits (or ZIP+4)`);

  const email = normaliseEmail(get('email'));
  if (get('email') && email.problem)
    problem(
      'email',
      email.problem === NOT_AN_EMAIL ? `"${get('email')}" is not an e-mail address` : email.problem,
    );

  const formats: AccessibleFormat[] = [];
  for (const part of get('accessibleFormats').split(/[;,]/)) {
    if (part.trim() === '') continue;
    const f = FORMAT_BY_NAME.get(normaliseHeader(part));
    if (!f)
      problem('accessibleFormats', `"${part.trim()}" is not an accessible format; use the template's list`);
    else if (!formats.includes(f)) formats.push(f);
  }

  const programText = get('program');
  const program = programText ? PROGRAM_BY_NAME.get(normaliseHeader(programText)) : undefined;
  if (programText && !program)
    problem('program', `"${programText}" is not a program; use One Care, ACO, MCO or Community Partners`);

  // The dates the API takes (a year Concord keeps; in effect at most a year ahead), with the cell quoted.
  const dated = (key: 'effectiveOn' | 'endsOn') => {
    const text = get(key);
    if (!text) return null;
    const date = parseDate(text);
    const latest = latestEffectiveOn(today);
    const why = !date
      ? 'is not a date; use YYYY-MM-DD'
      : !yearInRange(date)
        ? `is not between ${YEARS.from} and ${YEARS.to}`
        : key === 'effectiveOn' && date > latest
          ? `is not within a year from today (on or before ${latest})`
          : null;
    if (!why) return date;
    problem(key, `"${text}" ${why}`);
    return null;
  };
  const effectiveOn = dated('effectiveOn');
  const endsOn = dated('endsOn');
  if (effectiveOn && endsOn && endsOn < effectiveOn) problem('endsOn', 'Before the effective date');
  if (effectiveOn && dateOfBirth && effectiveOn < dateOfBirth)
    problem('effectiveOn', 'Before the date of birth');

  if (issues.length > 0) return { row: null, issues };
  const optional = <T>(key: RosterKey, value: T | null): Optional<T> => (index.has(key) ? value : undefined);
  const text = (key: RosterKey) => optional(key, get(key).normalize('NFC') || null);
  return {
    row: {
      masshealthId: normaliseMasshealthId(get('masshealthId')),
      mbi: optional('mbi', get('mbi') ? normaliseMbi(get('mbi')) : null),
      familyName: get('familyName').normalize('NFC'),
      givenName: get('givenName').normalize('NFC'),
      dateOfBirth: dateOfBirth!,
      sex: optional('sex', sex ?? null),
      address: text('address'),
      town: text('town'),
      county: optional('county', county ?? null),
      postalCode: optional('postalCode', postalCode),
      phone: text('phone'),
      email: optional('email', get('email') ? email.value : null),
      preferredLanguage: text('preferredLanguage'),
      accessibleFormats: optional('accessibleFormats', formats),
      program: program!,
      effectiveOn: effectiveOn!,
      endsOn: optional('endsOn', endsOn),
    },
    issues: [],
  };
}
