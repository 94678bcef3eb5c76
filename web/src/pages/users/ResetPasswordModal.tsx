import { Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, type User } from '../../api';
import ErrorAlert from '../../components/ErrorAlert';
import { useModalForm } from '../../components/useModalForm';

export default function ResetPasswordModal({ user, onClose, onDone }: { user: User | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { form, busy, error, submit } = useModalForm<{ password: string }>(user, ['password'], async (v) => {
    if (!user) return;
    await api.resetPassword(user.id, v.password);
    onDone();
  });

  return (
    <Modal
      open={user !== null}
      title={t('users.resetTitle', { name: user?.displayName ?? '' })}
      onCancel={onClose}
      onOk={() => void submit()}
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
