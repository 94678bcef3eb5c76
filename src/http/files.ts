import { formatYuan } from '../rules/index.js';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { AppError } from '../errors/app-error.js';
import type { AppContext } from './context.js';

/** `filename` for old clients (ASCII) and `filename*` with the Chinese name for the rest. */
function disposition(kind: 'attachment' | 'inline', asciiName: string, displayName: string): string {
  return `${kind}; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(displayName)}`;
}

/** Fen as the yuan number an Excel money cell holds (two decimals, from the exact decimal text, never fen ÷ 100). */
export const excelYuan = (fen: number): number => Number(formatYuan(fen, 'zh-CN').replace(/,/g, ''));

/** An Excel workbook as a download. */
export async function sendWorkbook(c: AppContext, workbook: ExcelJS.Workbook, asciiName: string, displayName: string) {
  return sendXlsx(c, new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer), asciiName, displayName);
}

/** The bytes of an .xlsx file as a download. */
export function sendXlsx(c: AppContext, xlsx: Uint8Array, asciiName: string, displayName: string) {
  return c.body(xlsx as Uint8Array<ArrayBuffer>, 200, {
    'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'Content-Disposition': disposition('attachment', asciiName, displayName),
  });
}

/**
 * A workbook for a list too long to hold as cells (a county's residents): ExcelJS's streaming writer, each row
 * written out when committed (`sheet.addRow(…).commit()`), so memory holds the file's bytes (about 50 bytes a
 * row, compressed) and not the rows. Style the header row before the first data row is committed. `bytes()`
 * ends the workbook and gives the file, for `sendXlsx`; nothing goes to the client before it, so a failure is
 * still an error answer and not a cut-off file.
 */
export function streamedWorkbook(): { workbook: ExcelJS.stream.xlsx.WorkbookWriter; bytes(): Promise<Uint8Array> } {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  return {
    workbook,
    bytes: async () => {
      await workbook.commit();
      await ended;
      return new Uint8Array(Buffer.concat(chunks));
    },
  };
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
