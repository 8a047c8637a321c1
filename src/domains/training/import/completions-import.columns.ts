import type { Writable } from 'node:stream';
import { NOT_AN_EMAIL, normaliseEmail, normaliseNpi } from '@contract/text/identifiers.js';
import {
  cellGetter,
  headerMapper,
  type ImportColumn,
  parseDate,
  writeImportTemplate,
} from '../../../platform/files/import-columns.js';
import type { Issue } from '../../../platform/http/errors.js';
import { npiProblem } from '../../people/index.js';

/** The columns of a completions import, in template order. A row names its person by e-mail or NPI. */
export const COMPLETION_COLUMNS = [
  {
    key: 'email',
    header: 'E-mail',
    required: false,
    example: 'maria.santos@example.org',
    aliases: ['email', 'email address'],
  },
  { key: 'npi', header: 'NPI', required: false, example: '', aliases: [] },
  {
    key: 'topicCode',
    header: 'Topic code',
    required: true,
    example: 'OC-CULT',
    aliases: ['topic', 'course code', 'course'],
  },
  {
    key: 'completedOn',
    header: 'Completed on',
    required: true,
    example: '2026-03-02',
    aliases: ['completion date', 'date completed', 'completed', 'date'],
  },
  {
    key: 'source',
    header: 'Where earned',
    required: false,
    example: 'MassHealth ACO webinar',
    aliases: ['source', 'provider', 'earned at'],
  },
  { key: 'note', header: 'Evidence', required: false, example: '', aliases: ['note', 'notes'] },
] as const satisfies readonly ImportColumn[];

type Key = (typeof COMPLETION_COLUMNS)[number]['key'];

export interface CompletionImportRow {
  email: string | null;
  npi: string | null;
  topicCode: string;
  completedOn: string;
  source: string | null;
  note: string | null;
}

const mapColumns = headerMapper(COMPLETION_COLUMNS);

/** Maps the header row; a file must have an e-mail or an NPI column besides the required ones. */
export function mapCompletionHeader(header: string[]) {
  const { index, missing } = mapColumns(header);
  if (!index.has('email') && !index.has('npi')) missing.unshift('E-mail (or NPI)');
  return { index, missing };
}

const headerOf = (key: Key) => COMPLETION_COLUMNS.find((c) => c.key === key)!.header;

/** Checks one row; returns the clean values or the problems, each naming its column. */
export function validateCompletionRow(
  cells: string[],
  index: Map<Key, number>,
  rowNumber: number,
  today: string,
): { row: CompletionImportRow; issues: [] } | { row: null; issues: Issue[] } {
  const get = cellGetter(cells, index);
  const issues: Issue[] = [];
  const problem = (key: Key, message: string) =>
    issues.push({ row: rowNumber, column: headerOf(key), message });

  const given = { email: get('email'), npi: get('npi') };
  const email = given.email ? normaliseEmail(given.email) : null;
  const npiRead = given.npi ? normaliseNpi(given.npi) : null;
  const npi = npiRead?.value ?? '';
  if (!given.email && !given.npi) problem('email', 'Give the person’s e-mail or NPI');
  if (email?.problem)
    problem(
      'email',
      email.problem === NOT_AN_EMAIL ? `"${given.email}" is not an e-mail address` : email.problem,
    );
  if (npiRead?.problem) problem('npi', npiRead.problem);
  else if (npi) {
    const why = npiProblem(npi);
    if (why) problem('npi', `${why} ("${npi}")`);
  }
  const topicCode = get('topicCode');
  if (!topicCode) problem('topicCode', 'Required');
  else if (topicCode.length > 40) problem('topicCode', 'Longer than 40 characters');
  const completedText = get('completedOn');
  const completedOn = completedText ? parseDate(completedText) : null;
  if (!completedText) problem('completedOn', 'Required');
  else if (!completedOn) problem('completedOn', `"${completedText}" is not a date; use YYYY-MM-DD`);
  else if (completedOn > today) problem('completedOn', `${completedOn} is in the future`);
  if (get('source').length > 200) problem('source', 'Longer than 200 characters');
  if (get('note').length > 2000) problem('note', 'Longer than 2,000 characters');
  if (issues.length > 0) return { row: null, issues };
  return {
    row: {
      email: email?.value || null,
      npi: npi || null,
      topicCode,
      completedOn: completedOn!,
      source: get('source') || null,
      note: get('note') || null,
    },
    issues: [],
  };
}

export function writeCompletionsTemplate(out: Writable) {
  return writeImportTemplate(out, {
    sheet: 'Completions',
    columns: COMPLETION_COLUMNS,
    instructions: [
      'Completions import — one row per person and topic completed',
      '',
      'Columns marked * are required. Name the person by e-mail or by NPI (or both): they must already be known to Concord.',
      'Topic code: the code shown in the training catalog (your own topics and shared topics).',
      'Completed on: YYYY-MM-DD (or M/D/YYYY); not in the future. Where earned and Evidence are kept on the record.',
      'A completion counts wherever the person works: a shared topic completed once is done for every plan.',
      'Re-importing the same rows is safe: a completion your organisation already recorded (same person, topic and date) is left as it is.',
      'If any row has a problem, nothing is imported; the result file lists each problem with its row and column.',
      'Delete the example row before you import.',
    ],
  });
}
