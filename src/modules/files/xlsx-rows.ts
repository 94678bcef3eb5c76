import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { AppError } from '../../errors/app-error.js';
import { readZipDirectory, zipOf, type ZipEntry } from './zip-directory.js';

/** A cell as stored: the type decides how a column may read it (see table-file.ts). */
export type Cell =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'number'; readonly value: number }
  | { readonly type: 'date'; readonly date: Date };

export interface SheetRow {
  /** 1-based, as Excel shows it. */
  readonly row: number;
  /** By 0-based column; undefined for an empty cell. */
  readonly cells: readonly (Cell | undefined)[];
}

/** What the workbook parts may unpack to at most: far above 5,000 enrolment rows, far below what hurts the server. */
export const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;

const PARTS = ['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/sharedStrings.xml', 'xl/styles.xml'];
const SHEET = /^xl\/worksheets\/sheet(\d+)\.xml$/;

function unreadable(fileName: string): AppError {
  return new AppError('FILE_UNREADABLE', 400, { field: 'file', params: { file: fileName } });
}

type CellValue = ExcelJS.CellValue | undefined;

function cellOf(value: CellValue): Cell | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return { type: 'number', value };
  if (typeof value === 'string') return value === '' ? undefined : { type: 'text', text: value };
  if (typeof value === 'boolean') return { type: 'text', text: value ? 'TRUE' : 'FALSE' };
  if (value instanceof Date) return { type: 'date', date: value };
  if ('result' in value) return cellOf(value.result as CellValue);
  if ('richText' in value) return cellOf(value.richText.map((r) => r.text).join(''));
  if ('hyperlink' in value) return cellOf(value.text as CellValue);
  if ('error' in value) return { type: 'text', text: String(value.error) };
  return undefined;
}

/**
 * The rows of a workbook's first sheet (the lowest-numbered), streamed: the caller stops when it has enough,
 * and the rest is never parsed. A file that is not a complete workbook is refused with FILE_UNREADABLE.
 */
export async function* xlsxRows(fileName: string, bytes: Uint8Array): AsyncGenerator<SheetRow> {
  const entries = readZipDirectory(bytes);
  if (!entries) throw unreadable(fileName);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const sheet = entries
    .flatMap((e) => {
      const m = SHEET.exec(e.name);
      return m ? [{ entry: e, n: Number(m[1]) }] : [];
    })
    .sort((a, b) => a.n - b.n)[0]?.entry;
  if (!sheet || !byName.has('xl/workbook.xml') || !byName.has('xl/_rels/workbook.xml.rels')) throw unreadable(fileName);
  // Shared strings and styles before the sheet: the reader then streams the sheet instead of spooling it to disk.
  const parts: ZipEntry[] = [...PARTS.flatMap((n) => byName.get(n) ?? []), sheet];
  if (parts.reduce((n, p) => n + p.size, 0) > MAX_UNPACKED_BYTES) {
    throw new AppError('FILE_UNPACKED_TOO_LARGE', 413, { field: 'file', params: { file: fileName, max: `${MAX_UNPACKED_BYTES / 1024 / 1024} MB` } });
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(zipOf(bytes, parts))]), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  // A workbook without shared strings (numbers only) would otherwise wait for them and spool the sheet to disk.
  if (!byName.has('xl/sharedStrings.xml')) (reader as unknown as { sharedStrings: unknown[] }).sharedStrings = [];
  let sheetsSeen = 0;
  try {
    for await (const worksheet of reader) {
      sheetsSeen++;
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as CellValue[];
        const cells: (Cell | undefined)[] = [];
        for (let col = 1; col < values.length; col++) cells[col - 1] = cellOf(values[col]);
        yield { row: row.number, cells };
      }
      break;
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw unreadable(fileName);
  }
  if (sheetsSeen === 0) throw unreadable(fileName);
}
