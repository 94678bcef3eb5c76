import { App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import ErrorAlert from './ErrorAlert';
import { useModalForm } from './useModalForm';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** The signed-in user changes their own password; the server ends their other sessions. */
export default function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { form, busy, error, submit } = useModalForm<Values>(open, ['currentPassword', 'newPassword'], async (v) => {
    await api.changeOwnPassword(v.currentPassword, v.newPassword);
    void message.success(t('ownPassword.done'));
    onClose();
  });

  return (
    <Modal
      open={open}
      title={t('ownPassword.title')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={busy}
      okText={t('common.ok')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'own-password-ok' } as Record<string, string>}
      destroyOnHidden
      width={440}
    >
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" autoComplete="off" data-testid="own-password-form">
        <Form.Item name="currentPassword" label={t('ownPassword.current')} rules={[{ required: true, message: t('ownPassword.required') }]}>
          <Input.Password autoComplete="current-password" maxLength={200} data-testid="own-password-current" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('ownPassword.new')} rules={[{ required: true, message: t('ownPassword.required') }]} extra={t('ownPassword.rule')}>
          <Input.Password autoComplete="new-password" maxLength={200} data-testid="own-password-new" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('ownPassword.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('ownPassword.required') },
            ({ getFieldValue }) => ({
              validator: (_, value: string) => (!value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('ownPassword.mismatch')))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" maxLength={200} data-testid="own-password-confirm" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
