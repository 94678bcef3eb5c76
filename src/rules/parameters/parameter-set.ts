/**
 * Layered lookup "as of" a date: county override ← province override ← national override file ← national
 * defaults. A layer that has no entry in force on the date (none yet, or its entry has ended) falls through
 * to the next one.
 */
import { RuleError } from '../errors.js';
import { addDays, parseIsoDate, type IsoDate } from '../dates.js';
import { sourcesText, type LocalizedText, type ParameterCitation, type ParameterLevel, type ParameterSource } from '../explanation.js';
import { PARAMETER_DEFINITIONS, PARAMETER_NAMES } from './definitions.js';
import { NATIONAL_DEFAULTS } from './national-defaults.js';
import type { DatedEntry, ParameterLayer, ParameterName, ParameterValues } from './types.js';

export interface ParameterSet {
  /** Most specific first; the national layer is last. */
  readonly layers: readonly ParameterLayer[];
}

export interface ResolvedParameter<K extends ParameterName> {
  readonly name: K;
  readonly value: ParameterValues[K];
  readonly from: IsoDate;
  readonly to?: IsoDate;
  readonly source: readonly ParameterSource[];
  readonly level: ParameterLevel;
  readonly layerCode: string;
  readonly citation: ParameterCitation;
}

export interface ParameterSegment<K extends ParameterName> {
  /** First and last day (inclusive) on which `parameter` is the value in force. */
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly parameter: ResolvedParameter<K>;
}

function layerError(message: string, params: Record<string, string> = {}): RuleError {
  return new RuleError('PARAM_LAYER_INVALID', message, { params });
}

/**
 * Stack override layers on the national defaults, checking that they fit together. `nationalOverride` (the
 * national file in PARAMS_DIR) adds newly announced national values, national-only ones included; its entries
 * take over from their date on.
 */
export function buildParameterSet(
  layers: { national?: ParameterLayer; nationalOverride?: ParameterLayer; province?: ParameterLayer; county?: ParameterLayer } = {},
): ParameterSet {
  const national = layers.national ?? NATIONAL_DEFAULTS;
  const { nationalOverride, province, county } = layers;
  if (national.level !== 'national') throw layerError('the national layer must have level "national"');
  if (nationalOverride && (nationalOverride.level !== 'national' || nationalOverride.code !== 'CN')) {
    throw layerError(`layer ${nationalOverride.code} is not national (level "national", code "CN")`, { code: nationalOverride.code });
  }
  if (province && (province.level !== 'province' || province.code.length !== 2)) {
    throw layerError(`layer ${province.code} is not a province (level "province", 2-digit code)`, { code: province.code });
  }
  if (county && (county.level !== 'county' || county.code.length !== 6)) {
    throw layerError(`layer ${county.code} is not a county (level "county", 6-digit code)`, { code: county.code });
  }
  if (province && county && !county.code.startsWith(province.code)) {
    throw layerError(`county ${county.code} is not in province ${province.code}`, { county: county.code, province: province.code });
  }
  for (const name of PARAMETER_NAMES) {
    if (!national.tables[name]?.length) throw layerError(`the national layer has no entry for ${name}`, { name });
    for (const layer of [province, county]) {
      if (layer?.tables[name] && !PARAMETER_DEFINITIONS[name].overridable) {
        throw layerError(`${name} is set nationally and cannot be overridden by ${layer.code}`, { name, code: layer.code });
      }
    }
  }
  return { layers: [county, province, nationalOverride, national].filter((l): l is ParameterLayer => l !== undefined) };
}

/** The national defaults alone. */
export const NATIONAL_PARAMETERS: ParameterSet = buildParameterSet();

function entryInForce<T>(entries: readonly DatedEntry<T>[] | undefined, date: IsoDate): DatedEntry<T> | undefined {
  let found: DatedEntry<T> | undefined;
  for (const entry of entries ?? []) {
    if (entry.from <= date && (entry.to === undefined || date <= entry.to) && (!found || entry.from > found.from)) found = entry;
  }
  return found;
}

export function parameterAsOf<K extends ParameterName>(set: ParameterSet, name: K, date: IsoDate): ResolvedParameter<K> {
  // A batch asks for the same few values once per person (payroll, interest): the resolved value (citation text
  // included) is kept per set, name and day. A set is never changed once built; the cache goes with the set.
  let cache = resolvedCache.get(set);
  if (!cache) resolvedCache.set(set, (cache = new Map()));
  const key = `${name}|${date}`;
  const hit = cache.get(key);
  if (hit) return hit as ResolvedParameter<K>;
  const resolved = resolveParameter(set, name, date);
  if (cache.size >= RESOLVED_CACHE_LIMIT) cache.clear();
  cache.set(key, resolved);
  return resolved;
}

/** Resolved parameters kept per set (see parameterAsOf); at most this many per set. */
const RESOLVED_CACHE_LIMIT = 20_000;
const resolvedCache = new WeakMap<ParameterSet, Map<string, ResolvedParameter<ParameterName>>>();

function resolveParameter<K extends ParameterName>(set: ParameterSet, name: K, date: IsoDate): ResolvedParameter<K> {
  parseIsoDate(date, 'asOf');
  for (const layer of set.layers) {
    const entries = layer.tables[name] as readonly DatedEntry<ParameterValues[K]>[] | undefined;
    const entry = entryInForce(entries, date);
    if (!entry) continue;
    const definition = PARAMETER_DEFINITIONS[name];
    const describe = definition.describe as (value: ParameterValues[K]) => LocalizedText;
    const citation: ParameterCitation = {
      name,
      label: definition.title,
      value: describe(entry.value),
      source: sourcesText(entry.source),
      from: entry.from,
      ...(entry.to === undefined ? {} : { to: entry.to }),
      level: layer.level,
    };
    return {
      name,
      value: entry.value,
      from: entry.from,
      ...(entry.to === undefined ? {} : { to: entry.to }),
      source: entry.source,
      level: layer.level,
      layerCode: layer.code,
      citation,
    };
  }
  throw new RuleError('PARAM_NOT_IN_FORCE', `no value of ${name} is in force on ${date}`, { field: name, params: { name, date } });
}

/** The values of a parameter over [from, to], split wherever any layer's entry starts or ends. */
export function parameterSegments<K extends ParameterName>(
  set: ParameterSet,
  name: K,
  from: IsoDate,
  to: IsoDate,
): ParameterSegment<K>[] {
  if (to < from) throw new RuleError('DATE_ORDER', `${to} is before ${from}`, { params: { from, to } });
  const starts = new Set<IsoDate>([from]);
  for (const layer of set.layers) {
    for (const entry of layer.tables[name] ?? []) {
      if (entry.from > from && entry.from <= to) starts.add(entry.from);
      if (entry.to !== undefined) {
        const after = addDays(entry.to, 1);
        if (after > from && after <= to) starts.add(after);
      }
    }
  }
  const sorted = [...starts].sort();
  const segments: ParameterSegment<K>[] = [];
  sorted.forEach((start, i) => {
    const next = sorted[i + 1];
    const parameter = parameterAsOf(set, name, start);
    const end = next === undefined ? to : addDays(next, -1);
    const last = segments[segments.length - 1];
    if (last && last.parameter.from === parameter.from && last.parameter.layerCode === parameter.layerCode) {
      segments[segments.length - 1] = { from: last.from, to: end, parameter: last.parameter };
    } else {
      segments.push({ from: start, to: end, parameter });
    }
  });
  return segments;
}
