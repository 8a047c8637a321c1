// A live session's printable sign-in sheet (US Letter): the session's title, date and speaker, then one row
// per registrant with a line to sign on, and a few blank rows for people who come unregistered. pdf-lib
// cannot tag a page for assistive technology, so the roster page lists the same people (decision 032).
import { MUTED, PdfWriter } from '../../../platform/files/pdf-text.js';
import { eventWhen } from '../announcement.js';

export interface SignInSheet {
  title: string;
  topicTitle: string;
  ownerName: string;
  startsAt: string | null;
  endsAt: string | null;
  timeZone: string;
  speaker: string | null;
  madeAt: Date;
  /** Registered people, in the order they are printed. */
  registrants: { name: string; email: string }[];
}

const BLANK_ROWS = 5;
const ROW = 26;
const NAME_X = 24;
const EMAIL_X = 200;
const SIGN_X = 380;

/** When the session runs, as the sheet prints it. */
export function sheetWhen(s: Pick<SignInSheet, 'startsAt' | 'endsAt' | 'timeZone'>) {
  if (!s.startsAt) return 'Any time';
  return eventWhen({ startsAt: s.startsAt, endsAt: s.endsAt ?? s.startsAt, timeZone: s.timeZone });
}

export async function renderSignInSheet(s: SignInSheet) {
  const w = await PdfWriter.create({
    title: `Sign-in sheet: ${s.title}`,
    author: s.ownerName,
    madeAt: s.madeAt,
  });
  w.paragraph('Sign-in sheet', { font: w.bold, size: 16, gap: 2 });
  w.paragraph(s.title, { font: w.bold, size: 12, gap: 2 });
  w.paragraph(`Topic: ${s.topicTitle}`, { size: 10, gap: 0 });
  w.paragraph(`Date: ${sheetWhen(s)}`, { size: 10, gap: 0 });
  w.paragraph(`Speaker: ${s.speaker || 'not named'}`, { size: 10, gap: 0 });
  w.paragraph(`Offered by ${s.ownerName}. ${s.registrants.length} registered.`, {
    size: 9,
    color: MUTED,
    gap: 12,
  });
  const header = () => {
    for (const [label, x] of [
      ['#', 0],
      ['Name', NAME_X],
      ['E-mail', EMAIL_X],
      ['Signature', SIGN_X],
    ] as const)
      w.text(label, { font: w.bold, size: 9, x });
    w.y -= 6;
    w.rule();
    w.y -= ROW - 8;
  };
  header();
  const rows = [...s.registrants, ...Array.from({ length: BLANK_ROWS }, () => ({ name: '', email: '' }))];
  rows.forEach((r, i) => {
    if (w.room(ROW)) header();
    w.text(String(i + 1), { size: 9, color: MUTED, width: NAME_X - 4 });
    w.text(r.name, { size: 10, x: NAME_X, width: EMAIL_X - NAME_X - 6 });
    w.text(r.email, { size: 9, x: EMAIL_X, width: SIGN_X - EMAIL_X - 6 });
    w.page.drawLine({
      start: { x: w.margin + SIGN_X, y: w.y - 3 },
      end: { x: w.margin + w.width, y: w.y - 3 },
      thickness: 0.5,
      color: MUTED,
    });
    w.y -= ROW;
  });
  return w.save();
}
