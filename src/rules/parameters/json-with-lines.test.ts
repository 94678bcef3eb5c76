import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, lineOfPath, parseJsonWithLines } from './json-with-lines.js';

const text = ['{', '  "a": [', '    1.50,', '    { "b": "x\\n" }', '  ],', '  "c": true', '}'].join('\n');

describe('JSON with line numbers', () => {
  it('keeps the line of every value and the source text of numbers', () => {
    const root = parseJsonWithLines(text);
    expect(lineOfPath(root, ['a'])).toBe(2);
    expect(lineOfPath(root, ['a', 0])).toBe(3);
    expect(lineOfPath(root, ['a', 1, 'b'])).toBe(4);
    expect(lineOfPath(root, ['c'])).toBe(6);
    expect(lineOfPath(root, ['a', 7])).toBe(2);
    expect(root.kind === 'object' && root.members[0]?.value.kind === 'array' && root.members[0].value.items[0]).toEqual({ kind: 'number', line: 3, text: '1.50' });
  });

  it.each([
    ['{\n  "a": 1,\n}', 3],
    ['{\n  "a": 1\n  "b": 2\n}', 3],
    ['{\n  "a": "x\n"\n}', 2],
    ['[1, 2]\nx', 2],
    ['\n\n{ a: 1 }', 3],
  ])('reports the line of a syntax error in %j', (bad, line) => {
    expect(() => parseJsonWithLines(bad)).toThrow(JsonSyntaxError);
    try {
      parseJsonWithLines(bad);
    } catch (error) {
      expect((error as JsonSyntaxError).line).toBe(line);
    }
  });

  it('parses what JSON.parse parses', () => {
    const sample = '{"x":[-0.5e3,"\\u4e2d\\t",null,false,{}],"y":{"z":[]}}';
    const toPlain = (n: ReturnType<typeof parseJsonWithLines>): unknown => {
      switch (n.kind) {
        case 'object':
          return Object.fromEntries(n.members.map((m) => [m.key, toPlain(m.value)]));
        case 'array':
          return n.items.map(toPlain);
        case 'number':
          return Number(n.text);
        case 'null':
          return null;
        default:
          return n.value;
      }
    };
    expect(toPlain(parseJsonWithLines(sample))).toEqual(JSON.parse(sample));
  });
});
