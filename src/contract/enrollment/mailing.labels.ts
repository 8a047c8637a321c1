// Welcome mailings of a service-area expansion (seed 001): their words, shared by the server and the web app.
import type { LetterFormat } from './assignment.labels.js';

export const MAILING_STATUSES = ['running', 'done', 'stopped'] as const;
export type MailingStatus = (typeof MAILING_STATUSES)[number];
export const MAILING_STATUS_LABELS: Record<MailingStatus, string> = {
  running: 'Being prepared',
  done: 'Ready to mail',
  stopped: 'Stopped',
};

export const LETTER_FORMAT_LABELS: Record<LetterFormat, string> = {
  standard: 'Standard print',
  large_print: 'Large print',
};

/** The print vendor's mail file: its columns, in order. */
export const MAIL_FILE_COLUMNS = [
  'Name',
  'Address line 1',
  'Address line 2',
  'City',
  'State',
  'ZIP',
  'Language',
  /** The language the member reads, when their letter is in English for want of a template in it. */
  'Reads',
  'Format',
  /** Accessible formats the member asks for that a printed letter is not (braille, audio, electronic). */
  'Also needs',
  'County',
] as const;

/** Who a welcome mailing writes to, in words (decision 063). */
export const WELCOME_ELIGIBILITY = {
  one_care:
    'One Care plan: people living in the county whom you know of and do not cover on the first day of enrollment, aged 21 to 64 that day, with both a MassHealth ID and a Medicare number (MBI) and a mailing address.',
  aco: 'ACO: people living in the county whom you know of and do not cover on the first day of enrollment, with a mailing address.',
  mco: 'MCO: people living in the county whom you know of and do not cover on the first day of enrollment, with a mailing address.',
} as const;
