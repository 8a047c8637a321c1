// A live session's printable sign-in sheet (US Letter): the session's title, date and speaker, then one row
// per registrant with a line to sign on, and a few blank rows for people who come unregistered. Tagged as
// a table (decision 036); the signature lines are artifacts.
import { MUTED, PdfWriter } from '../../../platform/files/pdf-text.js';
import { eventWhen } from '../program-years/announcement.mail.js';

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
  w.heading('Sign-in sheet', 1, { size: 16, gap: 2 });
  w.paragraph(s.title, { font: w.bold, size: 12, gap: 2 });
  w.paragraph(`Topic: ${s.topicTitle}`, { size: 10, gap: 0 });
  w.paragraph(`Date: ${sheetWhen(s)}`, { size: 10, gap: 0 });
  w.paragraph(`Speaker: ${s.speaker || 'not named'}`, { size: 10, gap: 0 });
  w.paragraph(`Offered by ${s.ownerName}. ${s.registrants.length} registered.`, {
    size: 9,
    color: MUTED,
    gap: 12,
  });
  const table = w.table(
    [
      ['#', 0],
      ['Name', NAME_X],
      ['E-mail', EMAIL_X],
      ['Signature', SIGN_X],
    ],
    { size: 9, rowHeight: ROW, below: ROW - 6 },
  );
  const rows = [...s.registrants, ...Array.from({ length: BLANK_ROWS }, () => ({ name: '', email: '' }))];
  rows.forEach((r, i) => {
    const baseline = table.row([
      { text: String(i + 1), color: MUTED },
      { text: r.name, size: 10 },
      r.email,
      '',
    ]);
    w.artifact((page) =>
      page.drawLine({
        start: { x: w.margin + SIGN_X, y: baseline - 3 },
        end: { x: w.margin + w.width, y: baseline - 3 },
        thickness: 0.5,
        color: MUTED,
      }),
    );
  });
  return w.save();
}
