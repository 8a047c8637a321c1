import { randomFillSync } from 'node:crypto';

const bytes = Buffer.alloc(16 * 256);
let used = 256;
const hex = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * A version 7 UUID (RFC 9562): the millisecond it was made, then 74 random bits. Rows keyed by these are
 * added at the end of their indexes rather than all over them, which a bulk load feels (decision 057).
 */
export function uuidv7(now = Date.now()): string {
  if (used === 256) {
    randomFillSync(bytes);
    used = 0;
  }
  const b = bytes.subarray(used * 16, ++used * 16);
  b.writeUIntBE(now, 0, 6);
  b[6] = 0x70 | (b[6]! & 0x0f);
  b[8] = 0x80 | (b[8]! & 0x3f);
  let s = '';
  for (let i = 0; i < 16; i++) s += (i === 4 || i === 6 || i === 8 || i === 10 ? '-' : '') + hex[b[i]!];
  return s;
}
