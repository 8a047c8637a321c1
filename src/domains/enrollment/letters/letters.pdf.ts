// Letters to members as tagged PDFs (US Letter): the service-area "Welcome" letter and the Community Partner
// assignment letter, each in the member's language where a template exists (else English, and the result says
// so) and in standard or large print (18 pt and up). One letter is a document of its own; a print run is one
// document of many letters, each from a new page, with the fonts embedded once.

import type { Writable } from 'node:stream';
import type { CpType, LetterFormat } from '@contract/enrollment/assignment.labels.js';
import { PdfRunWriter } from '../../../platform/files/pdf-run.js';
import { PdfWriter } from '../../../platform/files/pdf-text.js';
import { ASSIGNMENT_WORDS } from './assignment.words.js';
import { type LanguageChoice, type LetterLanguage, letterLanguageFor } from './letter-language.js';
import { WELCOME_WORDS, type WelcomeProgram } from './welcome.words.js';

export type { WelcomeProgram } from './welcome.words.js';

/** Whom a letter goes to: the name as it is written on the envelope, then the address's lines. */
export interface Recipient {
  name: string;
  /** Street, apartment, then "Town, MA 01201": the lines under the name, as printed. */
  addressLines: string[];
}

/** What every letter is given: to whom, in which language and print, dated when. */
export interface LetterBase {
  recipient: Recipient;
  /** The member's preferred language as recorded (a name or a code); null when none is. */
  preferredLanguage: string | null;
  format: LetterFormat;
  /** The letter's date, YYYY-MM-DD. */
  date: string;
}

/** A plan's welcome to a resident of a county its service area has gained (seed 001). */
export interface WelcomeLetterInput extends LetterBase {
  plan: { name: string; phone: string | null; program: WelcomeProgram };
  county: string;
  /** The first day the resident can be enrolled, YYYY-MM-DD. */
  firstEnrollmentOn: string;
}

/** An ACO's or MCO's letter telling a member which Community Partner they are assigned to. */
export interface AssignmentLetterInput extends LetterBase {
  /** The member's ACO or MCO, which writes the letter and takes the member's choices. */
  sender: { name: string; phone: string | null };
  cp: { name: string; type: CpType; phone: string | null };
  /** The day the assignment takes effect, when the letter should say it. */
  startsOn?: string | null;
}

export type LetterInput =
  | ({ kind: 'welcome' } & WelcomeLetterInput)
  | ({ kind: 'assignment' } & AssignmentLetterInput);

/** A letter written: its PDF, and the language and print it is in (with a note when it fell back to English). */
export interface RenderedLetter extends LanguageChoice {
  format: LetterFormat;
  pdf: Uint8Array;
}

/** Type sizes in points. Large print sets everything, address and small print included, at 18 pt or more. */
const PRINT = {
  standard: { body: 11, title: 16, heading: 13, gap: 8 },
  large_print: { body: 18, title: 24, heading: 20, gap: 12 },
} as const;
type Print = (typeof PRINT)[LetterFormat];

/** Three quarters of an inch all round: room for a printer's grip and a window envelope's address. */
const MARGIN = 54;
const BCP47: Record<LetterLanguage, string> = { en: 'en-US', es: 'es-US' };

/** The sender, the date, then the member's name and address, as a window envelope shows them. */
function letterhead(
  pdf: PdfWriter,
  p: Print,
  sender: { name: string; phone: string | null },
  dateLine: string,
  to: Recipient,
) {
  pdf.paragraph(sender.name, { font: pdf.bold, size: p.body, gap: 0 });
  if (sender.phone) pdf.paragraph(sender.phone, { size: p.body, gap: 0 });
  pdf.y -= p.gap * 2;
  for (const line of [to.name, ...to.addressLines]) pdf.paragraph(line, { size: p.body, gap: 0 });
  pdf.y -= p.gap * 2;
  pdf.paragraph(dateLine, { size: p.body, gap: p.gap * 2 });
}

const bullets = (items: readonly string[]) => items.map((i) => `•  ${i}`);

/** The closing and the sender, kept together on one page: a name alone at the top of a page reads as a new letter. */
function signOff(pdf: PdfWriter, p: Print, words: string) {
  const lines = words.split('\n');
  pdf.room(lines.length * (p.body * 1.4 + 2));
  for (const line of lines) pdf.paragraph(line, { size: p.body, gap: 2 });
}

function drawWelcome(pdf: PdfWriter, l: WelcomeLetterInput, language: LetterLanguage) {
  const w = WELCOME_WORDS[language];
  const p = PRINT[l.format];
  const body = { size: p.body, gap: p.gap };
  const plan = l.plan.name;
  letterhead(pdf, p, l.plan, w.dateLine(l.date), l.recipient);
  pdf.heading(w.title(plan, l.county), 1, { size: p.title, gap: p.gap });
  pdf.paragraph(w.greeting(l.recipient.name), body);
  pdf.paragraph(w.arrived(plan, l.county), body);
  pdf.paragraph(w.program(plan, l.plan.program), body);
  pdf.paragraph(w.firstDay(l.firstEnrollmentOn), { ...body, font: pdf.bold, gap: p.gap * 1.5 });
  pdf.heading(w.offersHeading(plan), 2, { size: p.heading, gap: p.gap / 2 });
  pdf.list(bullets(w.offers[l.plan.program]), { size: p.body, gap: p.gap / 2 });
  pdf.y -= p.gap;
  pdf.heading(w.choiceHeading, 2, { size: p.heading, gap: p.gap / 2 });
  pdf.paragraph(w.choice(plan), { ...body, gap: p.gap * 1.5 });
  pdf.heading(w.questionsHeading, 2, { size: p.heading, gap: p.gap / 2 });
  if (l.plan.phone) pdf.paragraph(w.callPlan(plan, l.plan.phone), body);
  pdf.paragraph(w.callMassHealth, body);
  if (l.plan.program === 'one_care') pdf.paragraph(w.oneCareSite, body);
  pdf.paragraph(w.help, { ...body, gap: p.gap * 2 });
  signOff(pdf, p, w.signOff(plan));
}

function drawAssignment(pdf: PdfWriter, l: AssignmentLetterInput, language: LetterLanguage) {
  const w = ASSIGNMENT_WORDS[language];
  const p = PRINT[l.format];
  const body = { size: p.body, gap: p.gap };
  const { sender, cp } = l;
  letterhead(pdf, p, sender, w.dateLine(l.date), l.recipient);
  pdf.heading(w.title, 1, { size: p.title, gap: p.gap });
  pdf.paragraph(w.greeting(l.recipient.name), body);
  pdf.paragraph(w.assigned(sender.name, cp.name, cp.type), body);
  if (l.startsOn) pdf.paragraph(w.startsOn(l.startsOn), { ...body, font: pdf.bold });
  pdf.paragraph(w.contact(cp.name), { ...body, gap: p.gap * 1.5 });
  pdf.heading(w.whatHeading, 2, { size: p.heading, gap: p.gap / 2 });
  pdf.list(bullets(w.what(cp.name, cp.type)), { size: p.body, gap: p.gap / 2 });
  pdf.y -= p.gap;
  pdf.heading(w.choiceHeading, 2, { size: p.heading, gap: p.gap / 2 });
  pdf.paragraph(w.choice, { ...body, font: pdf.bold });
  pdf.paragraph(w.howToChoose(sender.name, sender.phone), { ...body, gap: p.gap * 1.5 });
  pdf.heading(w.questionsHeading, 2, { size: p.heading, gap: p.gap / 2 });
  if (cp.phone) pdf.paragraph(w.callCp(cp.name, cp.phone), body);
  if (sender.phone) pdf.paragraph(w.callSender(sender.name, sender.phone), body);
  pdf.paragraph(w.callMassHealth, body);
  pdf.paragraph(w.help, { ...body, gap: p.gap * 2 });
  signOff(pdf, p, w.signOff(sender.name));
}

function draw(pdf: PdfWriter, letter: LetterInput): LanguageChoice {
  const choice = letterLanguageFor(letter.preferredLanguage);
  if (letter.kind === 'welcome') drawWelcome(pdf, letter, choice.language);
  else drawAssignment(pdf, letter, choice.language);
  return choice;
}

const titleOf = (letter: LetterInput, language: LetterLanguage) =>
  letter.kind === 'welcome'
    ? WELCOME_WORDS[language].title(letter.plan.name, letter.county)
    : ASSIGNMENT_WORDS[language].title;

async function renderOne(letter: LetterInput, madeAt: Date): Promise<RenderedLetter> {
  const { language } = letterLanguageFor(letter.preferredLanguage);
  const pdf = await PdfWriter.create({
    title: `${titleOf(letter, language)} — ${letter.recipient.name}`,
    author: letter.kind === 'welcome' ? letter.plan.name : letter.sender.name,
    madeAt,
    language: BCP47[language],
    margin: MARGIN,
  });
  const choice = draw(pdf, letter);
  return { ...choice, format: letter.format, pdf: await pdf.save() };
}

/** One member's welcome letter, a PDF of its own. */
export function renderWelcomeLetter(input: WelcomeLetterInput, madeAt = new Date()) {
  return renderOne({ kind: 'welcome', ...input }, madeAt);
}

/** One member's Community Partner assignment letter, a PDF of its own. */
export function renderAssignmentLetter(input: AssignmentLetterInput, madeAt = new Date()) {
  return renderOne({ kind: 'assignment', ...input }, madeAt);
}

/** A print run being written: letters added one after another, each from a new page. */
export interface LetterBook {
  /** Writes one letter (the one before it is then written out); says which language it is in. */
  add(letter: LetterInput): Promise<LanguageChoice>;
  readonly letters: number;
  readonly pages: number;
  /** Ends the run: the fonts (embedded once, subset to every letter's characters) and the document's index. */
  close(): Promise<void>;
}

/**
 * Opens a print run on `out`: one document of many letters, for the print vendor, written as it goes so that
 * memory stays flat however many letters it holds. Its language is `language` (most letters'); a member
 * reading a letter in another language gets their own letter's PDF, in its language.
 */
export async function openLetterBook(
  out: Writable,
  meta: { title: string; author: string; madeAt: Date; language?: LetterLanguage },
): Promise<LetterBook> {
  const pdf = await PdfRunWriter.open(out, {
    title: meta.title,
    author: meta.author,
    madeAt: meta.madeAt,
    language: BCP47[meta.language ?? 'en'],
    margin: MARGIN,
  });
  let letters = 0;
  return {
    async add(letter) {
      if (letters > 0) await pdf.part();
      letters++;
      return draw(pdf, letter);
    },
    get letters() {
      return letters;
    },
    get pages() {
      return pdf.pages;
    },
    close: () => pdf.close(),
  };
}
