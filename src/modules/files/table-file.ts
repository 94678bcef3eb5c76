import ExcelJS from 'exceljs';
import { AppError } from '../../errors/app-error.js';

/** One data row of an uploaded table, with its 1-based row number as the user sees it in Excel. */
export interface TableRow {
  readonly row: number;
  readonly values: Readonly<Record<string, string>>;
}

export interface ColumnSpec {
  /** The field name used in code and error messages. */
  readonly field: string;
  /** Header texts accepted for it (Chinese and English). */
  readonly headers: readonly string[];
  /** The column may be left out of the file (its value is then ''). */
  readonly optional?: boolean;
}

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF, a UTF-8 byte-order mark. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    if (quoted) {
      if (ch === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && input[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

async function parseXlsx(data: Uint8Array): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(data as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cell.text ?? '';
    });
    rows[rowNumber - 1] = Array.from(cells, (c) => c ?? '');
  });
  return Array.from(rows, (r) => r ?? []);
}

/**
 * Reads a .csv or .xlsx upload into rows keyed by field, matching the header row against the
 * accepted header texts. Blank lines are skipped but keep the numbering of the rest.
 */
export async function readTableFile(fileName: string, data: Uint8Array, columns: readonly ColumnSpec[]): Promise<TableRow[]> {
  const lower = fileName.toLowerCase();
  let grid: string[][];
  if (lower.endsWith('.csv')) grid = parseCsv(new TextDecoder('utf-8').decode(data));
  else if (lower.endsWith('.xlsx')) grid = await parseXlsx(data);
  else throw new AppError('IMPORT_FILE_TYPE', 400, { field: 'file' });

  const header = (grid[0] ?? []).map((h) => h.trim().toLowerCase());
  const positions = columns.map((c) => header.findIndex((h) => c.headers.some((accepted) => accepted.toLowerCase() === h)));
  if (positions.some((p, k) => p < 0 && !columns[k]!.optional)) {
    const required = columns.filter((c) => !c.optional);
    throw new AppError('IMPORT_HEADER', 400, { field: 'file', row: 1, params: { columns: required.map((c) => c.headers.join('/')).join(', ') } });
  }
  const rows: TableRow[] = [];
  for (let i = 1; i < grid.length; i++) {
    const cells = grid[i] ?? [];
    if (cells.every((c) => c.trim() === '')) continue;
    const values: Record<string, string> = {};
    columns.forEach((c, k) => (values[c.field] = positions[k]! < 0 ? '' : (cells[positions[k]!] ?? '').trim()));
    rows.push({ row: i + 1, values });
  }
  if (rows.length === 0) throw new AppError('IMPORT_EMPTY', 400, { field: 'file' });
  return rows;
}
