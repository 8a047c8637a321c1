import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { pdfText } from '../../../../test/support/files.js';
import { expectAccessiblePdf, readTaggedPdf } from '../../../../test/support/pdf-tags.js';
import { letterDay, letterLanguageFor } from './letter-language.js';
import {
  type AssignmentLetterInput,
  openLetterBook,
  renderAssignmentLetter,
  renderWelcomeLetter,
  type WelcomeLetterInput,
} from './letters.pdf.js';
import { openMailFile } from './mail-file.js';

// The letters to members: the assignment letter's content, languages (with English where no template exists,
// said so), tagged PDFs; a print run of many letters, each from a new page; and the print vendor's mail file.

const flat = (s: string) => s.replace(/\s+/g, ' ');

const assignment = (over: Partial<AssignmentLetterInput> = {}): AssignmentLetterInput => ({
  recipient: { name: 'Thị Lan Nguyễn', addressLines: ['40 Elm Street', 'Apt 2', 'Lowell, MA 01852'] },
  preferredLanguage: 'English',
  format: 'standard',
  date: '2026-12-02',
  sender: { name: 'Merrimack Valley ACO', phone: '978-555-0100' },
  cp: { name: 'Lowell Community Partners', type: 'BH', phone: '978-555-0199' },
  startsOn: '2027-01-01',
  ...over,
});

const welcome = (n: number, over: Partial<WelcomeLetterInput> = {}): WelcomeLetterInput => ({
  recipient: { name: `Member ${n}`, addressLines: [`${n} Main Street`, 'Pittsfield, MA 01201'] },
  preferredLanguage: n % 2 ? 'Spanish' : null,
  format: n % 3 ? 'standard' : 'large_print',
  date: '2026-12-02',
  plan: { name: 'Bay State One Care', phone: '617-555-0100', program: 'one_care' },
  county: 'Berkshire',
  firstEnrollmentOn: '2027-01-01',
  ...over,
});

describe('the welcome letter', () => {
  it('keeps its closing and the plan’s name on one page, however long the address runs', async () => {
    const { extractText, getDocumentProxy } = await import('unpdf');
    for (const preferredLanguage of ['Spanish', null])
      for (const format of ['standard', 'large_print'] as const)
        for (let extra = 0; extra <= 8; extra++) {
          const letter = await renderWelcomeLetter(
            welcome(2, {
              preferredLanguage,
              format,
              recipient: {
                name: 'Gabriel Murphy',
                addressLines: [
                  ...Array.from({ length: extra }, (_, i) => `Line ${i}`),
                  'Pittsfield, MA 01201',
                ],
              },
            }),
          );
          const { text } = await extractText(await getDocumentProxy(letter.pdf), { mergePages: false });
          const last = flat(text.at(-1)!);
          const where = `${preferredLanguage ?? 'English'}, ${format}, ${extra} more address lines`;
          expect(last, where).toMatch(/(Sincerely|Atentamente),/);
          expect(last, where).toContain('Bay State One Care');
        }
  });
});

describe('the Community Partner assignment letter', () => {
  it('names the member, the CP and its type, what a CP does, the choices and whom to call', async () => {
    const letter = await renderAssignmentLetter(assignment(), new Date('2026-12-02T15:00:00Z'));
    expect(letter).toMatchObject({ language: 'en', fallback: false, format: 'standard' });
    const text = flat((await pdfText(letter.pdf)).text);
    for (const part of [
      'Dear Thị Lan Nguyễn,',
      'Merrimack Valley ACO has assigned you to Lowell Community Partners, a Behavioral Health Community Partner (BH CP).',
      'Your assignment starts on 1 January 2027.',
      'What a Community Partner does',
      'You may ask for a different Community Partner, or decline Community Partner support, at any time. Your choice does not affect your MassHealth benefits.',
      'call Merrimack Valley ACO at 978-555-0100',
      'Call Lowell Community Partners at 978-555-0199',
    ])
      expect(text).toContain(part);
    const pdf = await expectAccessiblePdf(letter.pdf, /^Your Community Partner — Thị Lan Nguyễn$/);
    expect(pdf.headings.map((h) => h.level)).toEqual([1, 2, 2, 2]);
  });

  it('is in Spanish for a Spanish reader, and for an LTSS CP says what that CP does', async () => {
    const letter = await renderAssignmentLetter(
      assignment({
        preferredLanguage: 'spanish',
        cp: { name: 'Springfield LTSS', type: 'LTSS', phone: null },
      }),
    );
    expect(letter.language).toBe('es');
    const text = flat((await pdfText(letter.pdf)).text);
    expect(text).toContain('Community Partner de servicios y apoyos a largo plazo (LTSS CP)');
    expect(text).toContain('Su decisión no afecta sus beneficios de MassHealth.');
    expect((await readTaggedPdf(letter.pdf)).lang).toBe('es-US');
  });

  it('is in English where no template exists in the member’s language, and says so', async () => {
    const letter = await renderAssignmentLetter(assignment({ preferredLanguage: 'Vietnamese' }));
    expect(letter).toMatchObject({ language: 'en', fallback: true, preferred: 'Vietnamese' });
    expect(letter.note).toBe(
      'There is no letter template in Vietnamese yet, so the letter is in English. Arrange a translation or an interpreter for the member.',
    );
  });
});

describe('a print run', () => {
  it('holds every letter in one tagged PDF, each from a new page', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const book = await openLetterBook(out, {
      title: 'Welcome letters',
      author: 'Bay State One Care',
      madeAt: new Date(),
    });
    const languages = [];
    for (let n = 1; n <= 4; n++)
      languages.push((await book.add({ kind: 'welcome', ...welcome(n) })).language);
    await book.add({ kind: 'assignment', ...assignment() });
    await book.close();
    out.end();
    expect(languages).toEqual(['es', 'en', 'es', 'en']);
    const bytes = Buffer.concat(chunks);
    const { pages } = await pdfText(bytes);
    expect(pages).toBe(book.pages);
    expect(book.letters).toBe(5);
    // Each letter begins on a page of its own: the sender's name is the first thing on it.
    const { extractText, getDocumentProxy } = await import('unpdf');
    const byPage = (await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: false }))
      .text;
    const starts = byPage.filter((p) => /^(Bay State One Care|Merrimack Valley ACO)\n/.test(p)).length;
    expect(starts).toBe(5);
    const tagged = await expectAccessiblePdf(bytes, 'Welcome letters');
    expect(tagged.headings.filter((h) => h.level === 1)).toHaveLength(5);
  });
});

describe('the mail file', () => {
  it('is RFC 4180 CSV with a byte-order mark, and never a formula', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const file = openMailFile(out);
    await file.add({
      name: '=HYPERLINK("http://x.example","Click")',
      addressLine1: '1 Main St, Apt "B"',
      addressLine2: 'Line\nbreak',
      city: 'Pittsfield',
      state: 'MA',
      zip: '01201',
      language: 'es',
      reads: null,
      format: 'large_print',
      alsoNeeds: [],
      county: 'Berkshire',
    });
    await file.add({
      name: 'Brendan Silva',
      addressLine1: '9 Elm St',
      addressLine2: null,
      city: 'Brockton',
      state: 'MA',
      zip: '02301',
      language: 'en',
      reads: 'Vietnamese',
      format: 'standard',
      alsoNeeds: ['Braille', 'Audio'],
      county: 'Plymouth',
    });
    await file.close();
    expect(Buffer.concat(chunks).toString('utf8')).toBe(
      '\uFEFFName,Address line 1,Address line 2,City,State,ZIP,Language,Reads,Format,Also needs,County\r\n' +
        `"'=HYPERLINK(""http://x.example"",""Click"")","1 Main St, Apt ""B""","Line\nbreak",Pittsfield,MA,01201,Spanish,,Large print,,Berkshire\r\n` +
        'Brendan Silva,9 Elm St,,Brockton,MA,02301,English,Vietnamese,Standard print,Braille; Audio,Plymouth\r\n',
    );
  });
});

describe('a letter’s language and day', () => {
  it('is the member’s where a template exists, by name or code, in any case', () => {
    expect(letterLanguageFor(' SPANISH ').language).toBe('es');
    expect(letterLanguageFor('es').language).toBe('es');
    expect(letterLanguageFor(null)).toMatchObject({ language: 'en', fallback: false });
    expect(letterLanguageFor('Klingon')).toMatchObject({
      language: 'en',
      fallback: true,
      preferred: 'Klingon',
    });
  });
  it('writes days as a member reads them', () => {
    expect(letterDay('2021-01-01', 'en')).toBe('1 January 2021');
    expect(letterDay('2021-01-01', 'es')).toBe('1 de enero de 2021');
  });
});
