/**
 * A registry file (数据比对, DOMAIN.md §6) turned into the rows of the staging table in COPY's text format, checked
 * on the way, with flat memory. A CSV — the usual export of millions of rows; GBK or UTF-16 is turned into UTF-8
 * as it streams — is checked as bytes: each line's separators found in the buffer, the ID number's check
 * character and birth date, the name, the status, the month or date and the free text checked byte by byte, and
 * the row written straight into the COPY buffer without a JavaScript string or object per row. Any line this fast
 * path is not sure of (quotes, spaces to trim, a month typed 2015/07, a 15-digit or lower-case number, a bad
 * row…) goes through the general reader and checker (registry-file.ts) instead, which gives the same staging row
 * or names the row's errors; so do Excel files as a whole. Both paths give byte for byte the same COPY text
 * (staging.test.ts). Only rows that may match the county (KeyFilter) are staged; every row is checked and counted.
 */
import iconv from 'iconv-lite';
import type { CrossCheckRegistry } from '../../db/schema.js';
import { copyField } from '../../db/copy-in.js';
import type { RowError } from '../../errors/app-error.js';
import { isRealDate } from '../../rules/dates.js';
import { detectEncoding } from '../files/encoding.js';
import { checkRegistryRow, headerPositions, isBlank, quoteCount, registryRows, SNIFF_BYTES, splitCsvLine, type StageRow } from './registry-file.js';

/** COPY text sent to the database at a time (bytes). */
const OUT_BYTES = 1 << 20;
/** Fields of a line the fast path splits; a line with more goes the general way. */
const MAX_FIELDS = 32;

/** What the staging produced so far: rows read (not blank) and the bad rows' errors. */
export interface StagingState {
  rows: number;
  readonly errors: RowError[];
}

/**
 * The keys a row must hold one of to be staged — the county's ID numbers (and, against the bank's cards, the
 * pensioners' accounts) — as a Bloom filter over their bytes: 16 bits a key, 4 probes (about 1 row in 400 of
 * the others passes too), a few MB for a county of a million. The matching SQL decides on the staged rows; the
 * filter only keeps rows that cannot match anyone out of the staging table, so the database parses, stores and
 * joins the file's few hundredths that can, not its millions (a semi-join done before the COPY).
 */
export class KeyFilter {
  readonly #bits: Uint32Array;
  readonly #mask: number;

  /** The keys joined by commas (ASCII: digits and X). */
  constructor(keys: string) {
    let count = 1;
    for (let i = keys.indexOf(','); i >= 0; i = keys.indexOf(',', i + 1)) count++;
    let size = 1 << 10;
    while (size < count * 16) size *= 2;
    this.#bits = new Uint32Array(size / 32);
    this.#mask = size - 1;
    const bytes = Buffer.from(keys, 'latin1');
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === 44) {
        if (i > start) this.#probe(bytes, start, i, true);
        start = i + 1;
      }
    }
  }

  /** Whether the bytes [s, e) may be one of the keys (never false for one that is). */
  has(d: Uint8Array, s: number, e: number): boolean {
    return this.#probe(d, s, e, false);
  }

  #probe(d: Uint8Array, s: number, e: number, add: boolean): boolean {
    // FNV-1a and a second, differently seeded multiplicative hash; probes h1 + i·h2 (Kirsch–Mitzenmacher).
    let h1 = 0x811c9dc5;
    let h2 = 0x9747b28c;
    for (let i = s; i < e; i++) {
      const b = d[i]!;
      h1 = Math.imul(h1 ^ b, 0x01000193);
      h2 = Math.imul(h2 ^ b, 0x5bd1e995);
    }
    h2 = (h2 ^ (h2 >>> 15)) | 1;
    const bits = this.#bits;
    for (let k = 0; k < 4; k++) {
      const at = (h1 + Math.imul(k, h2)) & this.#mask;
      const word = at >>> 5;
      const bit = 1 << (at & 31);
      if (add) bits[word]! |= bit;
      else if ((bits[word]! & bit) === 0) return false;
    }
    return true;
  }
}

/** Whether a checked row may match: its ID number (or, a bank card, its card number) is among the filter's keys. */
function mayMatch(filter: KeyFilter | undefined, r: StageRow): boolean {
  if (!filter) return true;
  const id = Buffer.from(r.idNumber, 'latin1');
  if (filter.has(id, 0, id.length)) return true;
  if (r.card === '') return false;
  const card = Buffer.from(r.card, 'latin1');
  return filter.has(card, 0, card.length);
}

/** The staging row in COPY text format (row_no, id_number, name, status, d, card, note), with its line end. */
export function stageLine(r: StageRow): string {
  return `${r.row}\t${r.idNumber}\t${copyField(r.name)}\t${r.status}\t${r.date}\t${r.card}\t${copyField(r.note)}\n`;
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const PENSION_STATUS_BYTES: readonly [Uint8Array, Uint8Array][] = [
  ['参保', 'participant'],
  ['在职参保', 'participant'],
  ['participant', 'participant'],
  ['领取', 'recipient'],
  ['退休', 'recipient'],
  ['recipient', 'recipient'],
].map(([k, v]) => [utf8(k!), utf8(v!)]);
const CARD_STATUS_BYTES: readonly [Uint8Array, Uint8Array][] = [
  ['正常', 'normal'],
  ['normal', 'normal'],
  ['销户', 'closed'],
  ['注销', 'closed'],
  ['closed', 'closed'],
].map(([k, v]) => [utf8(k!), utf8(v!)]);
const RECIPIENT = utf8('recipient');
const NORMAL = utf8('normal');
const DEAD = utf8('dead');
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** "10X98765432" as byte codes. */
const CHECK_BYTES = [...'10X98765432'].map((c) => c.charCodeAt(0));

/** How a file is staged: China's date (no registry date lies after it), the filter of rows that may match (all without one), when to stop. */
export interface StagingOptions {
  readonly today: string;
  readonly filter?: KeyFilter | undefined;
  /** A file is refused after this many row errors, without reading the rest. */
  readonly maxErrors: number;
}

/**
 * The file's rows as chunks of COPY text (about 1 MB each) for the staging table; `state` counts every row read
 * and collects the row errors. Every row is checked; only those that may match (options.filter) are staged. Once
 * a row is bad nothing more is yielded (the file will be refused), but the rest is still read for its errors
 * until `maxErrors`. A GBK or UTF-16 CSV is turned into UTF-8 as it streams and staged the same way. Errors
 * (thrown): IMPORT_FILE_TYPE, IMPORT_HEADER, FILE_ENCODING and those of the Excel reader.
 */
export async function* stagedChunks(
  fileName: string,
  registry: CrossCheckRegistry,
  source: AsyncIterable<Uint8Array>,
  options: StagingOptions,
  state: StagingState,
): AsyncGenerator<Uint8Array> {
  if (!fileName.toLowerCase().endsWith('.csv')) {
    yield* generalChunks(fileName, registry, source, options, state);
    return;
  }
  const iterator = source[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let done = false;
  while (headBytes < SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    head.push(next.value);
    headBytes += next.value.length;
  }
  const first = Buffer.concat(head);
  async function* replay(): AsyncGenerator<Uint8Array> {
    yield first;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  if (first.length === 0) return;
  let cut = first.length;
  if (first.length >= SNIFF_BYTES) cut = first.lastIndexOf(0x0a) + 1 || first.length;
  const { encoding, bomLength } = detectEncoding(first.subarray(0, cut));
  const decoder = encoding === 'UTF-8' ? undefined : iconv.getDecoder(encoding === 'GB18030' ? 'gb18030' : encoding === 'UTF-16LE' ? 'utf-16le' : 'utf-16be');
  const lines = new Utf8Stager(registry, options, state);
  let skip = bomLength;
  for await (let chunk of replay()) {
    if (skip > 0) {
      const n = Math.min(skip, chunk.length);
      skip -= n;
      chunk = chunk.subarray(n);
    }
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const stop = lines.write(decoder ? Buffer.from(decoder.write(bytes), 'utf8') : bytes);
    for (const out of lines.take()) yield out;
    if (stop) return;
  }
  const tail = decoder?.end();
  if (tail && lines.write(Buffer.from(tail, 'utf8'))) return;
  lines.end();
  for (const out of lines.take()) yield out;
}

/** Excel files (small by nature): the general reader and checker, row by row. */
async function* generalChunks(
  fileName: string,
  registry: CrossCheckRegistry,
  source: AsyncIterable<Uint8Array>,
  { today, filter, maxErrors }: StagingOptions,
  state: StagingState,
): AsyncGenerator<Uint8Array> {
  let text: string[] = [];
  for await (const piece of registryRows(fileName, registry, source)) {
    for (let i = 0; i < piece.rows.length; i++) {
      state.rows++;
      const checked = checkRegistryRow(registry, piece.rows[i]!, piece.cells[i]!, today);
      if (Array.isArray(checked)) {
        state.errors.push(...checked);
        if (state.errors.length >= maxErrors) return;
        continue;
      }
      if (state.errors.length === 0 && mayMatch(filter, checked)) text.push(stageLine(checked));
    }
    if (text.length >= 10_000) {
      if (state.errors.length === 0) yield Buffer.from(text.join(''), 'utf8');
      text = [];
    }
  }
  if (text.length > 0 && state.errors.length === 0) yield Buffer.from(text.join(''), 'utf8');
}

/**
 * A UTF-8 CSV, line by line as bytes. Lines are numbered as Excel numbers rows (a quoted field over several
 * lines takes its first); the header and any line the fast path declines go through the general checker.
 */
class Utf8Stager {
  readonly #registry: CrossCheckRegistry;
  readonly #state: StagingState;
  readonly #maxErrors: number;
  readonly #filter: KeyFilter | undefined;
  /** Today's date and month as bytes, for "not after today". */
  readonly #today: Uint8Array;
  readonly #todayText: string;
  readonly #decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  #rest: Buffer = Buffer.alloc(0);
  #line = 0;
  #carry: { row: number; text: string } | undefined;
  #positions: number[] | undefined;
  #out: Buffer = Buffer.allocUnsafe(OUT_BYTES + 4096);
  #at = 0;
  #ready: Buffer[] = [];
  readonly #starts = new Int32Array(MAX_FIELDS);
  readonly #ends = new Int32Array(MAX_FIELDS);
  #fields = 0;
  /** Field bounds of the registry's columns on the current line (start, end; empty when the file lacks it). */
  readonly #col = new Int32Array(16);

  constructor(registry: CrossCheckRegistry, { today, filter, maxErrors }: StagingOptions, state: StagingState) {
    this.#registry = registry;
    this.#state = state;
    this.#maxErrors = maxErrors;
    this.#filter = filter;
    this.#today = utf8(today);
    this.#todayText = today;
  }

  /** Takes the next bytes of the file; true when enough errors were found to stop reading. */
  write(chunk: Buffer): boolean {
    const data = this.#rest.length > 0 ? Buffer.concat([this.#rest, chunk]) : chunk;
    let start = 0;
    for (let nl = data.indexOf(10, start); nl >= 0; nl = data.indexOf(10, start)) {
      if (this.#lineAt(data, start, nl)) return true;
      start = nl + 1;
    }
    this.#rest = Buffer.from(data.subarray(start));
    return false;
  }

  /** The end of the file: its last line (without a line end) and a quoted field left open. */
  end(): void {
    const data = this.#rest;
    this.#rest = Buffer.alloc(0);
    if (this.#lineAt(data, 0, data.length)) return;
    if (this.#carry) {
      const { row, text } = this.#carry;
      this.#carry = undefined;
      this.#cells(row, splitCsvLine(text));
    }
  }

  /** The COPY text ready to send. */
  take(): Buffer[] {
    if (this.#at > 0 && this.#state.errors.length === 0) this.#flush();
    const ready = this.#ready;
    this.#ready = [];
    return this.#state.errors.length === 0 ? ready : [];
  }

  #flush(): void {
    this.#ready.push(this.#out.subarray(0, this.#at));
    this.#out = Buffer.allocUnsafe(OUT_BYTES + 4096);
    this.#at = 0;
  }

  /** One line [s, e) of `data` (without its "\n"); true to stop reading. */
  #lineAt(data: Buffer, s: number, e: number): boolean {
    this.#line++;
    if (e > s && data[e - 1] === 13) e--;
    if (this.#carry === undefined && this.#positions !== undefined && this.#state.errors.length === 0) {
      if (e === s) return false;
      if (this.#at > OUT_BYTES) this.#flush();
      // A line longer than the buffer's margin goes the general way (which makes room for it).
      if (e - s < 2048 && this.#fast(data, s, e)) {
        this.#state.rows++;
        return false;
      }
    }
    return this.#general(this.#decoder.decode(data.subarray(s, e)));
  }

  /** The general way for one line of text, as registryRows and checkRegistryRow read it. */
  #general(raw: string): boolean {
    if (this.#carry) {
      this.#carry.text += `\n${raw}`;
      if (quoteCount(this.#carry.text) % 2 === 1) return false;
      const { row, text } = this.#carry;
      this.#carry = undefined;
      return this.#cells(row, splitCsvLine(text));
    }
    if (raw.includes('"') && quoteCount(raw) % 2 === 1) {
      this.#carry = { row: this.#line, text: raw };
      return false;
    }
    return this.#cells(this.#line, splitCsvLine(raw));
  }

  #cells(row: number, cells: string[]): boolean {
    if (!this.#positions) {
      this.#positions = headerPositions(this.#registry, cells, row);
      return false;
    }
    if (cells.length === 1 && isBlank(cells[0]!)) return false;
    const ordered = this.#positions.map((p) => cells[p] ?? '');
    this.#state.rows++;
    const checked = checkRegistryRow(this.#registry, row, ordered, this.#todayText);
    if (Array.isArray(checked)) {
      this.#state.errors.push(...checked);
      return this.#state.errors.length >= this.#maxErrors;
    }
    if (this.#state.errors.length > 0 || !mayMatch(this.#filter, checked)) return false;
    const bytes = Buffer.from(stageLine(checked), 'utf8');
    if (this.#at + bytes.length > this.#out.length) {
      this.#flush();
      if (bytes.length > this.#out.length) this.#out = Buffer.allocUnsafe(bytes.length);
    }
    bytes.copy(this.#out, this.#at);
    this.#at += bytes.length;
    return false;
  }

  /**
   * The fast path for one line: splits it at its commas and, when every field is one it is sure of, writes the
   * staging row (unless the filter says it cannot match) and returns true; else writes nothing (the output
   * position is not moved) and returns false.
   */
  #fast(d: Buffer, s: number, e: number): boolean {
    const starts = this.#starts;
    const ends = this.#ends;
    let n = 0;
    starts[0] = s;
    for (let i = s; i < e; i++) {
      const b = d[i]!;
      if (b === 44) {
        ends[n] = i;
        if (++n >= MAX_FIELDS) return false;
        starts[n] = i + 1;
      } else if (b < 0x20 || b === 34 || b === 92 || b === 0x7f) return false; // control, quote, backslash
    }
    ends[n] = e;
    this.#fields = n + 1;
    const positions = this.#positions!;
    const col = this.#col;
    for (let k = 0; k < positions.length; k++) {
      const p = positions[k]!;
      if (p >= 0 && p < this.#fields) {
        col[2 * k] = starts[p]!;
        col[2 * k + 1] = ends[p]!;
      } else {
        col[2 * k] = 0;
        col[2 * k + 1] = 0;
      }
    }
    const registry = this.#registry;
    if (registry === 'bank_card') return this.#bankRow(d);
    if (registry === 'death') return this.#deathRow(d);
    return this.#pensionRow(d);
  }

  // employee / institution pension: idNumber, name, status, benefitFrom, unit
  #pensionRow(d: Buffer): boolean {
    const c = this.#col;
    if (!idOk(d, c[0]!, c[1]!) || !nameOk(d, c[2]!, c[3]!)) return false;
    let status: Uint8Array | undefined = RECIPIENT;
    if (c[5]! > c[4]!) {
      status = lookup(PENSION_STATUS_BYTES, d, c[4]!, c[5]!);
      if (!status) return false;
    }
    const ms = c[6]!;
    const me = c[7]!;
    if (me === ms) {
      if (status === RECIPIENT || status[0] === 0x72) return false; // a recipient needs the month
    } else if (!monthOk(d, ms, me, this.#today)) return false;
    if (!noteOk(d, c[8]!, c[9]!)) return false;
    if (this.#filter && !this.#filter.has(d, c[0]!, c[1]!)) return true;
    let at = this.#rowNo();
    const o = this.#out;
    at = put(o, at, d, c[0]!, c[1]!);
    o[at++] = 9;
    at = put(o, at, d, c[2]!, c[3]!);
    o[at++] = 9;
    at = putBytes(o, at, status);
    o[at++] = 9;
    at = put(o, at, d, ms, me);
    o[at++] = 9;
    o[at++] = 9;
    at = put(o, at, d, c[8]!, c[9]!);
    o[at++] = 10;
    this.#at = at;
    return true;
  }

  // death: idNumber, name, deathDate, source
  #deathRow(d: Buffer): boolean {
    const c = this.#col;
    if (!idOk(d, c[0]!, c[1]!) || !nameOk(d, c[2]!, c[3]!) || !dateOk(d, c[4]!, c[5]!, this.#today) || !noteOk(d, c[6]!, c[7]!)) return false;
    if (this.#filter && !this.#filter.has(d, c[0]!, c[1]!)) return true;
    let at = this.#rowNo();
    const o = this.#out;
    at = put(o, at, d, c[0]!, c[1]!);
    o[at++] = 9;
    at = put(o, at, d, c[2]!, c[3]!);
    o[at++] = 9;
    at = putBytes(o, at, DEAD);
    o[at++] = 9;
    at = put(o, at, d, c[4]!, c[5]!);
    o[at++] = 9;
    o[at++] = 9;
    at = put(o, at, d, c[6]!, c[7]!);
    o[at++] = 10;
    this.#at = at;
    return true;
  }

  // bank cards: cardNumber, idNumber, name, cardStatus
  #bankRow(d: Buffer): boolean {
    const c = this.#col;
    const cs = c[0]!;
    const ce = c[1]!;
    if (ce - cs < 12 || ce - cs > 25 || !digits(d, cs, ce)) return false;
    if (!idOk(d, c[2]!, c[3]!) || !nameOk(d, c[4]!, c[5]!)) return false;
    let status: Uint8Array | undefined = NORMAL;
    if (c[7]! > c[6]!) {
      status = lookup(CARD_STATUS_BYTES, d, c[6]!, c[7]!);
      if (!status) return false;
    }
    if (this.#filter && !this.#filter.has(d, c[2]!, c[3]!) && !this.#filter.has(d, cs, ce)) return true;
    let at = this.#rowNo();
    const o = this.#out;
    at = put(o, at, d, c[2]!, c[3]!);
    o[at++] = 9;
    at = put(o, at, d, c[4]!, c[5]!);
    o[at++] = 9;
    at = putBytes(o, at, status);
    o[at++] = 9;
    o[at++] = 9;
    at = put(o, at, d, cs, ce);
    o[at++] = 9;
    o[at++] = 10;
    this.#at = at;
    return true;
  }

  /** Writes the line's number and a tab at the output position; returns the position after. */
  #rowNo(): number {
    const o = this.#out;
    let at = this.#at;
    let v = this.#line;
    let width = 1;
    for (let x = v; x >= 10; x = Math.floor(x / 10)) width++;
    for (let i = at + width - 1; i >= at; i--) {
      o[i] = 48 + (v % 10);
      v = Math.floor(v / 10);
    }
    at += width;
    o[at++] = 9;
    return at;
  }
}

function put(o: Buffer, at: number, d: Buffer, s: number, e: number): number {
  for (let i = s; i < e; i++) o[at++] = d[i]!;
  return at;
}
function putBytes(o: Buffer, at: number, bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) o[at++] = bytes[i]!;
  return at;
}
function digits(d: Buffer, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const b = d[i]!;
    if (b < 48 || b > 57) return false;
  }
  return true;
}
function two(d: Buffer, i: number): number {
  return (d[i]! - 48) * 10 + d[i + 1]! - 48;
}

function lookup(table: readonly [Uint8Array, Uint8Array][], d: Buffer, s: number, e: number): Uint8Array | undefined {
  outer: for (let t = 0; t < table.length; t++) {
    const key = table[t]![0];
    if (key.length !== e - s) continue;
    for (let i = 0; i < key.length; i++) if (d[s + i] !== key[i]) continue outer;
    return table[t]![1];
  }
  return undefined;
}

/** 18 characters: 17 digits and the GB 11643 check character (upper-case X), a birth date from 1850 on that exists. */
function idOk(d: Buffer, s: number, e: number): boolean {
  if (e - s !== 18) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = d[s + i]! - 48;
    if (v < 0 || v > 9) return false;
    sum += v * WEIGHTS[i]!;
  }
  if (d[s + 17] !== CHECK_BYTES[sum % 11]) return false;
  const year = two(d, s + 6) * 100 + two(d, s + 8);
  return year >= 1850 && isRealDate(year, two(d, s + 10), two(d, s + 12));
}

/** 1–50 characters, each a CJK ideograph (U+4000–U+9FFF), the middle dot of minority names or printable ASCII but a space. */
function nameOk(d: Buffer, s: number, e: number): boolean {
  if (e === s) return false;
  let chars = 0;
  for (let i = s; i < e; ) {
    const b = d[i]!;
    if (b >= 0x21 && b <= 0x7e) i++;
    else if (b >= 0xe4 && b <= 0xe9) {
      if (i + 2 >= e || (d[i + 1]! & 0xc0) !== 0x80 || (d[i + 2]! & 0xc0) !== 0x80) return false;
      i += 3;
    } else if (b === 0xc2 && i + 1 < e && d[i + 1] === 0xb7) i += 2;
    else return false;
    chars++;
  }
  return chars <= 50;
}

/** YYYY-MM, a real month, not after this month. */
function monthOk(d: Buffer, s: number, e: number, today: Uint8Array): boolean {
  if (e - s !== 7 || d[s + 4] !== 45 || !digits(d, s, s + 4) || !digits(d, s + 5, s + 7)) return false;
  const month = two(d, s + 5);
  if (month < 1 || month > 12) return false;
  return notAfter(d, s, today, 7);
}

/** YYYY-MM-DD, a real date, not after today. */
function dateOk(d: Buffer, s: number, e: number, today: Uint8Array): boolean {
  if (e - s !== 10 || d[s + 4] !== 45 || d[s + 7] !== 45 || !digits(d, s, s + 4) || !digits(d, s + 5, s + 7) || !digits(d, s + 8, s + 10)) return false;
  if (!isRealDate(two(d, s) * 100 + two(d, s + 2), two(d, s + 5), two(d, s + 8))) return false;
  return notAfter(d, s, today, 10);
}

function notAfter(d: Buffer, s: number, today: Uint8Array, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const a = d[s + i]!;
    const b = today[i]!;
    if (a !== b) return a < b;
  }
  return true;
}

/**
 * Free text kept as it is: well-formed UTF-8 of at most 100 UTF-16 units (no 4-byte characters), and no
 * character at either end that trim() would take off (a space, or a lead byte of the Unicode spaces: C2, E1–E3, EF).
 */
function noteOk(d: Buffer, s: number, e: number): boolean {
  if (e === s) return true;
  let units = 0;
  let last = 0;
  for (let i = s; i < e; ) {
    const b = d[i]!;
    last = b;
    if (b < 0x80) i++;
    else if (b >= 0xc2 && b <= 0xdf) {
      if (i + 1 >= e || (d[i + 1]! & 0xc0) !== 0x80) return false;
      i += 2;
    } else if (b >= 0xe0 && b <= 0xef) {
      if (i + 2 >= e || (d[i + 1]! & 0xc0) !== 0x80 || (d[i + 2]! & 0xc0) !== 0x80) return false;
      const b1 = d[i + 1]!;
      if ((b === 0xe0 && b1 < 0xa0) || (b === 0xed && b1 >= 0xa0)) return false; // overlong, surrogate
      i += 3;
    } else return false;
    if (++units > 100) return false;
  }
  return !trimmable(d[s]!) && !trimmable(last);
}

/** A first byte of a character trim() may take off: a space, or the lead byte of a Unicode space (C2, E1–E3, EF). */
function trimmable(b: number): boolean {
  return b === 0x20 || b === 0xc2 || (b >= 0xe1 && b <= 0xe3) || b === 0xef;
}
