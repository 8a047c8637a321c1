import fc from 'fast-check';

/**
 * Bytes of a cell a careless user or an attacker might put in a CSV: control characters and NUL, stray
 * and unbalanced quotes, bytes that are not UTF-8, a byte-order mark mid-file, bidirectional marks, lone
 * surrogates (as a UTF-8 encoder writes them), 10 KB of text, formula prefixes, and arbitrary bytes.
 */
export const badCell: fc.Arbitrary<Buffer> = fc.oneof(
  fc
    .constantFrom(
      '\u0000',
      'Ann\u0000Lee',
      '\u0007\u001b[31m',
      '5" binder',
      '"never closed',
      '"closed" then more',
      '""',
      '\ufeffBOM',
      '\u202eevil\u202c',
      '\ud800',
      '=HYPERLINK("http://x")',
      '\u0085next line',
      'x'.repeat(10_000),
      '99999999999999999999',
      '-1',
      '13/45/2026 25:61 PM',
    )
    .map((s) => Buffer.from(s)),
  fc.string({ unit: 'binary', maxLength: 30 }).map((s) => Buffer.from(s)),
  fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b)),
  fc
    .constantFrom([0xe9], [0xc3], [0xff, 0xfe], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    .map((b) => Buffer.from(b)),
);

/**
 * A CSV file: the header and good rows (lines without their line ends), with bad cells put into some of
 * the rows' cells at generated places.
 */
export const csvWithBadCells = (header: string, goodRows: string[]) =>
  fc
    .array(
      fc.record({
        row: fc.nat({ max: goodRows.length - 1 }),
        column: fc.nat({ max: 20 }),
        cell: badCell,
      }),
      { minLength: 1, maxLength: 3 },
    )
    .map((changes) => {
      const rows: Buffer[][] = goodRows.map((r) => r.split(',').map((c) => Buffer.from(c)));
      for (const { row, column, cell } of changes) {
        const cells = rows[row]!;
        cells[column % cells.length] = cell;
      }
      const lines: Buffer[] = [
        Buffer.from(header),
        ...rows.map((cells) => Buffer.concat(cells.flatMap((c, i) => (i ? [Buffer.from(','), c] : [c])))),
      ];
      return Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\r\n')]));
    });

/**
 * The problem lines of a result workbook read as "row | column | problem" (the header and the summary,
 * whose row is empty, left out), and whether each names a row.
 */
export function problemLines(lines: string[]) {
  const problems = lines.slice(1).filter((l) => !/^\s*\|/.test(l));
  return { problems, allNameARow: problems.every((l) => /^\d+ \| /.test(l)) };
}
