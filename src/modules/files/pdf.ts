/**
 * The one place a printable PDF is started: pdfkit with the CJK font (config.cjkFont: Debian's fonts-noto-cjk where
 * installed, else the Noto Sans Hans shipped through npm; `CJK_FONT` to use another file), the document's bytes
 * collected as it is written.
 */
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { AppError } from '../../errors/app-error.js';

export interface CjkFont {
  readonly path: string;
  /** The face inside a .ttc collection (e.g. NotoSansCJKsc-Regular); omitted for a .ttf/.otf. */
  readonly family?: string;
}

export type PdfDoc = InstanceType<typeof PDFDocument>;
export type PdfOptions = NonNullable<ConstructorParameters<typeof PDFDocument>[0]>;

/**
 * A new PDF document with the CJK font registered as `cjk` and selected, and `done`, the whole file's bytes once
 * `doc.end()` has been called. `options` are pdfkit's (size, layout, margins, bufferPages); `title` goes in the
 * file's information. Errors: PDF_FONT_MISSING (500) when the font file is not there.
 */
export function startPdf(font: CjkFont, title: string, options: PdfOptions = {}): { doc: PdfDoc; done: Promise<Uint8Array> } {
  if (!existsSync(font.path)) throw new AppError('PDF_FONT_MISSING', 500, { params: { path: font.path } });
  const started = startPlainPdf(title, options);
  if (font.family) started.doc.registerFont('cjk', font.path, font.family);
  else started.doc.registerFont('cjk', font.path);
  started.doc.font('cjk');
  return started;
}

/** As startPdf, with pdfkit's built-in Latin fonts only (no CJK font needed): for pages without Chinese text. */
export function startPlainPdf(title: string, options: PdfOptions = {}): { doc: PdfDoc; done: Promise<Uint8Array> } {
  const doc = new PDFDocument({ size: 'A4', ...options, info: { Title: title, Producer: 'xinnongbao' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  return { doc, done };
}
