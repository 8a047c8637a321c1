import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import fontkit, { type Font, type GlyphRun } from '@pdf-lib/fontkit';
import { LRUCache } from 'lru-cache';
import type { PDFDocument } from 'pdf-lib';
import { projectPath } from '../project.js';

const fontDir = path.join(
  path.dirname(createRequire(projectPath('package.json')).resolve('dejavu-fonts-ttf/package.json')),
  'ttf',
);
let fonts: Promise<[Uint8Array, Uint8Array]> | undefined;
const loadFonts = () =>
  (fonts ??= Promise.all([
    readFile(path.join(fontDir, 'DejaVuSans.ttf')),
    readFile(path.join(fontDir, 'DejaVuSans-Bold.ttf')),
  ]));

/** Lines and words whose shaping is remembered, per font: a few megabytes at most. */
const LINES_KEPT = 5_000;
const WORDS_KEPT = 20_000;
/**
 * Latin text (with its accents, Vietnamese included) and punctuation: no shaping rule of DejaVu Sans joins
 * or reorders glyphs across a space there, so a line is the glyphs of its words with a space between.
 */
const LATIN = /^[\u0020-\u024F\u1E00-\u1EFF\u2000-\u206F\u20AC]*$/;

/**
 * A font's layout, remembered by line and by word. Shaping a string (OpenType substitution and positioning)
 * costs far more than drawing it, and a document measures its words again and again as it wraps paragraphs:
 * a line of Latin text is put together from its words' remembered shaping, and only a new word is shaped.
 * pdf-lib reads the glyphs of a layout (it draws with each glyph's own advance), which come out the same.
 */
function remembered(font: Font): Font {
  const layout = font.layout.bind(font);
  const lines = new LRUCache<string, GlyphRun>({ max: LINES_KEPT });
  const words = new LRUCache<string, GlyphRun>({ max: WORDS_KEPT });
  /** `shape(text)` from `cache`, shaped and kept the first time. */
  const kept = (cache: LRUCache<string, GlyphRun>, text: string, shape: (t: string) => GlyphRun) => {
    const found = cache.get(text);
    if (found) return found;
    const run = shape(text);
    cache.set(text, run);
    return run;
  };
  const space = layout(' ');
  const joined = (text: string): GlyphRun => {
    const parts = text.split(' ');
    if (parts.length === 1 || !LATIN.test(text)) return layout(text);
    const run = { glyphs: [] as GlyphRun['glyphs'], positions: [] as GlyphRun['positions'] };
    const append = (r: GlyphRun) => {
      run.glyphs.push(...r.glyphs);
      run.positions.push(...r.positions);
    };
    parts.forEach((w, i) => {
      if (i > 0) append(space);
      if (w) append(kept(words, w, layout));
    });
    return run as GlyphRun;
  };
  // Only the default features are remembered (pdf-lib asks for no others unless told).
  font.layout = (text, features) =>
    features === undefined ? kept(lines, text, joined) : layout(text, features);
  return font;
}

/**
 * Each font file parsed once per process and shared by every document (each still embeds its own subset
 * of it), its layout remembered: 10,000 letters went from about 110 ms each to a few
 * (bench/enrollment-letters.ts).
 */
const parsed = new Map<Uint8Array, Font>();
const sharedFontkit: typeof fontkit = {
  ...fontkit,
  create(data: Uint8Array, postscriptName?: string) {
    if (postscriptName) return fontkit.create(data, postscriptName);
    const found = parsed.get(data);
    if (found) return found;
    const font = remembered(fontkit.create(data));
    parsed.set(data, font);
    return font;
  },
};

/**
 * DejaVu Sans, regular and bold, embedded as subsets: names in any Latin script (Nguyễn, Ferreira,
 * O'Neil) print as written. The font files are read and parsed once per process.
 */
export async function embedFonts(doc: PDFDocument) {
  doc.registerFontkit(sharedFontkit);
  const [regularBytes, boldBytes] = await loadFonts();
  const [regular, bold] = await Promise.all([
    doc.embedFont(regularBytes, { subset: true }),
    doc.embedFont(boldBytes, { subset: true }),
  ]);
  return { regular, bold };
}
