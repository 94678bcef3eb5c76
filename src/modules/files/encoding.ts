import chardet from 'chardet';
import iconv from 'iconv-lite';
import { AppError } from '../../errors/app-error.js';

/** The encodings a CSV upload may come in; Chinese Excel saves "CSV" as GBK without a byte-order mark. */
export type TextEncoding = 'UTF-8' | 'GB18030' | 'UTF-16LE' | 'UTF-16BE';

/** Encodings that put Chinese, Japanese or Korean text in the same byte ranges as GBK: chardet decides between them. */
const OTHER_CJK = new Set(['Big5', 'Shift_JIS', 'EUC-JP', 'EUC-KR', 'ISO-2022-JP', 'ISO-2022-KR', 'ISO-2022-CN']);

/** Characters a Chinese office's file holds besides ASCII: ideographs, CJK and full-width punctuation, ①, ·, “”. */
const CHINESE_TEXT = /^[\u00b7\u2010-\u206f\u2460-\u24ff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]*$/;

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Which encoding a CSV upload is in: a byte-order mark (UTF-8, UTF-16 LE/BE), else valid UTF-8, else GB18030
 * (which contains GBK and GB2312) when the bytes decode to Chinese text and chardet does not find another East
 * Asian encoding likelier. Anything else is refused, naming what chardet took it for.
 */
export function detectEncoding(bytes: Uint8Array): { encoding: TextEncoding; bomLength: number } {
  const [a, b, c, d] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'UTF-8', bomLength: 3 };
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) throw encodingError('UTF-32LE');
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) throw encodingError('UTF-32BE');
  if (a === 0xff && b === 0xfe) return { encoding: 'UTF-16LE', bomLength: 2 };
  if (a === 0xfe && b === 0xff) return { encoding: 'UTF-16BE', bomLength: 2 };
  if (bytes.includes(0)) throw encodingError(looksLikeUtf16(bytes) ? 'UTF-16 (no byte-order mark)' : 'binary');
  if (isUtf8(bytes)) return { encoding: 'UTF-8', bomLength: 0 };
  const matches = chardet.analyse(bytes);
  const gb = matches.find((m) => m.name === 'GB18030')?.confidence ?? 0;
  const rival = matches.find((m) => OTHER_CJK.has(m.name) && m.confidence > gb);
  const decoded = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'gb18030');
  const nonAscii = decoded.replace(/[\x00-\x7f]/g, '');
  if (!rival && !nonAscii.includes('\ufffd') && CHINESE_TEXT.test(nonAscii)) return { encoding: 'GB18030', bomLength: 0 };
  throw encodingError(rival?.name ?? matches[0]?.name ?? 'unknown');
}

function looksLikeUtf16(bytes: Uint8Array): boolean {
  let zerosAtEven = 0;
  let zerosAtOdd = 0;
  const n = Math.min(bytes.length, 4096);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) i % 2 === 0 ? zerosAtEven++ : zerosAtOdd++;
  return Math.max(zerosAtEven, zerosAtOdd) > n / 8 && Math.min(zerosAtEven, zerosAtOdd) < n / 64;
}

function encodingError(encoding: string): AppError {
  return new AppError('FILE_ENCODING', 400, { field: 'file', params: { encoding } });
}

/** A CSV upload as text, in whichever accepted encoding it came (see detectEncoding). */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
  const { encoding, bomLength } = detectEncoding(bytes);
  const body = Buffer.from(bytes.buffer, bytes.byteOffset + bomLength, bytes.byteLength - bomLength);
  const text = encoding === 'UTF-8' ? body.toString('utf8') : iconv.decode(body, encoding === 'GB18030' ? 'gb18030' : encoding === 'UTF-16LE' ? 'utf-16le' : 'utf-16be', { stripBOM: false });
  return { text, encoding };
}
