/**
 * Decoders from located JSON nodes to typed parameter values. A decoder returns `undefined` after
 * recording an issue (with the node's line and JSON path), so one pass reports every problem in a file.
 */
import type { ParameterFileIssue } from '../errors.js';
import { RuleError } from '../errors.js';
import { isIsoDate, parseMonthDay, type IsoDate, type MonthDay } from '../dates.js';
import { parseYuan, type Fen } from '../money.js';
import { compareRates, parseRate, type Rate } from '../rate.js';
import type { JsonNode } from './json-with-lines.js';

export interface DecodeContext {
  issue(code: ParameterFileIssue['code'], line: number, path: string, message: string): void;
}

export type Decoder<T> = (node: JsonNode, path: string, ctx: DecodeContext) => T | undefined;

const KIND_NAMES: Readonly<Record<JsonNode['kind'], string>> = {
  object: 'an object',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  boolean: 'true/false',
  null: 'null',
};

function wrongType(node: JsonNode, path: string, ctx: DecodeContext, expected: string): undefined {
  ctx.issue('WRONG_TYPE', node.line, path, `expected ${expected}, found ${KIND_NAMES[node.kind]}`);
  return undefined;
}

function ruleMessage(error: unknown): string {
  return error instanceof RuleError ? error.message : String(error);
}

/** A yuan amount written as a string ("12.30") or a number (12.3), ≥ 0. */
export const decodeMoney: Decoder<Fen> = (node, path, ctx) => {
  if (node.kind !== 'string' && node.kind !== 'number') return wrongType(node, path, ctx, 'an amount in yuan such as "30.00"');
  const text = node.kind === 'string' ? node.value : node.text;
  try {
    const fen = parseYuan(text, path);
    if (fen < 0) {
      ctx.issue('INVALID_VALUE', node.line, path, `amount ${text} must not be negative`);
      return undefined;
    }
    return fen;
  } catch (error) {
    ctx.issue('INVALID_VALUE', node.line, path, ruleMessage(error));
    return undefined;
  }
};

const ZERO: Rate = { num: 0n, den: 1n };
const ONE: Rate = { num: 1n, den: 1n };

/** A percentage string between 0% and 100%. */
export const decodeRate: Decoder<Rate> = (node, path, ctx) => {
  if (node.kind !== 'string') return wrongType(node, path, ctx, 'a percentage such as "2.75%"');
  try {
    const rate = parseRate(node.value, path);
    if (compareRates(rate, ZERO) < 0 || compareRates(rate, ONE) > 0) {
      ctx.issue('INVALID_VALUE', node.line, path, `${node.value} must be between 0% and 100%`);
      return undefined;
    }
    return rate;
  } catch (error) {
    ctx.issue('INVALID_VALUE', node.line, path, ruleMessage(error));
    return undefined;
  }
};

export const decodeBoolean: Decoder<boolean> = (node, path, ctx) =>
  node.kind === 'boolean' ? node.value : wrongType(node, path, ctx, 'true or false');

export const decodeString: Decoder<string> = (node, path, ctx) => {
  if (node.kind !== 'string') return wrongType(node, path, ctx, 'a string');
  if (node.value.trim() === '') {
    ctx.issue('INVALID_VALUE', node.line, path, 'must not be empty');
    return undefined;
  }
  return node.value;
};

export const decodeIsoDate: Decoder<IsoDate> = (node, path, ctx) => {
  if (node.kind !== 'string') return wrongType(node, path, ctx, 'a date "YYYY-MM-DD"');
  if (!isIsoDate(node.value)) {
    ctx.issue('INVALID_DATE', node.line, path, `"${node.value}" is not a calendar date YYYY-MM-DD`);
    return undefined;
  }
  return node.value;
};

export const decodeMonthDay: Decoder<MonthDay> = (node, path, ctx) => {
  if (node.kind !== 'string') return wrongType(node, path, ctx, 'a month-day "MM-DD"');
  try {
    parseMonthDay(node.value, path);
    return node.value;
  } catch (error) {
    ctx.issue('INVALID_DATE', node.line, path, ruleMessage(error));
    return undefined;
  }
};

export function decodeInteger(min: number, max: number): Decoder<number> {
  return (node, path, ctx) => {
    if (node.kind !== 'number') return wrongType(node, path, ctx, `a whole number from ${min} to ${max}`);
    const value = Number(node.text);
    if (!/^-?\d+$/.test(node.text) || value < min || value > max) {
      ctx.issue('INVALID_VALUE', node.line, path, `${node.text} is not a whole number from ${min} to ${max}`);
      return undefined;
    }
    return value;
  };
}

export function decodeEnum<T extends string>(values: readonly T[]): Decoder<T> {
  return (node, path, ctx) => {
    if (node.kind !== 'string') return wrongType(node, path, ctx, `one of ${values.join(', ')}`);
    if (!(values as readonly string[]).includes(node.value)) {
      ctx.issue('INVALID_VALUE', node.line, path, `"${node.value}" is not one of ${values.join(', ')}`);
      return undefined;
    }
    return node.value as T;
  };
}

export function decodeArray<T>(item: Decoder<T>, options: { minItems?: number } = {}): Decoder<readonly T[]> {
  return (node, path, ctx) => {
    if (node.kind !== 'array') return wrongType(node, path, ctx, 'a list');
    if (node.items.length < (options.minItems ?? 0)) {
      ctx.issue('INVALID_VALUE', node.line, path, `needs at least ${options.minItems} item(s)`);
      return undefined;
    }
    const out: T[] = [];
    let failed = false;
    node.items.forEach((child, i) => {
      const value = item(child, `${path}[${i}]`, ctx);
      if (value === undefined) failed = true;
      else out.push(value);
    });
    return failed ? undefined : out;
  };
}

/** Members of an object node, reporting duplicate and unknown keys. */
export function objectMembers(
  node: JsonNode,
  path: string,
  ctx: DecodeContext,
  allowedKeys: readonly string[] | undefined,
): Map<string, JsonNode> | undefined {
  if (node.kind !== 'object') return wrongType(node, path, ctx, 'an object');
  const members = new Map<string, JsonNode>();
  for (const member of node.members) {
    const memberPath = path === '' ? member.key : `${path}.${member.key}`;
    if (members.has(member.key)) {
      ctx.issue('DUPLICATE_KEY', member.keyLine, memberPath, `key "${member.key}" appears twice`);
    } else if (allowedKeys && !allowedKeys.includes(member.key)) {
      ctx.issue('UNKNOWN_KEY', member.keyLine, memberPath, `unknown key "${member.key}" (expected ${allowedKeys.join(', ')})`);
    } else {
      members.set(member.key, member.value);
    }
  }
  return members;
}

type FieldSpec<T> = { readonly [K in keyof T]-?: { readonly decode: Decoder<NonNullable<T[K]>>; readonly optional?: boolean } };

/** An object with exactly the given fields (optional ones may be absent). */
export function decodeObject<T>(spec: FieldSpec<T>): Decoder<T> {
  const keys = Object.keys(spec) as (keyof T & string)[];
  return (node, path, ctx) => {
    const members = objectMembers(node, path, ctx, keys);
    if (!members) return undefined;
    const out: Partial<Record<keyof T, unknown>> = {};
    let failed = false;
    for (const key of keys) {
      const field = spec[key];
      const child = members.get(key);
      const childPath = path === '' ? key : `${path}.${key}`;
      if (child === undefined) {
        if (!field.optional) {
          ctx.issue('MISSING_KEY', node.line, childPath, `missing key "${key}"`);
          failed = true;
        }
        continue;
      }
      const value = field.decode(child, childPath, ctx);
      if (value === undefined) failed = true;
      else out[key] = value;
    }
    return failed ? undefined : (out as T);
  };
}

/** An object whose keys come from `keys` (all optional) and whose values share one decoder. */
export function decodePartialRecord<K extends string, V>(keys: readonly K[], value: Decoder<V>): Decoder<Partial<Record<K, V>>> {
  return (node, path, ctx) => {
    const members = objectMembers(node, path, ctx, keys);
    if (!members) return undefined;
    const out: Partial<Record<K, V>> = {};
    let failed = false;
    for (const [key, child] of members) {
      const decoded = value(child, `${path}.${key}`, ctx);
      if (decoded === undefined) failed = true;
      else out[key as K] = decoded;
    }
    return failed ? undefined : out;
  };
}

/** Add a check on a decoded value; `check` returns a message when the value is wrong. */
export function refine<T>(decoder: Decoder<T>, check: (value: T) => string | undefined): Decoder<T> {
  return (node, path, ctx) => {
    const value = decoder(node, path, ctx);
    if (value === undefined) return undefined;
    const problem = check(value);
    if (problem === undefined) return value;
    ctx.issue('INVALID_VALUE', node.line, path, problem);
    return undefined;
  };
}
