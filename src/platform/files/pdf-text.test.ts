import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { expectAccessiblePdf, expectReadInOrder, readTaggedPdf } from '../../../test/support/pdf-tags.js';
import { embedFonts } from './pdf-fonts.js';
import { PdfWriter } from './pdf-text.js';

const facts = {
  title: 'Quarterly training report',
  author: 'Lowell Community Health',
  madeAt: new Date('2026-03-02T15:00:00Z'),
};

describe('the page writer', () => {
  it('tags what it writes: headings, paragraphs, a list, a table and a figure, read in the order written', async () => {
    const w = await PdfWriter.create(facts);
    w.heading('Quarterly training report', 1);
    w.paragraph('Made for the plan’s readiness review by Ngọc Trần.');
    w.list(['12 continuing-education hours', '3 modules finished']);
    w.heading('Completions', 2);
    const table = w.table([
      ['Name', 0],
      ['Topic', 200],
      ['Hours', 400],
    ]);
    table.row(['Joe Okafor', 'Advocacy and appeals', '1.5']);
    table.row(['Rosa Delgado', 'Withheld: a small group']);
    w.figure('Bar chart: Agree 12, Disagree 3', () => {
      w.text('Agree');
      w.graphic((page) => page.drawRectangle({ x: 200, y: w.y, width: 120, height: 10 }));
    });
    w.rule();
    const pdf = await expectAccessiblePdf(await w.save(), 'Quarterly training report');
    expect(pdf.headings).toEqual([
      { level: 1, text: 'Quarterly training report' },
      { level: 2, text: 'Completions' },
    ]);
    expect(pdf.elements.map((e) => e.type)).toEqual([
      'H1',
      'P',
      'LBody',
      'LBody',
      'H2',
      ...['TH', 'TH', 'TH', 'TD', 'TD', 'TD', 'TD', 'TD'],
      'Figure',
    ]);
    // The short row's last cell spans the columns it leaves out.
    expect(pdf.tables[0]![2]).toEqual([
      { type: 'TD', text: 'Rosa Delgado', scope: null, span: 1 },
      { type: 'TD', text: 'Withheld: a small group', scope: null, span: 2 },
    ]);
    // A figure is read as its alternative text, not as the words drawn inside it.
    expect(pdf.reading.at(-1)).toBe('[Figure] Bar chart: Agree 12, Disagree 3');
    expectReadInOrder(pdf, [
      'Ngọc Trần',
      '12 continuing-education hours',
      'Joe Okafor',
      '1.5',
      'Rosa Delgado',
    ]);
  });

  it('keeps a table one table across pages: the header repeated on a new page is an artifact', async () => {
    const w = await PdfWriter.create(facts);
    w.heading('Everyone', 1);
    const table = w.table([
      ['Name', 0],
      ['E-mail', 250],
    ]);
    for (let i = 1; i <= 80; i++) table.row([`Person ${i}`, `person${i}@example.org`]);
    const bytes = await w.save();
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(2);
    const pdf = await expectAccessiblePdf(bytes);
    expect(pdf.tables).toHaveLength(1);
    expect(pdf.tables[0]!.filter((row) => row[0]!.type === 'TH')).toHaveLength(1);
    expect(pdf.tables[0]).toHaveLength(81);
    expect(pdf.artifacts).toEqual(['Name', 'E-mail']);
    expectReadInOrder(pdf, ['Person 1', 'Person 79', 'Person 80']);
  });

  it('makes no element for nothing: an empty paragraph, line or list', async () => {
    const w = await PdfWriter.create(facts);
    w.heading('Transcript', 1);
    w.paragraph('');
    w.text(' ');
    w.list([]);
    const pdf = await expectAccessiblePdf(await w.save());
    expect(pdf.structure).toEqual(['Document', 'H1']);
  });

  it('refuses to draw a graphic that no figure describes', async () => {
    const w = await PdfWriter.create(facts);
    expect(() => w.graphic((page) => page.drawCircle({ x: 10, y: 10, size: 4 }))).toThrow(/inside figure/);
  });
});

describe('every document people read', () => {
  it('is written through the page writer, so none is drawn untagged (a colour or a type from pdf-lib is all a domain takes)', () => {
    const src = path.resolve(import.meta.dirname, '../..');
    const direct: string[] = [];
    for (const file of readdirSync(src, { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts') || file.startsWith(path.join('platform', 'files'))) continue;
      const text = readFileSync(path.join(src, file), 'utf8');
      for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'pdf-lib'/g))
        for (const name of m[1]!
          .split(',')
          .map((n) => n.trim())
          .filter(Boolean))
          if (name !== 'rgb' && !name.startsWith('type ')) direct.push(`${file}: ${name}`);
      if (/import\s+(\w+|\*)[^{]*from\s*'pdf-lib'/.test(text))
        direct.push(`${file}: default or namespace import`);
    }
    expect(direct).toEqual([]);
  });
});

describe('the tagged-PDF check', () => {
  it('finds what an untagged file lacks', async () => {
    const doc = await PDFDocument.create();
    const { regular } = await embedFonts(doc);
    doc.setTitle('Untagged');
    doc.addPage().drawText('Certificate of Completion', { x: 50, y: 700, font: regular });
    const pdf = await readTaggedPdf(await doc.save());
    expect(pdf).toMatchObject({
      tagged: false,
      lang: null,
      displayDocTitle: false,
      xmpTitle: null,
      headings: [],
    });
    expect(pdf.problems).toEqual(
      expect.arrayContaining([
        'page 1: text outside any marked content: "Certificate of Completion"',
        'page 1: 1 drawing operations neither tagged nor artifact',
        'page 1: pdf.js finds no structure tree',
        'no StructTreeRoot in the catalog',
      ]),
    );
  });
});
