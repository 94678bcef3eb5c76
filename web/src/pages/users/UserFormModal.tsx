import { Form, Input, Modal, Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type User } from '../../api';
import ErrorAlert from '../../components/ErrorAlert';
import RegionTreeSelect from '../../components/RegionTreeSelect';
import { useModalForm } from '../../components/useModalForm';
import { regionLevelForRole, ROLE_CODES } from '../../roles';

interface Values {
  username: string;
  displayName: string;
  role: string;
  regionCode: string;
  password?: string;
}

/** Level from the 12-digit code: xxxxxx000000 county, xxxxxxTTT000 township, otherwise village. */
function levelOfCode(code: string): 'county' | 'township' | 'village' {
  if (code.endsWith('000000')) return 'county';
  return code.endsWith('000') ? 'township' : 'village';
}

const FIELDS = ['username', 'displayName', 'role', 'regionCode', 'password'] as const;

interface Props {
  open: boolean;
  /** null = create a new user */
  user: User | null;
  onClose: () => void;
  onSaved: (u: User) => void;
}

export default function UserFormModal({ open, user, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const creating = user === null;
  const { form, busy, error, submit } = useModalForm<Values>(open, FIELDS, async (v) => {
    const r = creating
      ? await api.createUser({ username: v.username.trim(), displayName: v.displayName.trim(), role: v.role, regionCode: v.regionCode, password: v.password ?? '' })
      : await api.updateUser(user.id, { displayName: v.displayName.trim(), role: v.role, regionCode: v.regionCode });
    onSaved(r.user);
  });
  const role = Form.useWatch('role', form);
  const level = regionLevelForRole(role);

  useEffect(() => {
    if (open && user) form.setFieldsValue({ username: user.username, displayName: user.displayName, role: user.role, regionCode: user.regionCode });
  }, [open, user, form]);

  const required = [{ required: true, message: t('users.required') }];
  return (
    <Modal
      open={open}
      title={creating ? t('users.create') : t('users.editTitle')}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      confirmLoading={busy}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      destroyOnHidden
      width={520}
    >
      <ErrorAlert error={error} />
      <Form form={form} layout="horizontal" labelCol={{ span: 6 }} wrapperCol={{ span: 17 }} autoComplete="off" data-testid="user-form">
        <Form.Item name="username" label={t('users.username')} rules={required}>
          <Input disabled={!creating} maxLength={40} autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('users.displayName')} rules={required}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="role" label={t('users.role')} rules={required}>
          <Select
            onChange={(r: string) => {
              const want = regionLevelForRole(r);
              const code = form.getFieldValue('regionCode') as string | undefined;
              if (want && code && levelOfCode(code) !== want) form.setFieldValue('regionCode', undefined);
            }} options={ROLE_CODES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} showSearch={{ optionFilterProp: 'label' }} />
        </Form.Item>
        <Form.Item name="regionCode" label={t('users.region')} rules={required} extra={level ? t('users.regionLevelHint', { level: t(`level.${level}`) }) : undefined}>
          <RegionTreeSelect allowClear={false} onlyLevel={level} />
        </Form.Item>
        {creating && (
          <Form.Item name="password" label={t('users.password')} rules={required} extra={t('users.passwordRule')}>
            <Input.Password autoComplete="new-password" maxLength={128} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
