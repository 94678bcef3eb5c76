import { AppError } from './app-error.js';
import type { ErrorCode } from './messages.js';

/**
 * What a unique constraint guards, for the message of a conflict between parallel requests: the first
 * request's check passed before the second one's row was committed, and the database refused the second.
 * Keyed by constraint name, then by table; anything else is CONFLICT_DUPLICATE.
 */
const UNIQUE_CONFLICTS: Readonly<Record<string, ErrorCode>> = {
  import_batch_county_code_kind_sha256_key: 'CONFLICT_IMPORT',
  import_batch: 'CONFLICT_IMPORT',
  job_once: 'CONFLICT_JOB',
  enrolment_application_open: 'CONFLICT_APPLICATION',
  contribution_once: 'CONFLICT_PAYMENT',
  contribution_receipt: 'CONFLICT_PAYMENT',
  payroll_pkey: 'CONFLICT_PAYROLL',
  pension_payment_once: 'CONFLICT_PAYROLL',
  ledger_journal_allocation_once: 'CONFLICT_ALLOCATION',
  ledger_journal_opening_once: 'FUND_OPENING_EXISTS',
  pension: 'CONFLICT_PENSION',
  region: 'CONFLICT_IMPORT',
  // The same year's hukou statistics imported twice at once (each replaces the year).
  hukou_statistic_pkey: 'CONFLICT_IMPORT',
  archive_loan_out: 'ARCHIVE_ON_LOAN',
};

/** PostgreSQL errors as raised by both `pg` and PGlite: a SQLSTATE `code`, and the constraint and table of a violation. */
interface DatabaseErrorLike {
  readonly code: string;
  readonly constraint?: string | undefined;
  readonly table?: string | undefined;
}

function isDatabaseError(err: unknown): err is DatabaseErrorLike {
  return typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string' && /^[0-9A-Z]{5}$/.test((err as { code: string }).code);
}

/**
 * A conflict between parallel requests as a 409 the user can act on: a unique violation (23505, the same
 * thing saved twice at once), a serialization failure (40001) or a deadlock (40P01). Each means this
 * request's transaction was rolled back and nothing of it was saved. Anything else: undefined.
 */
export function fromDatabaseError(err: unknown): AppError | undefined {
  if (!isDatabaseError(err)) return undefined;
  if (err.code === '40001' || err.code === '40P01') return new AppError('CONFLICT_RETRY', 409);
  if (err.code !== '23505') return undefined;
  const code = (err.constraint && UNIQUE_CONFLICTS[err.constraint]) || (err.table && UNIQUE_CONFLICTS[err.table]) || 'CONFLICT_DUPLICATE';
  return new AppError(code, 409, { params: { constraint: err.constraint ?? '' } });
}
