import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ROOT_URL } from './paths.js';

export interface Config {
  readonly port: number;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  /** Sign a session out after this many minutes without a request. */
  readonly sessionIdleMinutes: number;
  /** Seconds a resumed session is kept in memory before it is read again (0: read on every request). */
  readonly sessionCacheSeconds: number;
  /** Sign a session out after this many hours whatever happens. */
  readonly sessionMaxHours: number;
  /** Send the session cookie with `Secure` (set when served over HTTPS, e.g. behind a proxy). */
  readonly secureCookies: boolean;
  readonly logLevel: string;
  /** Load the demo county when the database has no region yet. */
  readonly loadDemo: boolean;
  readonly demoResidents: number;
  /** Folder with the built web app. */
  readonly webDir: string;
  /** Folder with province/county parameter override files (`*.json`; `*.example.json` are skipped). */
  readonly paramsDir: string;
  /** Calculator requests allowed per client address per minute. */
  readonly calcRateLimit: number;
  /** Rows a batch job (payroll, interest) handles per transaction: a crash loses at most one chunk's work. */
  readonly jobChunkSize: number;
  /**
   * Embedded database: time budget of one batch-job chunk in milliseconds (chunks sized to it, at most jobChunkSize),
   * so requests wait at most about that long; 0 for fixed chunks of jobChunkSize. Not used on PostgreSQL (the jobs
   * have their own connections there).
   */
  readonly jobSliceMs: number;
  /** Sign-in lock-out: wrong passwords from one address before the account is locked for that address. */
  readonly loginMaxFailures: number;
  /** Length of the first lock; each further wrong password after a lock ends doubles it. */
  readonly loginLockMinutes: number;
  /** The longest lock. */
  readonly loginMaxLockMinutes: number;
  /** Failed sign-ins (any user names) one client address may make in 10 minutes. */
  readonly loginAddressLimit: number;
  /**
   * Reverse proxies in front of the server: 0 (default) takes the client address from the TCP peer and
   * ignores `X-Forwarded-For`; N takes the address N hops back in `X-Forwarded-For` (the one the outermost
   * trusted proxy saw).
   */
  readonly trustProxyHops: number;
  /**
   * CJK font for PDFs: a .ttf/.otf, or a .ttc with the face after a colon ("file.ttc:NotoSansCJKsc-Regular").
   * Default: Debian's Noto Sans CJK where installed, else Noto Sans Hans from the npm package @embedpdf/fonts-sc.
   */
  readonly cjkFont: { readonly path: string; readonly family?: string };
  /**
   * Largest scanned document (PDF, JPEG, PNG) an archive record takes, in MB (`ARCHIVE_MAX_UPLOAD_MB`, default 10,
   * at most 12: the multipart body limit).
   */
  readonly archiveMaxUploadMb: number;
}

export class ConfigError extends Error {
  constructor(
    readonly code: 'CONFIG_INVALID',
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError('CONFIG_INVALID', name, `${name} must be an integer between ${min} and ${max}, got "${text}"`);
  }
  return n;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const text = env[name]?.toLowerCase();
  if (text === undefined || text === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(text)) return true;
  if (['0', 'false', 'no', 'off'].includes(text)) return false;
  throw new ConfigError('CONFIG_INVALID', name, `${name} must be true or false, got "${env[name]}"`);
}

/** Debian's fonts-noto-cjk: the preferred font for PDFs where it is installed. */
export const SYSTEM_CJK_FONT: Config['cjkFont'] = { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' };

/**
 * Noto Sans Hans Regular (OFL-1.1) shipped by the npm package @embedpdf/fonts-sc, a dependency: every character
 * of GB2312 and GBK (CJK Unified Ideographs U+4E00–9FA5 and Extension A). Undefined if the package is missing.
 */
export function packagedCjkFont(): Config['cjkFont'] | undefined {
  try {
    const entry = createRequire(import.meta.url).resolve('@embedpdf/fonts-sc');
    const path = join(dirname(entry), '..', 'fonts', 'NotoSansHans-Regular.otf');
    return existsSync(path) ? { path } : undefined;
  } catch {
    return undefined;
  }
}

/** The system's Noto Sans CJK where installed, else the font shipped through npm (else the system path, for the error). */
export function defaultCjkFont(system: Config['cjkFont'] = SYSTEM_CJK_FONT): Config['cjkFont'] {
  if (existsSync(system.path)) return system;
  return packagedCjkFont() ?? system;
}

function fontSetting(text: string | undefined): Config['cjkFont'] {
  if (!text) return defaultCjkFont();
  const at = text.lastIndexOf(':');
  return at > 1 ? { path: text.slice(0, at), family: text.slice(at + 1) } : { path: text };
}

/** Configuration from environment variables; CLI flags are applied on top by the caller. */
export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('CONFIG_INVALID', 'DATABASE_URL', 'DATABASE_URL must start with postgres:// or postgresql://');
  }
  return {
    port: integer(env, 'PORT', 3000, 1, 65535),
    dataDir: env.DATA_DIR || './data',
    databaseUrl,
    sessionIdleMinutes: integer(env, 'SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionMaxHours: integer(env, 'SESSION_MAX_HOURS', 12, 1, 24 * 7),
    sessionCacheSeconds: integer(env, 'SESSION_CACHE_SECONDS', 2, 0, 60),
    secureCookies: flag(env, 'SECURE_COOKIES', false),
    logLevel: env.LOG_LEVEL || 'info',
    loadDemo: flag(env, 'LOAD_DEMO', true),
    demoResidents: integer(env, 'DEMO_RESIDENTS', 25_000, 0, 10_000_000),
    webDir: env.WEB_DIR || new URL('dist/web', ROOT_URL).pathname,
    paramsDir: env.PARAMS_DIR || './params',
    calcRateLimit: integer(env, 'CALC_RATE_LIMIT', 60, 1, 100_000),
    jobChunkSize: integer(env, 'JOB_CHUNK_SIZE', 1000, 1, 100_000),
    jobSliceMs: integer(env, 'JOB_SLICE_MS', 40, 0, 60_000),
    cjkFont: fontSetting(env.CJK_FONT),
    ...loginSettings(env),
    trustProxyHops: integer(env, 'TRUST_PROXY', 0, 0, 10),
    archiveMaxUploadMb: integer(env, 'ARCHIVE_MAX_UPLOAD_MB', 10, 1, 12),
    ...overrides,
  };
}

function loginSettings(env: Env): Pick<Config, 'loginMaxFailures' | 'loginLockMinutes' | 'loginMaxLockMinutes' | 'loginAddressLimit'> {
  const loginLockMinutes = integer(env, 'LOGIN_LOCK_MINUTES', 15, 1, 24 * 60);
  const loginMaxLockMinutes = integer(env, 'LOGIN_MAX_LOCK_MINUTES', 24 * 60, 1, 30 * 24 * 60);
  if (loginMaxLockMinutes < loginLockMinutes) {
    throw new ConfigError('CONFIG_INVALID', 'LOGIN_MAX_LOCK_MINUTES', `LOGIN_MAX_LOCK_MINUTES (${loginMaxLockMinutes}) must not be less than LOGIN_LOCK_MINUTES (${loginLockMinutes})`);
  }
  return {
    loginMaxFailures: integer(env, 'LOGIN_MAX_FAILURES', 5, 1, 100),
    loginLockMinutes,
    loginMaxLockMinutes,
    loginAddressLimit: integer(env, 'LOGIN_ADDRESS_LIMIT', 30, 1, 100_000),
  };
}
