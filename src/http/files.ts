import type ExcelJS from 'exceljs';
import type { AppContext } from './context.js';

/** `filename` for old clients (ASCII) and `filename*` with the Chinese name for the rest. */
function disposition(kind: 'attachment' | 'inline', asciiName: string, displayName: string): string {
  return `${kind}; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(displayName)}`;
}

/** An Excel workbook as a download. */
export async function sendWorkbook(c: AppContext, workbook: ExcelJS.Workbook, asciiName: string, displayName: string) {
  const buffer = await workbook.xlsx.writeBuffer();
  return c.body(new Uint8Array(buffer as ArrayBuffer), 200, {
    'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'Content-Disposition': disposition('attachment', asciiName, displayName),
  });
}

/** A PDF shown in the browser (and printable from there). */
export function sendPdf(c: AppContext, pdf: Uint8Array, asciiName: string, displayName: string) {
  return c.body(pdf as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'application/pdf', 'Content-Disposition': disposition('inline', asciiName, displayName) });
}
