/**
 * A small JSON parser that keeps the line of every key and value, so an operator who mistypes a county
 * override file is told which line to fix. Numbers keep their source text (an amount such as 12.30 is
 * then read digit by digit, never through a float). Duplicate keys are kept so they can be reported.
 */
export type JsonNode =
  | { readonly kind: 'object'; readonly line: number; readonly members: readonly JsonMember[] }
  | { readonly kind: 'array'; readonly line: number; readonly items: readonly JsonNode[] }
  | { readonly kind: 'string'; readonly line: number; readonly value: string }
  | { readonly kind: 'number'; readonly line: number; readonly text: string }
  | { readonly kind: 'boolean'; readonly line: number; readonly value: boolean }
  | { readonly kind: 'null'; readonly line: number };

export interface JsonMember {
  readonly key: string;
  readonly keyLine: number;
  readonly value: JsonNode;
}

export class JsonSyntaxError extends Error {
  override readonly name: string = 'JsonSyntaxError';
  readonly code = 'JSON_SYNTAX';
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`line ${line}, column ${column}: ${message}`);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

export function parseJsonWithLines(text: string): JsonNode {
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a byte-order mark from Windows editors
  let line = 1;

  const fail = (message: string, at = pos): never => {
    let l = 1;
    let start = 0;
    for (let i = 0; i < at && i < text.length; i++) {
      if (text[i] === '\n') {
        l++;
        start = i + 1;
      }
    }
    throw new JsonSyntaxError(message, l, at - start + 1);
  };

  const skipWhitespace = (): void => {
    for (;;) {
      const c = text[pos];
      if (c === '\n') {
        line++;
      } else if (c !== ' ' && c !== '\t' && c !== '\r') {
        return;
      }
      pos++;
    }
  };

  const describe = (): string => (pos >= text.length ? 'end of file' : `"${text[pos]}"`);

  const parseString = (): string => {
    pos++; // opening quote
    let out = '';
    for (;;) {
      const c = text[pos];
      if (c === undefined) return fail('unterminated string');
      if (c === '"') {
        pos++;
        return out;
      }
      if (c === '\\') {
        const e = text[pos + 1];
        if (e === 'u') {
          const hex = text.slice(pos + 2, pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) return fail('bad \\u escape');
          out += String.fromCharCode(parseInt(hex, 16));
          pos += 6;
        } else {
          const mapped = e === undefined ? undefined : ESCAPES[e];
          if (mapped === undefined) return fail('bad escape in string');
          out += mapped;
          pos += 2;
        }
      } else if (c.charCodeAt(0) < 0x20) {
        return fail('line break or control character inside a string');
      } else {
        out += c;
        pos++;
      }
    }
  };

  const parseValue = (): JsonNode => {
    skipWhitespace();
    const valueLine = line;
    const c = text[pos];
    if (c === '{') {
      pos++;
      const members: JsonMember[] = [];
      skipWhitespace();
      if (text[pos] === '}') {
        pos++;
        return { kind: 'object', line: valueLine, members };
      }
      for (;;) {
        skipWhitespace();
        if (text[pos] !== '"') return fail(`expected a key in double quotes, found ${describe()}`);
        const keyLine = line;
        const key = parseString();
        skipWhitespace();
        if (text[pos] !== ':') return fail(`expected ":" after key "${key}", found ${describe()}`);
        pos++;
        members.push({ key, keyLine, value: parseValue() });
        skipWhitespace();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === '}') {
          pos++;
          return { kind: 'object', line: valueLine, members };
        }
        return fail(`expected "," or "}" after a member, found ${describe()}`);
      }
    }
    if (c === '[') {
      pos++;
      const items: JsonNode[] = [];
      skipWhitespace();
      if (text[pos] === ']') {
        pos++;
        return { kind: 'array', line: valueLine, items };
      }
      for (;;) {
        items.push(parseValue());
        skipWhitespace();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === ']') {
          pos++;
          return { kind: 'array', line: valueLine, items };
        }
        return fail(`expected "," or "]" after an item, found ${describe()}`);
      }
    }
    if (c === '"') return { kind: 'string', line: valueLine, value: parseString() };
    for (const [word, node] of [
      ['true', { kind: 'boolean', line: valueLine, value: true }],
      ['false', { kind: 'boolean', line: valueLine, value: false }],
      ['null', { kind: 'null', line: valueLine }],
    ] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return node;
      }
    }
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(text);
    if (m) {
      pos += m[0].length;
      return { kind: 'number', line: valueLine, text: m[0] };
    }
    return fail(`unexpected ${describe()}`);
  };

  const root = parseValue();
  skipWhitespace();
  if (pos < text.length) fail(`unexpected ${describe()} after the end of the document`);
  return root;
}

/** The line of the value at `path` (object keys and array indexes), or of its nearest existing ancestor. */
export function lineOfPath(root: JsonNode, path: readonly (string | number)[]): number {
  let node = root;
  for (const step of path) {
    if (node.kind === 'object' && typeof step === 'string') {
      const member = node.members.find((m) => m.key === step);
      if (!member) return node.line;
      node = member.value;
    } else if (node.kind === 'array' && typeof step === 'number') {
      const item = node.items[step];
      if (!item) return node.line;
      node = item;
    } else {
      return node.line;
    }
  }
  return node.line;
}
