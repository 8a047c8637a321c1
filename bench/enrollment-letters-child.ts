// One measurement of bench/enrollment-letters.ts in a process of its own (so that its peak RSS is its own):
//   baseline N      — N bare one-page pdf-lib documents, one line of text each
//   single N        — N welcome letters, one PDF per resident
//   combined N FILE — N welcome letters in one print run written to FILE, and the mail file beside it
// Prints one line of JSON: milliseconds, bytes, pages, peak RSS.
import { createWriteStream } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { finished } from 'node:stream/promises';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { letterFormatFor } from '../src/domains/enrollment/letters/letter-language.js';
import {
  openLetterBook,
  renderWelcomeLetter,
  type WelcomeLetterInput,
} from '../src/domains/enrollment/letters/letters.pdf.js';
import { openMailFile } from '../src/domains/enrollment/letters/mail-file.js';
import { enrolleeAt } from '../src/seed/enrollees.js';

const [mode, count, file] = process.argv.slice(2) as [string, string, string | undefined];
const n = Number(count);
const options = { seed: 2021, today: '2026-12-02' };
const LANGUAGE = { en: 'English', es: 'Spanish' } as Record<string, string>;

/** Resident `i` of the mailing: a synthetic member of the demo's generator, living in Berkshire. */
function letter(i: number): WelcomeLetterInput {
  const e = enrolleeAt(i, options);
  const [line1, line2] = e.addressLine.split(', ');
  return {
    recipient: {
      name: `${e.givenName} ${e.familyName}`,
      addressLines: [line1!, ...(line2 ? [line2] : []), `${e.town}, MA ${e.zip}`],
    },
    preferredLanguage: LANGUAGE[e.language] ?? e.language,
    format: letterFormatFor(e.accessibleFormats),
    date: '2026-12-02',
    plan: { name: 'Commonwealth One Care', phone: '866-555-0101', program: 'one_care' },
    county: 'Berkshire',
    firstEnrollmentOn: '2027-01-01',
  };
}

const peakMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
let bytes = 0;
let pages = 0;
let ms = 0;
if (mode === 'baseline') {
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc
      .addPage([612, 792])
      .drawText(`Welcome to Commonwealth One Care, member ${i}`, { x: 54, y: 700, size: 11, font });
    bytes += (await doc.save()).length;
    pages++;
  }
  ms = performance.now() - start;
} else if (mode === 'single') {
  await renderWelcomeLetter(letter(n)); // the fonts read once, as in a running server
  const start = performance.now();
  for (let i = 0; i < n; i++) bytes += (await renderWelcomeLetter(letter(i))).pdf.length;
  ms = performance.now() - start;
} else {
  const start = performance.now();
  const out = createWriteStream(file!);
  const csv = createWriteStream(`${file}.csv`);
  const book = await openLetterBook(out, {
    title: 'Welcome letters',
    author: 'Commonwealth One Care',
    madeAt: new Date(),
  });
  const mail = openMailFile(csv);
  for (let i = 0; i < n; i++) {
    const l = letter(i);
    const { language, fallback, preferredName } = await book.add({ kind: 'welcome', ...l });
    await mail.add({
      name: l.recipient.name,
      addressLine1: l.recipient.addressLines[0]!,
      addressLine2: l.recipient.addressLines.length > 2 ? l.recipient.addressLines[1]! : null,
      city: enrolleeAt(i, options).town,
      state: 'MA',
      zip: enrolleeAt(i, options).zip,
      language,
      reads: fallback ? preferredName : null,
      format: l.format,
      alsoNeeds: [],
      county: 'Berkshire',
    });
  }
  await book.close();
  out.end();
  await Promise.all([finished(out), mail.close()]);
  ms = performance.now() - start;
  bytes = out.bytesWritten;
  pages = book.pages;
}
console.log(JSON.stringify({ mode, letters: n, ms, bytes, pages, peakMb: peakMb() }));
