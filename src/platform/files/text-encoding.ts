import { isAscii, isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * The text encodings an uploaded CSV is read in (decision 015): UTF-8 with or without a byte-order mark,
 * UTF-16 with one (what "Unicode text" saves), and Windows-1252 — what Excel on Windows writes for "CSV
 * (Comma delimited)" — when the bytes are not UTF-8. ASCII reads the same in every one of them, so the choice
 * waits for the first byte above 127 and is made on the bytes from there to the end of the chunk (up to
 * 64 KB): valid UTF-8 is read as UTF-8, anything else as Windows-1252. A UTF-8 file with bytes that are not
 * UTF-8 further on keeps them as U+FFFD, which the import then names by row and column.
 */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** The length of `bytes` without a multi-byte UTF-8 sequence cut off at its end. */
function wholeUtf8Length(bytes: Buffer): number {
  const end = bytes.length;
  for (let back = 1; back <= Math.min(3, end); back++) {
    const b = bytes[end - back]!;
    if (b < 0x80) return end; // ASCII: nothing is cut
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return need > back ? end - back : end;
    }
  }
  return end;
}

/** What Windows-1252 puts at 0x80–0x9F (five are unused there and stay C1 controls, which imports refuse). */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * Windows-1252, one byte a character. Node 20's TextDecoder reads this label as ISO-8859-1, which puts
 * control characters where Excel writes ’ “ ” – — € and the like, so the C1 range is mapped here.
 */
const windows1252 = {
  decode: (bytes?: Buffer) =>
    (bytes ?? Buffer.alloc(0))
      .toString('latin1')
      .replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!),
};

/**
 * A stream that takes a file's bytes and gives them as UTF-8, whatever of the encodings above they are in,
 * without a byte-order mark. UTF-8 passes through untouched; the others are decoded as they stream.
 * `encoding` says what was found once it is known ('utf-8' for a file that is ASCII throughout).
 */
export class ToUtf8 extends Transform {
  encoding: TextEncoding | null = null;
  private decoder: { decode(bytes?: Buffer, options?: { stream: boolean }): string } | null = null;
  private held: Buffer | null = null;
  private started = false;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    let bytes = this.held ? Buffer.concat([this.held, chunk]) : chunk;
    this.held = null;
    if (!this.started) {
      if (bytes.length < 3) {
        this.held = bytes; // a byte-order mark takes up to three bytes to recognise
        return done();
      }
      this.started = true;
      bytes = this.fromMark(bytes);
    }
    done(null, this.convert(bytes, false));
  }

  override _flush(done: TransformCallback) {
    let bytes = this.held ?? Buffer.alloc(0);
    this.held = null;
    if (!this.started) {
      this.started = true;
      bytes = this.fromMark(bytes);
    }
    const out = this.convert(bytes, true);
    this.encoding ??= 'utf-8';
    const tail = this.decoder?.decode();
    done(null, tail ? Buffer.concat([out, Buffer.from(tail, 'utf8')]) : out);
  }

  /** Reads a byte-order mark at the start, choosing the encoding it names; returns the bytes after it. */
  private fromMark(bytes: Buffer): Buffer {
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      this.encoding = 'utf-8';
      return bytes.subarray(3);
    }
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return this.choose('utf-16le', bytes.subarray(2));
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return this.choose('utf-16be', bytes.subarray(2));
    return bytes;
  }

  private choose(encoding: TextEncoding, rest: Buffer): Buffer {
    this.encoding = encoding;
    if (encoding === 'windows-1252') this.decoder = windows1252;
    else if (encoding !== 'utf-8') this.decoder = new TextDecoder(encoding);
    return rest;
  }

  private convert(bytes: Buffer, last: boolean): Buffer {
    if (this.encoding === null) {
      if (isAscii(bytes)) return bytes; // ASCII so far: the same in every encoding
      let first = 0;
      while (bytes[first]! < 0x80) first++;
      const rest = bytes.subarray(first);
      const whole = last ? rest.length : wholeUtf8Length(rest);
      if (whole === 0) {
        // Only the start of a sequence so far: wait for the bytes that finish it.
        this.held = rest;
        return bytes.subarray(0, first);
      }
      this.choose(isUtf8(rest.subarray(0, whole)) ? 'utf-8' : 'windows-1252', rest);
    }
    if (!this.decoder) return bytes;
    return Buffer.from(this.decoder.decode(bytes, { stream: !last }), 'utf8');
  }
}

const UNREADABLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffd]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Why a cell's text cannot be stored as it is, or null: a control character (NUL and the others below 32
 * but tab and line breaks, DEL, and the C1 range a Windows-1252 file's unused bytes decode to), a character
 * that was not valid text in its encoding (U+FFFD), or half of a surrogate pair. PostgreSQL refuses NUL.
 */
export function unreadableText(text: string): string | null {
  const bad = UNREADABLE.exec(text);
  if (!bad) return null;
  const c = bad[0].charCodeAt(0);
  if (c === 0xfffd)
    return 'Has characters that are not valid text in the file’s encoding (shown as �); save the file as “CSV UTF-8” and import it again';
  if (c >= 0xd800 && c <= 0xdfff)
    return 'Has half of a character (an unpaired surrogate); retype the cell and import again';
  const name = c === 0 ? 'NUL' : `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  return `Has a control character (${name}) that text cannot hold; remove it (is this a binary file, or one column pasted from another program?)`;
}
