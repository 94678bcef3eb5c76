import type { FormInstance } from 'antd';
import { ApiError } from '../api';

/**
 * Puts an API error on the form field it names (`field`) when the form has that field.
 * Returns true when it did; otherwise the caller shows the message elsewhere.
 */
export function applyFieldError(form: FormInstance, error: unknown, fields: readonly string[]): boolean {
  if (!(error instanceof ApiError) || !error.field) return false;
  const name = error.field.split('.').pop() ?? error.field;
  if (!fields.includes(name)) return false;
  form.setFields([{ name, errors: [error.message] }]);
  form.scrollToField(name);
  return true;
}
