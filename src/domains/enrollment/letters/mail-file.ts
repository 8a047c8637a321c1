// The print vendor's mail file: one row per letter, in the order of the letters' PDF, as CSV (RFC 4180: CRLF
// line ends, a field with a comma, quote or line break quoted, quotes doubled; UTF-8 with a byte-order mark, so
// that Excel shows accented names as written). A cell that a spreadsheet would run as a formula (= + - @ tab CR
// first) is made text with an apostrophe, as every CSV export of Concord's is.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { LetterFormat } from '@contract/enrollment/assignment.labels.js';
import { LETTER_FORMAT_LABELS, MAIL_FILE_COLUMNS } from '@contract/enrollment/mailing.labels.js';
import { stringify } from 'csv-stringify';
import { safeCell } from '../../../platform/http/export.js';
import { type LetterLanguage, letterLanguageName } from './letter-language.js';

export interface MailFileRow {
  name: string;
  addressLine1: string;
  addressLine2: string | null;
  city: string;
  state: string;
  zip: string;
  language: LetterLanguage;
  /** The language the member reads, when the letter is in English for want of a template in it. */
  reads: string | null;
  format: LetterFormat;
  /** Accessible formats asked for beyond print, in words. */
  alsoNeeds: readonly string[];
  county: string;
}

const cells = (r: MailFileRow) => [
  r.name,
  r.addressLine1,
  r.addressLine2 ?? '',
  r.city,
  r.state,
  r.zip,
  letterLanguageName(r.language),
  r.reads ?? '',
  LETTER_FORMAT_LABELS[r.format],
  r.alsoNeeds.join('; '),
  r.county,
];

/** A mail file being written to `out`, a row at a time: memory stays flat however many letters there are. */
export function openMailFile(out: Writable) {
  // A field with a line break of either kind is quoted, not only one with the record delimiter (CRLF).
  const csv = stringify({ bom: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ });
  csv.pipe(out);
  const put = async (cells: string[]) => {
    if (!csv.write(cells)) await once(csv, 'drain');
  };
  const header = put([...MAIL_FILE_COLUMNS]);
  let rows = 0;
  return {
    async add(row: MailFileRow) {
      await header;
      rows++;
      await put(cells(row).map((c) => safeCell(c) as string));
    },
    get rows() {
      return rows;
    },
    /** Ends the file; resolves once `out` has it all. */
    async close() {
      await header;
      csv.end();
      await finished(out);
    },
  };
}
