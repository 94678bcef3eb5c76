import { Form, Input, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type User } from '../../api';
import ErrorAlert from '../../components/ErrorAlert';
import { applyFieldError } from '../../components/applyFieldError';

export default function ResetPasswordModal({ user, onClose, onDone }: { user: User | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ password: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (user) {
      form.resetFields();
      setError(null);
    }
  }, [user, form]);

  const submit = async () => {
    if (!user) return;
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      await api.resetPassword(user.id, v.password);
      onDone();
    } catch (e) {
      if (!applyFieldError(form, e, ['password'])) setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={user !== null}
      title={t('users.resetTitle', { name: user?.displayName ?? '' })}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      confirmLoading={busy}
      okText={t('common.ok')}
      cancelText={t('common.cancel')}
      destroyOnHidden
      width={440}
    >
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" autoComplete="off">
        <Form.Item name="password" label={t('users.newPassword')} rules={[{ required: true, message: t('users.required') }]} extra={t('users.passwordRule')}>
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
