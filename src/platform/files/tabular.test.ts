import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvRecords } from './tabular.js';
import { ToUtf8, unreadableText } from './text-encoding.js';
import { UnreadableFile } from './unreadable.js';

/** The bytes in chunks of the given sizes (the last takes the rest), as a file stream would give them. */
const chunked = (bytes: Buffer, sizes: number[] = []) => {
  const chunks: Buffer[] = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= bytes.length) break;
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  if (at < bytes.length) chunks.push(bytes.subarray(at));
  return Readable.from(chunks);
};

async function read(bytes: Buffer, sizes?: number[], skipEmptyLines = true) {
  const rows: string[][] = [];
  for await (const row of csvRecords(chunked(bytes, sizes), { skipEmptyLines })) rows.push(row.cells);
  return rows;
}

async function failure(bytes: Buffer) {
  try {
    await read(bytes);
  } catch (err) {
    return err as UnreadableFile;
  }
  throw new Error('read without a problem');
}

/** Windows-1252 bytes of a string whose characters are all in that code page. */
const cp1252 = (text: string) => {
  const high = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
  return Buffer.from(
    [...text].map((c) => {
      const code = c.charCodeAt(0);
      return high.includes(c) ? 0x80 + high.indexOf(c) : code;
    }),
  );
};
const utf16 = (text: string, bigEndian: boolean) => {
  const le = Buffer.from(`\ufeff${text}`, 'utf16le');
  return bigEndian ? Buffer.from(le).swap16() : le;
};

describe('reading a CSV in the encoding it was saved in', () => {
  const text = 'Given name,Family name\r\nJosé,Muñoz\r\nZoë,O’Brien – “RN”\r\n';
  const rows = [
    ['Given name', 'Family name'],
    ['José', 'Muñoz'],
    ['Zoë', 'O’Brien – “RN”'],
  ];

  it('reads Excel’s Windows-1252 “CSV (Comma delimited)” as the text it shows, not as �', async () => {
    expect(await read(cp1252(text))).toEqual(rows);
  });

  it('reads UTF-8 with and without a byte-order mark, and UTF-16 (either byte order) with one', async () => {
    expect(await read(Buffer.from(text))).toEqual(rows);
    expect(await read(Buffer.from(`\ufeff${text}`))).toEqual(rows);
    expect(await read(utf16(text, false))).toEqual(rows);
    expect(await read(utf16(text, true))).toEqual(rows);
  });

  it('decides at the first byte past ASCII, however the file is cut into chunks', async () => {
    const ascii = `${'Name,Team\r\n'}${'Ann Lee,North\r\n'.repeat(5000)}`;
    const late = Buffer.concat([Buffer.from(ascii), cp1252('José,South\r\n')]);
    expect((await read(late)).at(-1)).toEqual(['José', 'South']);
    // A UTF-8 "é" split between two chunks, and a byte-order mark split too.
    const utf8 = Buffer.from(`\ufeffName\r\nJosé\r\n`);
    expect(await read(utf8, [1, 1, 9])).toEqual([['Name'], ['José']]);
  });

  it('keeps bytes that are not UTF-8 in a UTF-8 file as �, which the import names by row and column', async () => {
    const start = Buffer.from('Name\nJosé\n');
    const [, second, third] = await read(Buffer.concat([start, cp1252('Zoë\n')]), [start.length]);
    expect(second).toEqual(['José']);
    expect(third![0]).toBe('Zo\ufffd');
    expect(unreadableText(third![0]!)).toMatch(/not valid text in the file’s encoding.*CSV UTF-8/);
  });

  it('numbers rows as a spreadsheet shows them: blank lines count, a quoted cell over two lines does not', async () => {
    const rows: [number, string[]][] = [];
    const csv = 'Name,Note\n\nAda,one\n,\n"Ben","two\nlines"\n\nCal,three\n';
    for await (const row of csvRecords(Readable.from([Buffer.from(csv)]), { skipEmptyLines: true }))
      rows.push([row.rowNumber, row.cells]);
    expect(rows).toEqual([
      [1, ['Name', 'Note']],
      [3, ['Ada', 'one']],
      [5, ['Ben', 'two\nlines']],
      [7, ['Cal', 'three']],
    ]);
  });

  it('round-trips any text in every encoding, cut anywhere', async () => {
    const cell = fc.string({ unit: 'grapheme', maxLength: 8 }).filter((s) => !/[",\r\n\ufeff]/.test(s));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5 }),
        fc.constantFrom('utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be'),
        fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 20 }),
        async (grid, encoding, sizes) => {
          // Cells are trimmed and rows with nothing in them skipped, so compare what a reader keeps.
          const expected = grid.map((r) => r.map((c) => c.trim())).filter((r) => r.some((c) => c !== ''));
          const csv = `${grid.map((r) => r.join(',')).join('\n')}\n`;
          const bytes =
            encoding === 'utf-8'
              ? Buffer.from(csv)
              : encoding === 'utf-8-bom'
                ? Buffer.from(`\ufeff${csv}`)
                : utf16(csv, encoding === 'utf-16be');
          expect(await read(bytes, sizes)).toEqual(expected);
        },
      ),
      { seed: 14, numRuns: 200 },
    );
  });

  it('says which encoding it found', async () => {
    const found = async (bytes: Buffer) => {
      const decoder = new ToUtf8();
      for await (const _ of Readable.from([bytes]).pipe(decoder));
      return decoder.encoding;
    };
    expect(await found(cp1252('José'))).toBe('windows-1252');
    expect(await found(Buffer.from('José'))).toBe('utf-8');
    expect(await found(Buffer.from('Jose'))).toBe('utf-8');
    expect(await found(utf16('José', true))).toBe('utf-16be');
    expect(await found(Buffer.from([0xc3]))).toBe('windows-1252'); // a sequence cut off by the end
  });
});

describe('reading a CSV that is not well formed', () => {
  it('reads a quote mark inside an unquoted cell as itself', async () => {
    expect(await read(Buffer.from('Item,Size\n5" binder,2\n'))).toEqual([
      ['Item', 'Size'],
      ['5" binder', '2'],
    ]);
  });

  it('names the row where a quoted cell opens and is never closed', async () => {
    const err = await failure(Buffer.from('Name,Team\nAnn,North\n"Bo,South\nCy,East\n'));
    expect(err).toBeInstanceOf(UnreadableFile);
    expect(err.row).toBe(3);
    expect(err.message).toMatch(/starts with a quote mark \(".*is never closed/);
  });

  it('names the row of a quoted cell with text after its closing quote', async () => {
    const err = await failure(Buffer.from('Name,Team\nAnn,North\nBo,"South" side\n'));
    expect(err.row).toBe(3);
    expect(err.message).toMatch(/more text after its closing quote/);
  });

  it('refuses a row past 1 MB rather than gathering the file into one cell', async () => {
    const err = await failure(Buffer.from(`Name\n"${'x'.repeat(1_100_000)}\n`));
    expect(err.row).toBe(2);
    expect(err.message).toMatch(/longer than 1 MB/);
  });

  it('names NUL, other control characters and half characters in a cell', () => {
    expect(unreadableText('Ann\u0000')).toMatch(/control character \(NUL\)/);
    expect(unreadableText('Ann\u0007')).toMatch(/U\+0007/);
    expect(unreadableText('Ann\u0081')).toMatch(/U\+0081/);
    expect(unreadableText('Ann\ud800')).toMatch(/half of a character/);
    expect(unreadableText('Ann\tLee\r\nRN 😀')).toBeNull();
  });
});
