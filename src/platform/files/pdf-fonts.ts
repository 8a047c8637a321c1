import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
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

/**
 * DejaVu Sans, regular and bold, embedded as subsets: names in any Latin script (Nguyễn, Ferreira,
 * O'Neil) print as written. The font files are read once per process.
 */
export async function embedFonts(doc: PDFDocument) {
  doc.registerFontkit(fontkit);
  const [regularBytes, boldBytes] = await loadFonts();
  const [regular, bold] = await Promise.all([
    doc.embedFont(regularBytes, { subset: true }),
    doc.embedFont(boldBytes, { subset: true }),
  ]);
  return { regular, bold };
}
