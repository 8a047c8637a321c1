import { type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import QRCode from 'qrcode';
import { INK, MUTED, PdfWriter } from '../../../platform/files/pdf-text.js';

export interface CertificateFacts {
  name: string;
  topic: string;
  completedOn: string;
  issuer: string;
  method: string;
  code: string;
  verifyUrl: string;
  /** Continuing-education hours the topic earns, and the body accrediting them; null when none. */
  ceHours?: number | null;
  ceAccreditor?: string | null;
  revoked: boolean;
}

const LANDSCAPE: [number, number] = [792, 612];
/** Lines are set 60 points in from each side, inside a border 24 points in; the writer's margin is 36. */
const INSET = 24;
const QR_SIZE = 110;

/**
 * A one-page certificate of completion (US Letter, landscape), tagged for assistive technology: the title
 * as its heading, then — in the order a person reads it, and before anything else when it is revoked —
 * who, what, when and by whom, the code to check it by, and the QR code as a figure whose alternative
 * text names the address it opens. The font is embedded and subset, so names in any Latin script
 * (Nguyễn, Ferreira, O'Neil) print as written; the QR code is drawn as vector squares.
 */
export async function renderCertificate(facts: CertificateFacts): Promise<Uint8Array> {
  const w = await PdfWriter.create({
    title: `Certificate of completion — ${facts.topic}`,
    author: facts.issuer,
    subject: `${facts.name}, ${facts.completedOn}, verification code ${facts.code}`,
    madeAt: new Date(`${facts.completedOn}T12:00:00Z`),
    pageSize: LANDSCAPE,
  });
  const { regular, bold } = w;
  const width = w.width - 2 * INSET;
  /** A centred line at `y` (points from the bottom), made smaller until it fits. */
  const centre = (text: string, y: number, font: PDFFont, size: number, color = INK) => {
    w.y = y;
    const fitted = fitToWidth(text, font, size, width);
    w.paragraph(text, { font, size: fitted, color, align: 'centre', x: INSET, width });
  };
  w.artifact((page) =>
    page.drawRectangle({
      x: 24,
      y: 24,
      width: LANDSCAPE[0] - 48,
      height: 564,
      borderColor: INK,
      borderWidth: 2,
    }),
  );
  w.y = 500;
  w.heading('Certificate of Completion', 1, { size: 32, align: 'centre', x: INSET, width });
  const hours = continuingEducation(facts);
  // Printed below the facts, but read first: nobody should hear a whole certificate before learning it is void.
  if (facts.revoked)
    centre(
      'REVOKED — this certificate is no longer valid',
      hours ? 185 : 215,
      bold,
      18,
      rgb(0.6, 0.05, 0.05),
    );
  centre('This certifies that', 450, regular, 14, MUTED);
  centre(facts.name, 405, bold, 28);
  centre('completed the training', 365, regular, 14, MUTED);
  centre(facts.topic, 325, bold, 20);
  centre(`on ${longDate(facts.completedOn)} (${facts.method})`, 290, regular, 14);
  centre(`Issued by ${facts.issuer}`, 255, regular, 14);
  if (hours) centre(hours, 225, regular, 13);
  w.y = 90;
  w.paragraph(`Verification code: ${facts.code}`, {
    font: bold,
    size: 12,
    x: INSET,
    width: width - QR_SIZE - 20,
  });
  w.y = 70;
  w.paragraph(`Check it at ${facts.verifyUrl}`, {
    size: 10,
    color: MUTED,
    x: INSET,
    width: width - QR_SIZE - 20,
  });
  const qr = { x: LANDSCAPE[0] - w.margin - INSET - QR_SIZE, y: 50 };
  w.figure(
    `QR code: opens ${facts.verifyUrl} to check this certificate`,
    () => w.graphic((page) => drawQr(page, facts.verifyUrl, qr.x, qr.y, QR_SIZE)),
    [qr.x, qr.y, qr.x + QR_SIZE, qr.y + QR_SIZE],
  );
  return w.save();
}

/** "1.5 continuing-education hours, accredited by …", or null when the topic earns none. */
export function continuingEducation(facts: Pick<CertificateFacts, 'ceHours' | 'ceAccreditor'>) {
  if (!facts.ceHours) return null;
  const hours = `${facts.ceHours} continuing-education hour${facts.ceHours === 1 ? '' : 's'}`;
  return facts.ceAccreditor ? `${hours}, accredited by ${facts.ceAccreditor}` : hours;
}

/** The largest size, down to 9 points, at which the text fits on one line (smaller still, it wraps). */
function fitToWidth(text: string, font: PDFFont, size: number, max: number) {
  let s = size;
  while (s > 9 && font.widthOfTextAtSize(text, s) > max) s -= 1;
  return s;
}

function longDate(iso: string) {
  return new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-US', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

function drawQr(page: PDFPage, text: string, x: number, y: number, size: number) {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = size / (n + 8); // a quiet zone of four modules each side
  const origin = { x: x + 4 * cell, y: y + 4 * cell };
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      if (!qr.modules.get(row, col)) continue;
      page.drawRectangle({
        x: origin.x + col * cell,
        y: origin.y + (n - 1 - row) * cell,
        width: cell,
        height: cell,
        color: rgb(0, 0, 0),
      });
    }
  }
}
