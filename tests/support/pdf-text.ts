// Text of the PDFs the server makes (pdfkit), read with Node alone so the tests need no poppler-utils: the page
// objects, their content streams (FlateDecode), the fonts' ToUnicode maps and the text operators. One line per
// baseline, top to bottom; the pieces of a line (table cells) in x order, two spaces apart, much like
// `pdftotext -layout`. Enough for what pdfkit writes, not a general PDF reader.
import { inflateSync } from 'node:zlib';

interface PdfObject {
  readonly body: string;
  readonly stream?: Buffer;
}

function objects(pdf: Uint8Array): Map<number, PdfObject> {
  const text = Buffer.from(pdf).toString('latin1');
  const found = new Map<number, PdfObject>();
  const re = /(\d+) 0 obj\b/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endobj', start);
    if (end < 0) break;
    let body = text.slice(start, end);
    let stream: Buffer | undefined;
    const s = body.search(/\bstream\r?\n/);
    if (s >= 0) {
      const dict = body.slice(0, s);
      const dataStart = s + body.slice(s).indexOf('\n') + 1;
      const length = /\/Length (\d+)(?! \d+ R)/.exec(dict);
      const raw = body.slice(dataStart, length ? dataStart + Number(length[1]) : body.lastIndexOf('endstream'));
      const bytes = Buffer.from(raw, 'latin1');
      stream = /\/Filter\s*\/FlateDecode/.test(dict) ? inflateSync(bytes) : bytes;
      body = dict;
    }
    found.set(Number(m[1]), { body, ...(stream ? { stream } : {}) });
    re.lastIndex = end;
  }
  return found;
}

const ref = (body: string, key: string): number | undefined => {
  const m = new RegExp(`/${key}\\s+(\\d+) 0 R`).exec(body);
  return m ? Number(m[1]) : undefined;
};

const utf16 = (hex: string) => Buffer.from(hex.replace(/\s/g, ''), 'hex').swap16().toString('utf16le');

/** Code (hex, as written in the content stream) → text, from a ToUnicode CMap. */
function toUnicode(cmap: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, code, dst] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F\s]+)>/g)) map.set(code!.toLowerCase(), utf16(dst!));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, rest] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F\s]+>)/g)) {
      const width = lo!.length;
      const from = parseInt(lo!, 16);
      const to = parseInt(hi!, 16);
      const code = (n: number) => n.toString(16).padStart(width, '0');
      if (rest!.startsWith('[')) {
        // A ligature maps to several characters: <0066 0069> for "fi".
        [...rest!.matchAll(/<([0-9a-fA-F\s]+)>/g)].forEach(([, dst], i) => map.set(code(from + i), utf16(dst!)));
      } else {
        const base = parseInt(rest!.slice(1, -1).replace(/\s/g, ''), 16);
        for (let n = from; n <= to; n++) map.set(code(n), String.fromCodePoint(base + n - from));
      }
    }
  }
  return map;
}

interface Run {
  readonly x: number;
  readonly y: number;
  readonly text: string;
}

/** The content stream's text runs: one per Tj/TJ, at the text matrix's origin. */
function runs(content: string, fonts: Map<string, Map<string, string> | undefined>): Run[] {
  const out: Run[] = [];
  const tokens = content.match(/<[0-9a-fA-F\s]*>|\((?:\\.|[^\\)])*\)|\[|\]|\/[^\s/[\]()<>]+|[-+]?(?:\d+\.?\d*|\.\d+)|[A-Za-z'"*]+/g) ?? [];
  const stack: string[] = [];
  let font: Map<string, string> | undefined;
  let x = 0;
  let y = 0;
  const decode = (token: string): string => {
    if (token.startsWith('(')) return token.slice(1, -1).replace(/\\(.)/g, '$1');
    const hex = token.slice(1, -1).replace(/\s/g, '').toLowerCase();
    if (!font) return Buffer.from(hex, 'hex').toString('latin1');
    let text = '';
    for (let i = 0; i < hex.length; i += 4) text += font.get(hex.slice(i, i + 4)) ?? '';
    return text;
  };
  for (const t of tokens) {
    switch (t) {
      case 'Tf':
        font = fonts.get(stack[stack.length - 2] ?? '');
        stack.length = 0;
        break;
      case 'Tm':
        x = Number(stack[stack.length - 2]);
        y = Number(stack[stack.length - 1]);
        stack.length = 0;
        break;
      case 'Td':
      case 'TD':
        x += Number(stack[stack.length - 2]);
        y += Number(stack[stack.length - 1]);
        stack.length = 0;
        break;
      case 'Tj':
      case 'TJ': {
        const text = stack.filter((s) => s.startsWith('<') || s.startsWith('(')).map(decode).join('');
        if (text) out.push({ x, y, text });
        stack.length = 0;
        break;
      }
      default:
        if (/^[A-Za-z'"*]+$/.test(t)) stack.length = 0;
        else stack.push(t);
    }
  }
  return out;
}

export interface PdfText {
  readonly pages: number;
  /** Every page's lines, pages one after another. */
  readonly text: string;
}

/** The number of pages of a PDF whose page objects are plain (pdfkit's, Chromium's). */
export function pdfPages(pdf: Uint8Array): number {
  return Buffer.from(pdf).toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 0;
}

/** The text of a PDF made by pdfkit, line by line, and its number of pages. */
export function pdfText(pdf: Uint8Array): PdfText {
  const objs = objects(pdf);
  const pageTexts: string[] = [];
  const kids = [...objs.values()].find((o) => /\/Type\s*\/Pages\b/.test(o.body))?.body.match(/\/Kids\s*\[([^\]]*)\]/)?.[1] ?? '';
  const pageNums = [...kids.matchAll(/(\d+) 0 R/g)].map((k) => Number(k[1])).filter((n) => /\/Type\s*\/Page(?![s\w])/.test(objs.get(n)?.body ?? ''));
  for (const n of pageNums) {
    const page = objs.get(n)!;
    const resNum = ref(page.body, 'Resources');
    const resources = resNum === undefined ? page.body : (objs.get(resNum)?.body ?? '');
    const fonts = new Map<string, Map<string, string> | undefined>();
    const fontDict = /\/Font\s*<<([\s\S]*?)>>/.exec(resources)?.[1] ?? '';
    for (const [, name, num] of fontDict.matchAll(/\/([^\s/]+)\s+(\d+) 0 R/g)) {
      const cmapNum = ref(objs.get(Number(num))?.body ?? '', 'ToUnicode');
      const cmap = cmapNum === undefined ? undefined : objs.get(cmapNum)?.stream;
      fonts.set(`/${name}`, cmap ? toUnicode(cmap.toString('latin1')) : undefined);
    }
    const contentNums = [...(/\/Contents\s*(\[[^\]]*\]|\d+ 0 R)/.exec(page.body)?.[1] ?? '').matchAll(/(\d+) 0 R/g)].map((c) => Number(c[1]));
    const content = contentNums.map((c) => objs.get(c)?.stream?.toString('latin1') ?? '').join('\n');
    const lines = new Map<number, Run[]>();
    for (const r of runs(content, fonts)) {
      // A total drawn twice a hair apart (the font has no bold face) is read once.
      if ([...lines.values()].flat().some((o) => o.text === r.text && Math.abs(o.x - r.x) < 2 && Math.abs(o.y - r.y) < 1)) continue;
      const key = [...lines.keys()].find((k) => Math.abs(k - r.y) < 1) ?? r.y;
      lines.set(key, [...(lines.get(key) ?? []), r]);
    }
    pageTexts.push(
      [...lines.entries()]
        .sort(([a], [b]) => b - a)
        .map(([, rs]) => rs.sort((a, b) => a.x - b.x).map((r) => r.text.trimEnd()).join('  '))
        .join('\n'),
    );
  }
  return { pages: pageNums.length, text: pageTexts.join('\n\f') };
}
