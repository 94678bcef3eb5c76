/**
 * County, province or national override files: JSON an operator edits, e.g. params/county-370783.json.
 *
 * {
 *   "scope": { "level": "county", "code": "370783", "name": "寿光市", "schemeStartDate": "2009-12-01" },
 *   "description": "optional free text",
 *   "parameters": {
 *     "localBasicPensionTopUp": [
 *       { "from": "2011-01-01", "value": "5.00",
 *         "source": { "number": "寿政发〔2011〕1号", "title": "…的通知", "titleEn": "Notice on …", "section": "第三条", "note": "…", "noteEn": "…" } }
 *     ]
 *   }
 * }
 *
 * `source` is the document as a form cites it (number, its own title, section, a note; the English fields for the
 * English pages) or one line of text, shown as written in both languages.
 * Amounts are yuan ("5.00" or 5), rates are percentages ("2.75%"), dates ISO, `to` (inclusive) optional.
 * Every problem is reported with its line and JSON path in one `ParameterFileError`.
 *
 * The national file (`"scope": { "level": "national", "code": "CN", "name": "全国" }`) adds newly announced
 * national values before a release, so it may set national-only parameters too, and it may record the day
 * tables were last reviewed: `"reviewedOn": { "centralBasicPension": "2027-03-10" }`.
 */
import { ParameterFileError, type ParameterFileIssue } from '../errors.js';
import type { ParameterSource } from '../explanation.js';
import { decodeIsoDate, decodeObject, decodeString, objectMembers, type DecodeContext, type Decoder } from './decoders.js';
import { isParameterName, PARAMETER_DEFINITIONS, PARAMETER_NAMES } from './definitions.js';
import { JsonSyntaxError, parseJsonWithLines, type JsonNode } from './json-with-lines.js';
import type { IsoDate } from '../dates.js';
import type { DatedEntry, ParameterLayer, ParameterName, ParameterTables } from './types.js';

const TOP_KEYS = ['scope', 'description', 'reviewedOn', 'parameters'] as const;
const SCOPE_KEYS = ['level', 'code', 'name', 'schemeStartDate'] as const;
const ENTRY_KEYS = ['from', 'to', 'value', 'source'] as const;

interface SourceFields {
  readonly number?: string;
  readonly title?: string;
  readonly titleEn?: string;
  readonly section?: string;
  readonly sectionEn?: string;
  readonly note?: string;
  readonly noteEn?: string;
}
const optionalString = { decode: decodeString, optional: true } as const;
const decodeSourceFields = decodeObject<SourceFields>({
  number: optionalString,
  title: optionalString,
  titleEn: optionalString,
  section: optionalString,
  sectionEn: optionalString,
  note: optionalString,
  noteEn: optionalString,
});

/** A source as one line of text (shown as written) or as a document: number, title, section, note. */
const decodeSource: Decoder<readonly ParameterSource[]> = (node, path, ctx) => {
  if (node.kind === 'string') {
    const line = decodeString(node, path, ctx);
    return line === undefined ? undefined : [{ note: { 'zh-CN': line, en: line } }];
  }
  const f = decodeSourceFields(node, path, ctx);
  if (!f) return undefined;
  if (!f.number && !f.title && !f.note) {
    ctx.issue('MISSING_KEY', node.line, path, 'a source needs at least a number, a title or a note');
    return undefined;
  }
  const both = (zh: string | undefined, en: string | undefined) => (zh === undefined ? undefined : { 'zh-CN': zh, en: en ?? zh });
  const title = both(f.title, f.titleEn);
  const section = both(f.section, f.sectionEn);
  const note = both(f.note, f.noteEn);
  return [{ ...(f.number ? { number: f.number } : {}), ...(title ? { title } : {}), ...(section ? { section } : {}), ...(note ? { note } : {}) }];
};

export function parseParameterOverrides(jsonText: string, fileName: string): ParameterLayer {
  const issues: ParameterFileIssue[] = [];
  const ctx: DecodeContext = { issue: (code, line, path, message) => issues.push({ code, line, path, message }) };
  let root: JsonNode;
  try {
    root = parseJsonWithLines(jsonText);
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      throw new ParameterFileError(fileName, [{ code: 'JSON_SYNTAX', line: error.line, path: '', message: error.message }]);
    }
    throw error;
  }
  const top = objectMembers(root, '', ctx, TOP_KEYS);
  const scope = top ? decodeScope(top.get('scope'), root.line, ctx) : undefined;
  const description = top?.get('description');
  if (description) decodeString(description, 'description', ctx);
  const parametersNode = top?.get('parameters');
  if (top && !parametersNode) ctx.issue('MISSING_KEY', root.line, 'parameters', 'missing key "parameters"');
  // The level as written, so a national file with another scope error is not also told it may not set national items.
  const scopeNode = top?.get('scope');
  const levelNode = scopeNode?.kind === 'object' ? scopeNode.members.find((m) => m.key === 'level')?.value : undefined;
  const national = levelNode?.kind === 'string' && levelNode.value === 'national';
  const tables = parametersNode ? decodeTables(parametersNode, national, ctx) : undefined;
  const reviewedNode = top?.get('reviewedOn');
  const reviewedOn = reviewedNode ? decodeReviewedOn(reviewedNode, national, top ? keyLineOf(root, 'reviewedOn') : reviewedNode.line, ctx) : undefined;

  if (issues.length > 0 || !scope || !tables) {
    throw new ParameterFileError(fileName, [...issues].sort((a, b) => a.line - b.line));
  }
  return { ...scope, tables, ...(reviewedOn ? { reviewedOn } : {}) };
}

function keyLineOf(node: JsonNode, key: string): number {
  return (node.kind === 'object' ? node.members.find((m) => m.key === key)?.keyLine : undefined) ?? node.line;
}

/** `{ "<parameter>": "<ISO date>" }`, in the national file only. */
function decodeReviewedOn(
  node: JsonNode,
  national: boolean,
  keyLine: number,
  ctx: DecodeContext,
): Partial<Record<ParameterName, IsoDate>> | undefined {
  if (!national) {
    ctx.issue('UNKNOWN_KEY', keyLine, 'reviewedOn', 'reviewedOn records reviews of national tables: only the national file (level "national") may set it');
    return undefined;
  }
  const members = objectMembers(node, 'reviewedOn', ctx, undefined);
  if (!members || node.kind !== 'object') return undefined;
  const out: Partial<Record<ParameterName, IsoDate>> = {};
  for (const [name, dateNode] of members) {
    const path = `reviewedOn.${name}`;
    if (!isParameterName(name)) {
      ctx.issue('UNKNOWN_PARAMETER', keyLineOf(node, name), path, `unknown parameter "${name}" (known: ${PARAMETER_NAMES.join(', ')})`);
      continue;
    }
    const date = decodeIsoDate(dateNode, path, ctx);
    if (date !== undefined) out[name] = date;
  }
  return out;
}

function decodeScope(
  node: JsonNode | undefined,
  rootLine: number,
  ctx: DecodeContext,
): Omit<ParameterLayer, 'tables'> | undefined {
  if (!node) {
    ctx.issue('MISSING_KEY', rootLine, 'scope', 'missing key "scope"');
    return undefined;
  }
  const members = objectMembers(node, 'scope', ctx, SCOPE_KEYS);
  if (!members) return undefined;
  const levelNode = members.get('level');
  const codeNode = members.get('code');
  const nameNode = members.get('name');
  const startNode = members.get('schemeStartDate');
  if (!levelNode || !codeNode || !nameNode) {
    for (const [key, present] of [['level', levelNode], ['code', codeNode], ['name', nameNode]] as const) {
      if (!present) ctx.issue('MISSING_KEY', node.line, `scope.${key}`, `missing key "${key}"`);
    }
    return undefined;
  }
  const level = levelNode.kind === 'string' ? levelNode.value : undefined;
  if (level !== 'county' && level !== 'province' && level !== 'national') {
    ctx.issue('INVALID_VALUE', levelNode.line, 'scope.level', 'level must be "county", "province" or "national"');
    return undefined;
  }
  const code = codeNode.kind === 'string' ? codeNode.value : '';
  if (level === 'national') {
    if (code !== 'CN') {
      ctx.issue('INVALID_VALUE', codeNode.line, 'scope.code', 'the national code is "CN"');
      return undefined;
    }
    if (startNode) {
      ctx.issue('UNKNOWN_KEY', startNode.line, 'scope.schemeStartDate', 'the scheme start date belongs to a province or county file');
      return undefined;
    }
  } else if (!new RegExp(`^\\d{${level === 'county' ? 6 : 2}}$`).test(code)) {
    ctx.issue('INVALID_VALUE', codeNode.line, 'scope.code', `a ${level} code has ${level === 'county' ? 6 : 2} digits, as a string`);
    return undefined;
  }
  const name = decodeString(nameNode, 'scope.name', ctx);
  const schemeStartDate = startNode ? decodeIsoDate(startNode, 'scope.schemeStartDate', ctx) : undefined;
  if (name === undefined || (startNode && schemeStartDate === undefined)) return undefined;
  return { level, code, name, ...(schemeStartDate === undefined ? {} : { schemeStartDate }) };
}

function decodeTables(node: JsonNode, national: boolean, ctx: DecodeContext): ParameterTables | undefined {
  const members = objectMembers(node, 'parameters', ctx, undefined);
  if (!members || node.kind !== 'object') return undefined;
  const tables: Partial<Record<ParameterName, readonly DatedEntry<unknown>[]>> = {};
  let failed = false;
  for (const [name, tableNode] of members) {
    const path = `parameters.${name}`;
    const keyLine = node.members.find((m) => m.key === name)?.keyLine ?? tableNode.line;
    if (!isParameterName(name)) {
      ctx.issue('UNKNOWN_PARAMETER', keyLine, path, `unknown parameter "${name}" (known: ${PARAMETER_NAMES.join(', ')})`);
      failed = true;
      continue;
    }
    if (!national && !PARAMETER_DEFINITIONS[name].overridable) {
      ctx.issue('NOT_OVERRIDABLE', keyLine, path, `${name} is set nationally and cannot be overridden locally`);
      failed = true;
      continue;
    }
    const entries = decodeEntries(name, tableNode, path, ctx);
    if (entries) tables[name] = entries;
    else failed = true;
  }
  // Each table was decoded by its own parameter's decoder, so the per-name value types hold.
  return failed ? undefined : (tables as ParameterTables);
}

function decodeEntries(name: ParameterName, node: JsonNode, path: string, ctx: DecodeContext): DatedEntry<unknown>[] | undefined {
  if (node.kind !== 'array' || node.items.length === 0) {
    ctx.issue('WRONG_TYPE', node.line, path, 'expected a non-empty list of { from, to?, value, source }');
    return undefined;
  }
  const decodeValue = PARAMETER_DEFINITIONS[name].decode as (n: JsonNode, p: string, c: DecodeContext) => unknown;
  const entries: DatedEntry<unknown>[] = [];
  let failed = false;
  node.items.forEach((item, i) => {
    const itemPath = `${path}[${i}]`;
    const members = objectMembers(item, itemPath, ctx, ENTRY_KEYS);
    if (!members) {
      failed = true;
      return;
    }
    for (const key of ['from', 'value', 'source'] as const) {
      if (!members.has(key)) ctx.issue('MISSING_KEY', item.line, `${itemPath}.${key}`, `missing key "${key}"`);
    }
    const fromNode = members.get('from');
    const toNode = members.get('to');
    const valueNode = members.get('value');
    const sourceNode = members.get('source');
    const from = fromNode && decodeIsoDate(fromNode, `${itemPath}.from`, ctx);
    const to = toNode && decodeIsoDate(toNode, `${itemPath}.to`, ctx);
    const value = valueNode && decodeValue(valueNode, `${itemPath}.value`, ctx);
    const source = sourceNode && decodeSource(sourceNode, `${itemPath}.source`, ctx);
    if (from === undefined || value === undefined || source === undefined || (toNode && to === undefined)) {
      failed = true;
      return;
    }
    if (to !== undefined && to < from) {
      ctx.issue('DATE_ORDER', toNode?.line ?? item.line, `${itemPath}.to`, `"to" ${to} is before "from" ${from}`);
      failed = true;
      return;
    }
    const previous = entries[entries.length - 1];
    if (previous && from <= previous.from) {
      ctx.issue('DATE_ORDER', fromNode?.line ?? item.line, `${itemPath}.from`, `entries must be in date order: ${from} is not after ${previous.from}`);
      failed = true;
    } else if (previous?.to !== undefined && from <= previous.to) {
      ctx.issue('OVERLAP', fromNode?.line ?? item.line, `${itemPath}.from`, `${from} overlaps the previous entry, which runs to ${previous.to}`);
      failed = true;
    }
    entries.push({ from, ...(to === undefined ? {} : { to }), value, source });
  });
  return failed ? undefined : entries;
}
