import type { MiddlewareHandler } from 'hono';
import { AppError } from '../../errors/app-error.js';
import type { AppEnv } from '../context.js';

export interface RateLimitOptions {
  readonly windowMs: number;
  readonly max: number;
  /** What is counted: by default the client address. */
  readonly key?: (c: Parameters<MiddlewareHandler<AppEnv>>[0]) => string;
  /** Count only responses with these statuses (e.g. failed sign-ins); by default every request. */
  readonly countStatuses?: readonly number[];
}

/**
 * Fixed-window request counter per key, in this process's memory. Enough for one server (the
 * embedded deployment); a cluster would count in the database.
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<AppEnv> {
  const windows = new Map<string, { start: number; count: number }>();
  return async (c, next) => {
    const now = Date.now();
    const key = options.key ? options.key(c) : (c.var.ip ?? 'unknown');
    let window = windows.get(key);
    if (!window || now - window.start >= options.windowMs) {
      if (windows.size > 10_000) for (const [k, w] of windows) if (now - w.start >= options.windowMs) windows.delete(k);
      window = { start: now, count: 0 };
      windows.set(key, window);
    }
    if (window.count >= options.max) {
      const seconds = Math.ceil((window.start + options.windowMs - now) / 1000);
      c.header('Retry-After', String(seconds));
      throw new AppError('RATE_LIMITED', 429, { params: { seconds } });
    }
    if (!options.countStatuses) window.count += 1;
    try {
      await next();
    } finally {
      if (options.countStatuses?.includes(c.res.status)) window.count += 1;
    }
  };
}
