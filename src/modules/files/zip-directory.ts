/**
 * The central directory of a .xlsx (a zip file), read without inflating anything: it tells whether the
 * upload is a complete zip, what each part unpacks to, and where each part's record lies, so that the
 * workbook parts can be handed to the streaming reader in the order it needs.
 */
export interface ZipEntry {
  readonly name: string;
  /** Declared size once inflated (0xffffffff for ZIP64, which no spreadsheet of ours needs). */
  readonly size: number;
  /** The part's local record (local header, data, data descriptor) within the file. */
  readonly start: number;
  readonly end: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;

/** The entries of a zip, or undefined when the bytes are not a complete zip (truncated, garbage). */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] | undefined {
  if (bytes.length < 22) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end record sits in the last 22 bytes plus at most a 65,535-byte comment.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return undefined;
  const count = view.getUint16(eocd + 10, true);
  const dirSize = view.getUint32(eocd + 12, true);
  const dirStart = view.getUint32(eocd + 16, true);
  if (dirStart + dirSize > eocd) return undefined;
  const raw: { name: string; size: number; start: number }[] = [];
  let p = dirStart;
  for (let k = 0; k < count; k++) {
    if (p + 46 > eocd || view.getUint32(p, true) !== CENTRAL) return undefined;
    const size = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const start = view.getUint32(p + 42, true);
    if (start >= dirStart || p + 46 + nameLength > eocd) return undefined;
    const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLength));
    raw.push({ name, size, start });
    p += 46 + nameLength + extraLength + commentLength;
  }
  const byStart = [...raw].sort((a, b) => a.start - b.start);
  return byStart.map((e, i) => ({ ...e, end: byStart[i + 1]?.start ?? dirStart }));
}

/**
 * A zip stream holding only `parts`, in the given order, followed by an empty end record: the local records
 * are copied as they are (the streaming reader needs no central directory).
 */
export function zipOf(bytes: Uint8Array, parts: readonly ZipEntry[]): Uint8Array {
  const end = new Uint8Array(22);
  new DataView(end.buffer).setUint32(0, EOCD, true);
  const chunks = [...parts.map((p) => bytes.subarray(p.start, p.end)), end];
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
