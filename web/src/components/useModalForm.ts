import { Form, type FormInstance } from 'antd';
import { useEffect, useState } from 'react';
import { applyFieldError } from './applyFieldError';

/**
 * The form of a dialog that sends one request: cleared each time the dialog opens for a new `subject` (the row,
 * person or month it acts on; nothing while null), checked before `action` runs, busy while it runs. A refusal
 * that names one of `fields` shows under that field (or where `fields`, a function, puts it and returns true); any
 * other shows in the dialog (`error`, for an ErrorAlert).
 */
export function useModalForm<V extends object>(subject: unknown, fields: readonly string[] | ((form: FormInstance<V>, e: unknown) => boolean), action: (values: V) => Promise<void>) {
  const [form] = Form.useForm<V>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (subject !== null && subject !== undefined && subject !== false) {
      form.resetFields();
      setError(null);
    }
  }, [subject, form]);

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return; // the form shows what is missing
    setBusy(true);
    setError(null);
    try {
      await action(values);
    } catch (e) {
      if (!(typeof fields === 'function' ? fields(form, e) : applyFieldError(form, e, fields))) setError(e);
    } finally {
      setBusy(false);
    }
  };

  return { form, busy, error, setError, submit };
}
