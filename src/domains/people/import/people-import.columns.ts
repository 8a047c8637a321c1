import { npiProblem } from '@contract/people/npi.js';
import { ROLE_KINDS, ROLE_LABELS, type RoleKind } from '@contract/people/people.schemas.js';
import { NOT_AN_EMAIL, nameProblem, normaliseEmail, normaliseNpi } from '@contract/text/identifiers.js';
import {
  cellGetter,
  headerMapper,
  type ImportColumn,
  normaliseHeader,
  parseDate,
} from '../../../platform/files/import-columns.js';
import type { Issue } from '../../../platform/http/errors.js';

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
  {
    key: 'supervisorEmail',
    header: 'Supervisor email',
    required: false,
    example: '',
    aliases: ['supervisor', 'supervisor e-mail', 'supervisor email address'],
  },
] as const satisfies readonly ImportColumn[];

export type ImportKey = (typeof IMPORT_COLUMNS)[number]['key'];

/**
 * An optional column's value: undefined when the file has no such column (what is recorded is kept), null
 * when its cell is empty (what is recorded is cleared).
 */
export type Optional = string | null | undefined;

export interface ImportRow {
  givenName: string;
  familyName: string;
  email: string;
  npi: Optional;
  phone: Optional;
  title: Optional;
  role: RoleKind;
  team: Optional;
  startsOn: string;
  endsOn: Optional;
  /** Someone at the organisation already, or on another row of the file (checked across rows). */
  supervisorEmail: Optional;
}

/** Maps the header row to column keys; names what is missing. Unknown columns are ignored. */
export const mapHeader = headerMapper(IMPORT_COLUMNS);

const roleByName = new Map<string, RoleKind>();
for (const r of ROLE_KINDS) {
  roleByName.set(normaliseHeader(r), r);
  roleByName.set(normaliseHeader(ROLE_LABELS[r]), r);
}
roleByName.set('pcp', 'pcp');

/** Checks one row; returns the clean values or the problems, each naming its column. */
export function validateRow(
  cells: string[],
  index: Map<ImportKey, number>,
  rowNumber: number,
): { row: ImportRow; issues: [] } | { row: null; issues: Issue[] } {
  const get = cellGetter(cells, index);
  const issues: Issue[] = [];
  const problem = (key: ImportKey, message: string) =>
    issues.push({ row: rowNumber, column: IMPORT_COLUMNS.find((c) => c.key === key)!.header, message });

  for (const c of IMPORT_COLUMNS) if (c.required && get(c.key) === '') problem(c.key, 'Required');
  const email = normaliseEmail(get('email'));
  if (get('email') && email.problem)
    problem(
      'email',
      email.problem === NOT_AN_EMAIL ? `"${get('email')}" is not an e-mail address` : email.problem,
    );
  const npi = normaliseNpi(get('npi'));
  const npiWhy = npi.problem ?? (npi.value ? npiProblem(npi.value) : null);
  if (npiWhy) problem('npi', npi.problem ? npiWhy : `${npiWhy} ("${npi.value}")`);
  const roleText = get('role');
  const role = roleByName.get(normaliseHeader(roleText));
  if (roleText && !role) problem('role', `"${roleText}" is not a role; use one of the template's list`);
  const startsOn = get('startsOn') ? parseDate(get('startsOn')) : null;
  if (get('startsOn') && !startsOn) problem('startsOn', `"${get('startsOn')}" is not a date; use YYYY-MM-DD`);
  const endsOn = get('endsOn') ? parseDate(get('endsOn')) : null;
  if (get('endsOn') && !endsOn) problem('endsOn', `"${get('endsOn')}" is not a date; use YYYY-MM-DD`);
  if (startsOn && endsOn && endsOn < startsOn) problem('endsOn', 'Before the role start date');
  const supervisor = normaliseEmail(get('supervisorEmail'));
  if (get('supervisorEmail') && supervisor.problem)
    problem('supervisorEmail', `"${get('supervisorEmail')}" is not an e-mail address`);
  else if (get('supervisorEmail') && supervisor.value === email.value)
    problem('supervisorEmail', 'A person cannot be their own supervisor');
  for (const key of ['givenName', 'familyName', 'title', 'team', 'phone'] as const) {
    if (get(key).length > 100) problem(key, 'Longer than 100 characters');
  }
  for (const key of ['givenName', 'familyName'] as const) {
    const why = nameProblem(get(key));
    if (why) problem(key, why);
  }
  if (issues.length > 0) return { row: null, issues };
  /** An optional column's cell: undefined when the file has no such column, null when the cell is empty. */
  const optional = (key: ImportKey, value = get(key)) => (index.has(key) ? value || null : undefined);
  return {
    row: {
      givenName: get('givenName').normalize('NFC'),
      familyName: get('familyName').normalize('NFC'),
      email: email.value,
      npi: optional('npi', npi.value),
      phone: optional('phone'),
      title: optional('title'),
      role: role!,
      team: optional('team'),
      startsOn: startsOn!,
      endsOn: optional('endsOn', endsOn ?? ''),
      supervisorEmail: optional('supervisorEmail', supervisor.value),
    },
    issues: [],
  };
}
