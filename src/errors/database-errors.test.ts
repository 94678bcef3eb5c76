import { describe, expect, it } from 'vitest';
import { fromDatabaseError } from './database-errors.js';
import { errorMessage } from './messages.js';

describe('fromDatabaseError', () => {
  it('answers a unique violation with 409 and the message of the constraint it hit', () => {
    const e = fromDatabaseError({ code: '23505', constraint: 'import_batch_county_code_kind_sha256_key', table: 'import_batch' });
    expect(e).toMatchObject({ code: 'CONFLICT_IMPORT', status: 409 });
    expect(errorMessage(e!.code, 'en')).toMatch(/imported by another request/);
    expect(fromDatabaseError({ code: '23505', constraint: 'pension_county_code_resident_id_key', table: 'pension' })).toMatchObject({ code: 'CONFLICT_PENSION' });
    expect(fromDatabaseError({ code: '23505', constraint: 'something_else', table: 'household' })).toMatchObject({ code: 'CONFLICT_DUPLICATE', status: 409 });
  });

  it('answers a serialization failure or a deadlock with 409 "try again"', () => {
    expect(fromDatabaseError({ code: '40001' })).toMatchObject({ code: 'CONFLICT_RETRY', status: 409 });
    expect(fromDatabaseError({ code: '40P01' })).toMatchObject({ code: 'CONFLICT_RETRY', status: 409 });
  });

  it('leaves every other error alone (it stays a 500)', () => {
    expect(fromDatabaseError({ code: '23503', constraint: 'fk' })).toBeUndefined();
    expect(fromDatabaseError(new Error('boom'))).toBeUndefined();
    expect(fromDatabaseError({ code: 'NOT_FOUND' })).toBeUndefined();
    expect(fromDatabaseError(null)).toBeUndefined();
  });
});
