import { RuleError } from '../rules/errors.js';
import { AppError } from './app-error.js';
import { ERROR_MESSAGES, type ErrorCode } from './messages.js';

/** A policy-engine error as an API error (400, same code, the field named); other errors unchanged. */
export function fromRuleError(error: unknown): unknown {
  if (!(error instanceof RuleError)) return error;
  const code: ErrorCode = Object.hasOwn(ERROR_MESSAGES, error.code) ? (error.code as ErrorCode) : 'VALIDATION_FAILED';
  const params = { detail: error.message, ...error.params, ...(error.field !== undefined ? { field: error.field } : {}) };
  return new AppError(code, 400, { ...(error.field !== undefined ? { field: error.field } : {}), params });
}
