import { bodyLimit } from 'hono/body-limit';
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../../errors/app-error.js';
import type { AppEnv } from '../context.js';

/** An uploaded file (multipart form): the largest spreadsheet an office sends is a few MB. */
export const MAX_UPLOAD_BYTES = 12 * 1024 * 1024;
/** Any other request body (JSON): the largest, a bulk decision on thousands of ids, is well under this. */
export const MAX_JSON_BYTES = 2 * 1024 * 1024;

function megabytes(bytes: number): string {
  return `${bytes / 1024 / 1024} MB`;
}

/**
 * Request bodies are counted while they arrive, with or without Content-Length (chunked transfer encoding
 * included): past the limit the request is refused with 413 FILE_TOO_LARGE before anything parses it.
 */
export function bodyLimits(): MiddlewareHandler<AppEnv> {
  const limited = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new AppError('FILE_TOO_LARGE', 413, { field: 'file', params: { max: megabytes(maxSize) } });
      },
    });
  const upload = limited(MAX_UPLOAD_BYTES);
  const json = limited(MAX_JSON_BYTES);
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const multipart = (c.req.header('content-type') ?? '').toLowerCase().startsWith('multipart/form-data');
    return (multipart ? upload : json)(c, next);
  };
}
