import { PDFDocument, type PDFFont, rgb } from 'pdf-lib';
import QRCode from 'qrcode';
import { embedFonts } from '../../../platform/files/pdf-fonts.js';

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

const INK = rgb(0.11, 0.14, 0.2);
const MUTED = rgb(0.33, 0.36, 0.42);

/**
 * A one-page certificate of completion (US Letter, landscape). The font is embedded and subset, so names
 * in any Latin script (Nguyễn, Ferreira, O'Neil) print as written; the QR code is drawn as vector squares.
 */
export async function renderCertificate(facts: CertificateFacts): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Certificate of completion — ${facts.topic}`);
  doc.setAuthor(facts.issuer);
  doc.setSubject(`${facts.name}, ${facts.completedOn}, verification code ${facts.code}`);
  doc.setCreationDate(new Date(`${facts.completedOn}T12:00:00Z`));
  const { regular, bold } = await embedFonts(doc);
  const page = doc.addPage([792, 612]);
  const { width } = page.getSize();
  const centre = (text: string, y: number, font: PDFFont, size: number, color = INK) => {
    const fitted = fitToWidth(text, font, size, width - 120);
    page.drawText(fitted.text, {
      x: (width - font.widthOfTextAtSize(fitted.text, fitted.size)) / 2,
      y,
      size: fitted.size,
      font,
      color,
    });
  };
  page.drawRectangle({ x: 24, y: 24, width: width - 48, height: 564, borderColor: INK, borderWidth: 2 });
  centre('Certificate of Completion', 500, bold, 32);
  centre('This certifies that', 450, regular, 14, MUTED);
  centre(facts.name, 405, bold, 28);
  centre('completed the training', 365, regular, 14, MUTED);
  centre(facts.topic, 325, bold, 20);
  centre(`on ${longDate(facts.completedOn)} (${facts.method})`, 290, regular, 14);
  centre(`Issued by ${facts.issuer}`, 255, regular, 14);
  const hours = continuingEducation(facts);
  if (hours) centre(hours, 225, regular, 13);
  if (facts.revoked)
    centre(
      'REVOKED — this certificate is no longer valid',
      hours ? 185 : 215,
      bold,
      18,
      rgb(0.6, 0.05, 0.05),
    );
  page.drawText(`Verification code: ${facts.code}`, { x: 60, y: 90, size: 12, font: bold, color: INK });
  page.drawText(`Check it at ${facts.verifyUrl}`, { x: 60, y: 70, size: 10, font: regular, color: MUTED });
  drawQr(page, facts.verifyUrl, width - 60 - 110, 50, 110);
  return doc.save();
}

/** "1.5 continuing-education hours, accredited by …", or null when the topic earns none. */
export function continuingEducation(facts: Pick<CertificateFacts, 'ceHours' | 'ceAccreditor'>) {
  if (!facts.ceHours) return null;
  const hours = `${facts.ceHours} continuing-education hour${facts.ceHours === 1 ? '' : 's'}`;
  return facts.ceAccreditor ? `${hours}, accredited by ${facts.ceAccreditor}` : hours;
}

function fitToWidth(text: string, font: PDFFont, size: number, max: number) {
  let s = size;
  while (s > 9 && font.widthOfTextAtSize(text, s) > max) s -= 1;
  return { text, size: s };
}

function longDate(iso: string) {
  return new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-US', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

function drawQr(page: ReturnType<PDFDocument['addPage']>, text: string, x: number, y: number, size: number) {
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
