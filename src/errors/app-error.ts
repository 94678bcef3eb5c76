import type { ErrorCode } from './messages.js';

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500;

export interface RowError {
  readonly code: ErrorCode;
  readonly row?: number;
  readonly field?: string;
  readonly params?: Record<string, unknown>;
}

/** The one error type services and routes throw; the app's onError turns it into `{ code, message, field?, row? }`. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: ErrorStatus;
  readonly field: string | undefined;
  readonly row: number | undefined;
  readonly params: Record<string, unknown>;
  /** Per-row problems of a rejected file (imports). */
  readonly errors: readonly RowError[] | undefined;

  constructor(
    code: ErrorCode,
    status: ErrorStatus,
    options: { field?: string; row?: number; params?: Record<string, unknown>; errors?: readonly RowError[] } = {},
  ) {
    super(code);
    this.name = 'AppError';
    this.code = code;
    this.status = status;
    this.field = options.field;
    this.row = options.row;
    this.params = options.params ?? {};
    this.errors = options.errors;
  }
}
