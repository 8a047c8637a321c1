import { createCanvas } from '@napi-rs/canvas';
import jsQR from 'jsqr';

/**
 * Renders a PDF's page to pixels as a viewer would (pdf.js on a Skia canvas; the legacy build runs on
 * Node 20) and reads the QR code in the picture, as a phone camera would. `scale` 1 is 72 dots per inch.
 */
export async function qrCodeOnPage(pdf: Uint8Array | Buffer, pageNumber = 1, scale = 2) {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  try {
    const page = await doc.getPage(pageNumber);
    const viewport = page.getViewport({ scale });
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    await page.render({ canvas: canvas as unknown as HTMLCanvasElement, viewport }).promise;
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    return jsQR(new Uint8ClampedArray(pixels.data.buffer), canvas.width, canvas.height)?.data ?? null;
  } finally {
    await doc.destroy();
  }
}
