/**
 * Reading an outside registry's file (数据比对, DOMAIN.md §6) row by row with flat memory: a CSV of millions of
 * rows is decoded and split as its bytes arrive (UTF-8, GB18030/GBK or UTF-16 with a byte-order mark), an
 * Excel file (small by nature) through the shared table reader. Each row is checked for the registry it claims
 * to be and comes out as a staging row or as row errors naming the row (as Excel numbers it) and the field.
 * Loading goes through staging.ts, which reads a CSV as bytes and comes here for the header, an Excel file and
 * any line its fast path is not sure of; these rules are the reference both paths keep to.
 */
import iconv from 'iconv-lite';
import { AppError, type RowError } from '../../errors/app-error.js';
import { idCheckChar, isIsoDate, validateIdNumber } from '../../rules/index.js';
import { detectEncoding } from '../files/encoding.js';
import { csvRecords, readTableFile, type ColumnSpec } from '../files/table-file.js';
import type { CrossCheckRegistry } from '../../db/schema.js';

export const REGISTRIES = ['employee_pension', 'institution_pension', 'death', 'bank_card'] as const satisfies readonly CrossCheckRegistry[];

/** One registry row as the staging table keeps it. `date`: the month the other pension began or the date of death. */
export interface StageRow {
  readonly row: number;
  readonly idNumber: string;
  readonly name: string;
  /** participant | recipient (pension registries), dead (deaths), normal | closed (bank cards). */
  readonly status: string;
  readonly date: string;
  readonly card: string;
  /** The employer, the source of a death record. */
  readonly note: string;
}

const ID: ColumnSpec = { field: 'idNumber', headers: ['身份证号码', '公民身份号码', '身份证号', 'idNumber', 'ID number'], kind: 'text' };
const NAME: ColumnSpec = { field: 'name', headers: ['姓名', 'name'] };
const PENSION_STATUS: ColumnSpec = { field: 'status', headers: ['参保状态', '状态', 'status'], optional: true };
const BENEFIT_FROM: ColumnSpec = { field: 'benefitFrom', headers: ['待遇开始年月', '领取开始年月', 'benefitFrom'], optional: true, kind: 'month' };
const UNIT: ColumnSpec = { field: 'unit', headers: ['单位名称', '单位', 'unit'], optional: true };

/** The columns of each registry's file (header texts in Chinese or English). */
export const REGISTRY_COLUMNS: Readonly<Record<CrossCheckRegistry, readonly ColumnSpec[]>> = {
  employee_pension: [ID, NAME, PENSION_STATUS, BENEFIT_FROM, UNIT],
  institution_pension: [ID, NAME, PENSION_STATUS, BENEFIT_FROM, UNIT],
  death: [ID, NAME, { field: 'deathDate', headers: ['死亡日期', 'deathDate'], kind: 'date' }, { field: 'source', headers: ['信息来源', '来源', 'source'], optional: true }],
  bank_card: [{ field: 'cardNumber', headers: ['卡号', '银行卡号', '账号', 'cardNumber'], kind: 'text' }, ID, NAME, { field: 'cardStatus', headers: ['卡状态', '状态', 'cardStatus'], optional: true }],
};

const PENSION_STATUSES: Readonly<Record<string, string>> = { 参保: 'participant', 在职参保: 'participant', participant: 'participant', 领取: 'recipient', 退休: 'recipient', recipient: 'recipient' };
const CARD_STATUSES: Readonly<Record<string, string>> = { 正常: 'normal', normal: 'normal', 销户: 'closed', 注销: 'closed', closed: 'closed' };
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const CARD = /^\d{12,25}$/;
const ID18 = /^\d{17}[\dX]$/;

/** Names compare without spaces (a registry pads or spaces them: 张 三). */
export function plainName(text: string): string {
  return text.replace(/[\s\u3000]/g, '');
}

/** Whether the birth date digits (YYYYMMDD) of a well-formed number are possible, remembered per date. */
const birthDateOk = new Map<string, boolean>();

function idNumberOf(text: string): string | undefined {
  // Most rows hold a well-formed 18-character number: checked by the same rule (GB 11643 check character,
  // a real birth date) without the normalising and parsing a typed one needs.
  if (ID18.test(text) && idCheckChar(text.slice(0, 17)) === text.charAt(17)) {
    const digits = text.slice(6, 14);
    let ok = birthDateOk.get(digits);
    if (ok === undefined) {
      ok = validateIdNumber(text).ok;
      if (birthDateOk.size < 100_000) birthDateOk.set(digits, ok);
    }
    return ok ? text : undefined;
  }
  const result = validateIdNumber(text);
  return result.ok ? result.idNumber : undefined;
}

export const isBlank = (text: string) => text.trim() === '';

function rowError(code: RowError['code'], row: number, field: string, value: string): RowError {
  return { code, row, field, params: { row, value } };
}
const dashed = (text: string) => (text.includes('/') ? text.replace(/\//g, '-') : text);

/**
 * Checks one row of a registry file; `cells` are in the order of the registry's columns (REGISTRY_COLUMNS, ''
 * for a column the file leaves out). Returns the staging row, or the row errors (CROSSCHECK_ID_NUMBER,
 * CROSSCHECK_NAME, CROSSCHECK_STATUS, CROSSCHECK_MONTH, CROSSCHECK_DATE, CROSSCHECK_CARD) with the row and the
 * field. `today` is China's date: no registry date lies after it. Runs once per row of files of millions.
 */
export function checkRegistryRow(registry: CrossCheckRegistry, row: number, cells: readonly string[], today: string): StageRow | RowError[] {
  let errors: RowError[] | undefined;
  const bank = registry === 'bank_card';
  const idText = (bank ? cells[1] : cells[0]) ?? '';
  const idNumber = idNumberOf(idText.length === 18 ? idText : idText.trim());
  if (!idNumber) (errors ??= []).push(rowError('CROSSCHECK_ID_NUMBER', row, 'idNumber', idText.trim()));
  const nameText = (bank ? cells[2] : cells[1]) ?? '';
  const name = /[\s\u3000]/.test(nameText) ? plainName(nameText) : nameText;
  if (name.length === 0 || name.length > 50) (errors ??= []).push(rowError('CROSSCHECK_NAME', row, 'name', nameText));
  let status: string;
  let date = '';
  let card = '';
  let note = '';
  if (registry === 'employee_pension' || registry === 'institution_pension') {
    const text = cells[2] ?? '';
    status = text === '' ? 'recipient' : (PENSION_STATUSES[text] ?? PENSION_STATUSES[text.trim().toLowerCase()] ?? '');
    if (!status) (errors ??= []).push(rowError('CROSSCHECK_STATUS', row, 'status', text));
    date = dashed(cells[3] ?? '');
    if (date !== '' && date.length !== 7) date = date.trim();
    if (/^\d{6}$/.test(date)) date = `${date.slice(0, 4)}-${date.slice(4)}`;
    if ((status === 'recipient' || date !== '') && (!MONTH.test(date) || date > today.slice(0, 7))) (errors ??= []).push(rowError('CROSSCHECK_MONTH', row, 'benefitFrom', date));
    note = cells[4] ?? '';
  } else if (registry === 'death') {
    status = 'dead';
    date = dashed((cells[2] ?? '').trim());
    if (!isIsoDate(date) || date > today) (errors ??= []).push(rowError('CROSSCHECK_DATE', row, 'deathDate', date));
    note = cells[3] ?? '';
  } else {
    const cardText = cells[0] ?? '';
    card = /\s/.test(cardText) ? cardText.replace(/\s/g, '') : cardText;
    if (!CARD.test(card)) (errors ??= []).push(rowError('CROSSCHECK_CARD', row, 'cardNumber', cardText));
    const text = cells[3] ?? '';
    status = isBlank(text) ? 'normal' : (CARD_STATUSES[text] ?? CARD_STATUSES[text.trim().toLowerCase()] ?? '');
    if (!status) (errors ??= []).push(rowError('CROSSCHECK_STATUS', row, 'cardStatus', text));
  }
  if (note.length > 100 || note !== note.trim()) note = note.trim().slice(0, 100);
  return errors ?? { row, idNumber: idNumber!, name, status, date, card, note };
}

/** One line of CSV into fields: a plain split, or the shared reader's rules when it has quoted fields. */
export function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  return csvRecords(line).next().value ?? [''];
}

export const quoteCount = (s: string) => {
  let n = 0;
  for (let i = s.indexOf('"'); i >= 0; i = s.indexOf('"', i + 1)) n++;
  return n;
};

/** How many bytes are looked at to decide the encoding (cut at the last line end). */
export const SNIFF_BYTES = 64 * 1024;

type Decoder = { write(chunk: Uint8Array): string; end(): string };

function decoderFor(head: Uint8Array): Decoder {
  let cut = head.length;
  if (head.length >= SNIFF_BYTES) cut = head.lastIndexOf(0x0a) + 1 || head.length;
  const { encoding, bomLength } = detectEncoding(head.subarray(0, cut));
  let skip = bomLength;
  const strip = (bytes: Uint8Array) => {
    if (skip === 0) return bytes;
    const n = Math.min(skip, bytes.length);
    skip -= n;
    return bytes.subarray(n);
  };
  if (encoding === 'UTF-8') {
    const d = new TextDecoder('utf-8');
    return { write: (c) => d.decode(strip(c), { stream: true }), end: () => d.decode() };
  }
  const d = iconv.getDecoder(encoding === 'GB18030' ? 'gb18030' : encoding === 'UTF-16LE' ? 'utf-16le' : 'utf-16be');
  return { write: (c) => d.write(Buffer.from(strip(c))), end: () => d.end() ?? '' };
}

/** Rows of a registry file, a piece at a time: their numbers as Excel shows them and their cells in the order of the registry's columns. */
export interface RegistryPiece {
  readonly rows: number[];
  readonly cells: string[][];
}

/**
 * CSV records from a byte stream, as many as each piece of the file holds at a time (a per-record async step
 * would cost more than the parsing), with the line number of each (a record over several lines takes its first).
 */
async function* csvStream(source: AsyncIterable<Uint8Array>): AsyncGenerator<RegistryPiece> {
  let decoder: Decoder | undefined;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let rest = '';
  let line = 0;
  let carry: { row: number; text: string } | undefined;
  function lines(text: string, final: boolean): RegistryPiece {
    const out: RegistryPiece = { rows: [], cells: [] };
    const parts = (rest + text).split('\n');
    rest = final ? '' : parts.pop()!;
    for (let raw of parts) {
      line++;
      if (raw.endsWith('\r')) raw = raw.slice(0, -1);
      if (carry) {
        carry.text += `\n${raw}`;
        if (quoteCount(carry.text) % 2 === 1) continue;
        out.rows.push(carry.row);
        out.cells.push(splitCsvLine(carry.text));
        carry = undefined;
        continue;
      }
      if (raw.includes('"') && quoteCount(raw) % 2 === 1) {
        carry = { row: line, text: raw };
        continue;
      }
      out.rows.push(line);
      out.cells.push(splitCsvLine(raw));
    }
    return out;
  }
  for await (const chunk of source) {
    if (!decoder) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes < SNIFF_BYTES) continue;
      const head = Buffer.concat(pending);
      pending = [];
      decoder = decoderFor(head);
      yield lines(decoder.write(head), false);
      continue;
    }
    yield lines(decoder.write(chunk), false);
  }
  if (!decoder) {
    const head = Buffer.concat(pending);
    if (head.length === 0) return;
    decoder = decoderFor(head);
    yield lines(decoder.write(head), false);
  }
  const last = lines(decoder.end(), true);
  if (carry) {
    last.rows.push(carry.row);
    last.cells.push(splitCsvLine(carry.text));
  }
  yield last;
}

/**
 * Where each of the registry's columns (REGISTRY_COLUMNS) is among the header's cells (-1 for an optional column
 * left out), or undefined for a blank line before the header. Error: IMPORT_HEADER (at `row`) naming the
 * required columns when one is missing.
 */
export function headerPositions(registry: CrossCheckRegistry, cells: readonly string[], row: number): number[] | undefined {
  const columns = REGISTRY_COLUMNS[registry];
  const header = cells.map((h) => h.replace(/^\ufeff/, '').trim().toLowerCase());
  if (header.every((h) => h === '')) return undefined;
  const positions = columns.map((c) => header.findIndex((h) => c.headers.some((accepted) => accepted.toLowerCase() === h)));
  if (positions.some((p, k) => p < 0 && !columns[k]!.optional)) {
    throw new AppError('IMPORT_HEADER', 400, { field: 'file', row, params: { columns: columns.filter((c) => !c.optional).map((c) => c.headers[0]).join(', ') } });
  }
  return positions;
}

/**
 * The rows of a registry file, a piece at a time: a .csv streamed, an .xlsx read whole (Excel files are small).
 * Blank lines are skipped and keep the numbering. Errors: IMPORT_FILE_TYPE, IMPORT_HEADER (row 1), FILE_ENCODING,
 * and those of the shared table reader for an .xlsx.
 */
export async function* registryRows(fileName: string, registry: CrossCheckRegistry, source: AsyncIterable<Uint8Array>): AsyncGenerator<RegistryPiece> {
  const columns = REGISTRY_COLUMNS[registry];
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx')) {
    const parts: Uint8Array[] = [];
    for await (const c of source) parts.push(c);
    const rows = await readTableFile(fileName, Buffer.concat(parts), columns, { maxRows: 1_000_000, allowEmpty: true });
    yield { rows: rows.map((r) => r.row), cells: rows.map((r) => columns.map((c) => r.values[c.field] ?? '')) };
    return;
  }
  if (!lower.endsWith('.csv')) throw new AppError('IMPORT_FILE_TYPE', 400, { field: 'file' });
  let positions: number[] | undefined;
  // The file's columns in the registry's order already (as in the template): its cells are used as they are.
  let inPlace = false;
  for await (const piece of csvStream(source)) {
    const out: RegistryPiece = { rows: [], cells: [] };
    for (let i = 0; i < piece.rows.length; i++) {
      const cells = piece.cells[i]!;
      if (!positions) {
        positions = headerPositions(registry, cells, piece.rows[i]!);
        inPlace = positions?.every((p, k) => p === k) ?? false;
        continue;
      }
      if (cells.length === 1 && isBlank(cells[0]!)) continue;
      out.rows.push(piece.rows[i]!);
      if (inPlace) out.cells.push(cells);
      else {
        const ordered = new Array<string>(positions.length);
        for (let k = 0; k < positions.length; k++) ordered[k] = cells[positions[k]!] ?? '';
        out.cells.push(ordered);
      }
    }
    if (out.rows.length > 0) yield out;
  }
}
