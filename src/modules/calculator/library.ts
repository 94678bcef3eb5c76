/**
 * The parameter sets the calculator (and later the ledger) can use: the national defaults, plus every
 * national, province or county override file in a folder (`PARAMS_DIR`, default ./params). The national
 * file (scope level "national", code "CN") stacks over the built-in defaults in every scope. Files named
 * `*.example.json` are examples and are not loaded. A file with an error stops the load with its line.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AppError } from '../../errors/app-error.js';
import {
  buildParameterSet,
  NATIONAL_PARAMETERS,
  parseParameterOverrides,
  RuleError,
  type IsoDate,
  type ParameterLayer,
  type ParameterSet,
} from '../../rules/index.js';

export type ScopeLevel = 'national' | 'province' | 'county';

export interface ParameterScope {
  /** `CN`, a 2-digit province code or a 6-digit county code. */
  readonly code: string;
  readonly level: ScopeLevel;
  readonly name: string;
  readonly schemeStartDate?: IsoDate;
  /** The files whose layers make this scope (most specific first); empty for the built-in national defaults alone. */
  readonly files: readonly string[];
  readonly parameters: ParameterSet;
}

export interface ParameterLibrary {
  readonly scopes: readonly ParameterScope[];
  /** The scope for a code (`CN` or omitted: national); `CALC_SCOPE_UNKNOWN` when there is no such file. */
  scope(code?: string): ParameterScope;
  /** The parameters that govern a county: its own file, else its province's, else the national defaults. */
  forCounty(countyCode: string): ParameterScope;
}

export const NATIONAL_SCOPE: ParameterScope = {
  code: 'CN',
  level: 'national',
  name: '全国默认参数',
  files: [],
  parameters: NATIONAL_PARAMETERS,
};

export interface LoadedLayer {
  readonly file: string;
  readonly layer: ParameterLayer;
}

export function readParameterFile(path: string): LoadedLayer {
  const file = basename(path);
  return { file, layer: parseParameterOverrides(readFileSync(path, 'utf8'), file) };
}

/** Every `*.json` (not `*.example.json`) in `dir`, sorted by name; none when the folder does not exist. */
export function readParameterDir(dir: string): LoadedLayer[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.example.json'))
    .sort()
    .map((f) => readParameterFile(join(dir, f)));
}

/** `national` replaces the built-in defaults (tests use it for an old review date). */
export function buildParameterLibrary(loaded: readonly LoadedLayer[], national?: ParameterLayer): ParameterLibrary {
  const nationals = new Map<string, LoadedLayer>();
  const provinces = new Map<string, LoadedLayer>();
  const counties = new Map<string, LoadedLayer>();
  for (const item of loaded) {
    const target = item.layer.level === 'national' ? nationals : item.layer.level === 'province' ? provinces : counties;
    const other = target.get(item.layer.code);
    if (other) {
      throw new RuleError('PARAM_LAYER_INVALID', `${item.file} and ${other.file} both set parameters for ${item.layer.code}`, {
        params: { code: item.layer.code, fileName: item.file },
      });
    }
    target.set(item.layer.code, item);
  }
  const nationalFile = nationals.get('CN');
  const base = {
    ...(national ? { national } : {}),
    ...(nationalFile ? { nationalOverride: nationalFile.layer } : {}),
  };
  const nationalFiles = nationalFile ? [nationalFile.file] : [];
  const nationalScope: ParameterScope =
    nationalFile || national ? { ...NATIONAL_SCOPE, files: nationalFiles, parameters: buildParameterSet(base) } : NATIONAL_SCOPE;
  const scopes: ParameterScope[] = [nationalScope];
  for (const p of [...provinces.values()].sort((a, b) => a.layer.code.localeCompare(b.layer.code))) {
    scopes.push({
      code: p.layer.code,
      level: 'province',
      name: p.layer.name,
      ...(p.layer.schemeStartDate ? { schemeStartDate: p.layer.schemeStartDate } : {}),
      files: [p.file, ...nationalFiles],
      parameters: buildParameterSet({ ...base, province: p.layer }),
    });
  }
  for (const c of [...counties.values()].sort((a, b) => a.layer.code.localeCompare(b.layer.code))) {
    const province = provinces.get(c.layer.code.slice(0, 2));
    const start = c.layer.schemeStartDate ?? province?.layer.schemeStartDate;
    scopes.push({
      code: c.layer.code,
      level: 'county',
      name: c.layer.name,
      ...(start ? { schemeStartDate: start } : {}),
      files: [c.file, ...(province ? [province.file] : []), ...nationalFiles],
      parameters: buildParameterSet({ ...base, county: c.layer, ...(province ? { province: province.layer } : {}) }),
    });
  }
  const byCode = new Map(scopes.map((s) => [s.code, s]));
  return {
    scopes,
    forCounty(countyCode) {
      return byCode.get(countyCode) ?? byCode.get(countyCode.slice(0, 2)) ?? nationalScope;
    },
    scope(code) {
      const found = byCode.get(code === undefined || code === '' ? 'CN' : code);
      if (!found) {
        throw new AppError('CALC_SCOPE_UNKNOWN', 400, { field: 'scope', params: { value: code ?? '', known: scopes.map((s) => s.code).join(', ') } });
      }
      return found;
    },
  };
}

export function loadParameterLibrary(dir: string, extraFiles: readonly string[] = []): ParameterLibrary {
  return buildParameterLibrary([...readParameterDir(dir), ...extraFiles.map(readParameterFile)]);
}
