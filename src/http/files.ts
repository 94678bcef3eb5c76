import { formatYuan } from '../rules/index.js';
import type ExcelJS from 'exceljs';
import { AppError } from '../errors/app-error.js';
import type { AppContext } from './context.js';

/** `filename` for old clients (ASCII) and `filename*` with the Chinese name for the rest. */
function disposition(kind: 'attachment' | 'inline', asciiName: string, displayName: string): string {
  return `${kind}; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(displayName)}`;
}

/** An Excel workbook as a download. */
/** Fen as the yuan number an Excel money cell holds (two decimals, from the exact decimal text, never fen ÷ 100). */
export const excelYuan = (fen: number): number => Number(formatYuan(fen, 'zh-CN').replace(/,/g, ''));

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

/**
 * The `file` field of a multipart upload (its size already limited by the body-limit middleware); a body that
 * is not a well-formed multipart form is a 400, not a 500.
 */
export async function uploadedFile(c: AppContext): Promise<{ name: string; data: Uint8Array }> {
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('VALIDATION_FAILED', 400, { field: 'file', params: { field: 'file', detail: 'not a multipart/form-data upload' } });
  }
  const file = form.get('file');
  if (!(file instanceof File)) throw new AppError('VALIDATION_FAILED', 400, { field: 'file', params: { field: 'file', detail: 'missing' } });
  return { name: file.name, data: new Uint8Array(await file.arrayBuffer()) };
}
