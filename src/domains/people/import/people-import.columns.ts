import type { Issue } from '../../../platform/http/errors.js';
import { npiProblem } from '../npi.js';
import { ROLE_KINDS, ROLE_LABELS, type RoleKind } from '../people.schemas.js';

/** The columns of the people import, in template order. */
export const IMPORT_COLUMNS = [
  { key: 'givenName', header: 'Given name', required: true, example: 'Maria', aliases: ['first name'] },
  {
    key: 'familyName',
    header: 'Family name',
    required: true,
    example: 'Santos',
    aliases: ['last name', 'surname'],
  },
  {
    key: 'email',
    header: 'E-mail',
    required: true,
    example: 'maria.santos@example.org',
    aliases: ['email', 'email address'],
  },
  { key: 'npi', header: 'NPI', required: false, example: '1234567893', aliases: [] },
  { key: 'phone', header: 'Phone', required: false, example: '617-555-0142', aliases: [] },
  { key: 'title', header: 'Title', required: false, example: 'LICSW', aliases: ['credentials'] },
  { key: 'role', header: 'Role', required: true, example: 'Care coordinator', aliases: [] },
  { key: 'team', header: 'Team', required: false, example: 'North Shore', aliases: [] },
  {
    key: 'startsOn',
    header: 'Role start date',
    required: true,
    example: '2026-01-05',
    aliases: ['start date'],
  },
  { key: 'endsOn', header: 'Role end date', required: false, example: '', aliases: ['end date'] },
] as const;

export type ImportKey = (typeof IMPORT_COLUMNS)[number]['key'];

export interface ImportRow {
  givenName: string;
  familyName: string;
  email: string;
  npi: string | null;
  phone: string | null;
  title: string | null;
  role: RoleKind;
  team: string | null;
  startsOn: string;
  endsOn: string | null;
}

const normalise = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

const byName = new Map<string, ImportKey>();
for (const c of IMPORT_COLUMNS)
  for (const name of [c.header, c.key, ...c.aliases]) byName.set(normalise(name), c.key);

/** Maps the header row to column keys; names what is missing. Unknown columns are ignored. */
export function mapHeader(header: string[]): { index: Map<ImportKey, number>; missing: string[] } {
  const index = new Map<ImportKey, number>();
  header.forEach((h, i) => {
    const key = byName.get(normalise(h));
    if (key && !index.has(key)) index.set(key, i);
  });
  const missing = IMPORT_COLUMNS.filter((c) => c.required && !index.has(c.key)).map((c) => c.header);
  return { index, missing };
}

const roleByName = new Map<string, RoleKind>();
for (const r of ROLE_KINDS) {
  roleByName.set(normalise(r), r);
  roleByName.set(normalise(ROLE_LABELS[r]), r);
}
roleByName.set('pcp', 'pcp');

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/**
 * A date as YYYY-MM-DD from YYYY-MM-DD, M/D/YYYY or an Excel date serial (what a date cell holds when the
 * sheet is streamed without styles); null when it is not a real date.
 */
export function parseDate(text: string): string | null {
  if (/^\d{5}(\.\d+)?$/.test(text)) {
    const serial = Math.floor(Number(text));
    // 1950-01-01 to 2149-12-31: anything else in a date column is more likely a typo than a date.
    if (serial < 18_264 || serial > 91_310) return null;
    return new Date(EXCEL_EPOCH_MS + serial * 86_400_000).toISOString().slice(0, 10);
  }
  let y: number;
  let m: number;
  let d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else {
    match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
    if (!match) return null;
    [m, d, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks one row; returns the clean values or the problems, each naming its column. */
export function validateRow(
  cells: string[],
  index: Map<ImportKey, number>,
  rowNumber: number,
): { row: ImportRow; issues: [] } | { row: null; issues: Issue[] } {
  const get = (key: ImportKey) => {
    const i = index.get(key);
    return i === undefined ? '' : (cells[i] ?? '').trim();
  };
  const issues: Issue[] = [];
  const problem = (key: ImportKey, message: string) =>
    issues.push({ row: rowNumber, column: IMPORT_COLUMNS.find((c) => c.key === key)!.header, message });

  for (const c of IMPORT_COLUMNS) if (c.required && get(c.key) === '') problem(c.key, 'Required');
  const email = get('email').toLowerCase();
  if (email && (!EMAIL.test(email) || email.length > 320))
    problem('email', `"${get('email')}" is not an e-mail address`);
  const npi = get('npi');
  if (npi) {
    const why = npiProblem(npi);
    if (why) problem('npi', `${why} ("${npi}")`);
  }
  const roleText = get('role');
  const role = roleByName.get(normalise(roleText));
  if (roleText && !role) problem('role', `"${roleText}" is not a role; use one of the template's list`);
  const startsOn = get('startsOn') ? parseDate(get('startsOn')) : null;
  if (get('startsOn') && !startsOn) problem('startsOn', `"${get('startsOn')}" is not a date; use YYYY-MM-DD`);
  const endsOn = get('endsOn') ? parseDate(get('endsOn')) : null;
  if (get('endsOn') && !endsOn) problem('endsOn', `"${get('endsOn')}" is not a date; use YYYY-MM-DD`);
  if (startsOn && endsOn && endsOn < startsOn) problem('endsOn', 'Before the role start date');
  for (const key of ['givenName', 'familyName', 'title', 'team', 'phone'] as const) {
    if (get(key).length > 100) problem(key, 'Longer than 100 characters');
  }
  if (issues.length > 0) return { row: null, issues };
  return {
    row: {
      givenName: get('givenName'),
      familyName: get('familyName'),
      email,
      npi: npi || null,
      phone: get('phone') || null,
      title: get('title') || null,
      role: role!,
      team: get('team') || null,
      startsOn: startsOn!,
      endsOn,
    },
    issues: [],
  };
}
