/**
 * The one reader of uploaded tables (enrolment batches, regions, the bank's return): .csv in any accepted
 * encoding or .xlsx read by cell type, matched against the columns the caller declares, with the row cap
 * checked as rows are read. Every problem is an AppError naming the file, the row and the column.
 */
import { AppError, type RowError } from '../../errors/app-error.js';
import { decodeText } from './encoding.js';
import { xlsxRows, type Cell, type SheetRow } from './xlsx-rows.js';

/** One data row of an uploaded table, with its 1-based row number as the user sees it in Excel. */
export interface TableRow {
  readonly row: number;
  readonly values: Readonly<Record<string, string>>;
}

/**
 * How a column reads a cell. `text`: digits that must survive as typed (ID, bank account or card number,
 * household number), so a number cell is refused — Excel keeps 15 significant digits and drops leading zeros.
 * `date`: a date cell is that date (YYYY-MM-DD). `month`: a date cell is its month (YYYY-MM). `plain`: a number
 * cell is its digits, refused only beyond 15 significant digits.
 */
export type ColumnKind = 'text' | 'date' | 'month' | 'plain';

export interface ColumnSpec {
  /** The field name used in code and error messages. */
  readonly field: string;
  /** Header texts accepted for it (Chinese and English). */
  readonly headers: readonly string[];
  /** The column may be left out of the file (its value is then ''). */
  readonly optional?: boolean;
  /** Default `plain`. */
  readonly kind?: ColumnKind;
}

export interface ReadOptions {
  /** More data rows than this are refused as soon as the next one is read. */
  readonly maxRows: number;
  /** A file with no data rows (0 bytes, or a header alone) gives no rows instead of IMPORT_EMPTY. */
  readonly allowEmpty?: boolean;
}

/** Row errors shown at most; the response also gives the total. */
export const MAX_ROW_ERRORS = 200;

/** RFC 4180 CSV, record by record: quoted fields, doubled quotes, CRLF or LF, a UTF-8 byte-order mark. */
export function* csvRecords(text: string): Generator<string[]> {
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
      yield row;
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    yield row;
  }
}

/** The whole of a (trusted, small) CSV text, e.g. the national division table shipped with the program. */
export function parseCsv(text: string): string[][] {
  return [...csvRecords(text)];
}

async function* csvRows(data: Uint8Array): AsyncGenerator<SheetRow> {
  let row = 0;
  for (const record of csvRecords(decodeText(data).text)) {
    row++;
    yield { row, cells: record.map((text): Cell | undefined => (text === '' ? undefined : { type: 'text', text })) };
  }
}

/** The date in China (UTC+8, no daylight saving): Excel dates carry no zone, so the date typed stays that date. */
function chinaDate(date: Date): string {
  return new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Excel's scientific display of a long number, as a CSV saved from a General column holds it: 3.70783E+17. */
const SCIENTIFIC = /^[+-]?\d+(\.\d+)?E\+?\d+$/i;

/** An integer as Excel shows it, to 15 significant digits: 370783196405012422 reads 370783196405012000. */
function excelDigits(v: number): string {
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(v.toPrecision(15));
  if (!m) return String(Number(v.toPrecision(15)));
  const digits = `${m[2]}${m[3] ?? ''}`;
  const length = Number(m[4]) + 1;
  return m[1] + (digits.length >= length ? digits.slice(0, length) : digits.padEnd(length, '0'));
}

/** The text of a cell for a column, or the reason it cannot be read. */
function cellText(cell: Cell | undefined, kind: ColumnKind): { text: string } | { problem: 'FILE_NUMBER_CELL' | 'FILE_DATE_CELL'; shown: string } {
  if (!cell) return { text: '' };
  switch (cell.type) {
    case 'text': {
      const text = cell.text.trim();
      return kind === 'text' && SCIENTIFIC.test(text) ? { problem: 'FILE_NUMBER_CELL', shown: text } : { text };
    }
    case 'date':
      if (kind === 'text') return { problem: 'FILE_DATE_CELL', shown: chinaDate(cell.date) };
      return { text: kind === 'month' ? chinaDate(cell.date).slice(0, 7) : chinaDate(cell.date) };
    case 'number': {
      const v = cell.value;
      const shown = Number.isInteger(v) ? excelDigits(v) : String(v);
      if (kind === 'text') return { problem: 'FILE_NUMBER_CELL', shown };
      // Beyond 15 significant digits the last ones are Excel's invention.
      if (Number.isInteger(v) && Math.abs(v) >= 1e15) return { problem: 'FILE_NUMBER_CELL', shown };
      return { text: shown };
    }
  }
}

function fileType(fileName: string): 'csv' | 'xlsx' {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.xlsx')) return 'xlsx';
  throw new AppError('IMPORT_FILE_TYPE', 400, { field: 'file' });
}

/**
 * Reads a .csv or .xlsx upload into rows keyed by field, matching the header row against the accepted header
 * texts. Blank lines are skipped but keep the numbering of the rest. Cells a column cannot read (a number in a
 * text column, a date in a text column, a number beyond 15 digits) refuse the file with a row error each.
 */
export async function readTableFile(fileName: string, data: Uint8Array, columns: readonly ColumnSpec[], options: ReadOptions): Promise<TableRow[]> {
  const type = fileType(fileName);
  if (data.length === 0 && options.allowEmpty) return [];
  const source = type === 'csv' ? csvRows(data) : xlsxRows(fileName, data);
  let positions: number[] | undefined;
  let headerTexts: string[] = [];
  const rows: TableRow[] = [];
  const errors: RowError[] = [];
  for await (const { row, cells } of source) {
    if (!positions) {
      const header = Array.from(cells, (c) => (c ? (cellText(c, 'plain') as { text?: string }).text ?? '' : '').trim());
      if (row === 1 && header.every((h) => h === '') && options.allowEmpty) continue;
      headerTexts = header;
      const lower = header.map((h) => h.toLowerCase());
      positions = columns.map((c) => lower.findIndex((h) => c.headers.some((accepted) => accepted.toLowerCase() === h)));
      if (positions.some((p, k) => p < 0 && !columns[k]!.optional)) {
        const required = columns.filter((c) => !c.optional);
        throw new AppError('IMPORT_HEADER', 400, { field: 'file', row, params: { columns: required.map((c) => c.headers.join('/')).join(', ') } });
      }
      continue;
    }
    if (cells.every((c) => c === undefined || (c.type === 'text' && c.text.trim() === ''))) continue;
    if (rows.length >= options.maxRows) {
      await source.return(undefined);
      throw new AppError('FILE_TOO_MANY_ROWS', 413, { field: 'file', row, params: { max: options.maxRows } });
    }
    const values: Record<string, string> = {};
    columns.forEach((c, k) => {
      const at = positions![k]!;
      const read = at < 0 ? { text: '' } : cellText(cells[at], c.kind ?? 'plain');
      if ('text' in read) values[c.field] = read.text;
      else {
        values[c.field] = '';
        errors.push({ code: read.problem, row, field: c.field, params: { row, column: headerTexts[at] ?? c.field, value: read.shown } });
      }
    });
    rows.push({ row, values });
  }
  if (errors.length > 0) throw new AppError('IMPORT_INVALID', 400, { field: 'file', params: { count: errors.length }, errors });
  if (rows.length === 0 && !options.allowEmpty) throw new AppError('IMPORT_EMPTY', 400, { field: 'file' });
  return rows;
}
