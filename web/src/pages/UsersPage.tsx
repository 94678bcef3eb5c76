import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Popconfirm, Select, Space, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type User } from '../api';
import { FilterBar, ListCard, PagedTable, RegionField } from '../components/ListView';
import PageHeader from '../components/PageHeader';
import { formatDateTime } from '../format';
import { usePaged } from '../hooks/usePaged';
import { ROLE_CODES } from '../roles';
import ResetPasswordModal from './users/ResetPasswordModal';
import UserFormModal from './users/UserFormModal';

interface Filters {
  q?: string;
  role?: string;
  regionCode?: string;
  disabled?: boolean;
}
interface FilterForm {
  q?: string;
  role?: string;
  regionCode?: string;
  status?: 'active' | 'disabled';
}

export default function UsersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FilterForm>();
  const list = usePaged<User, Filters>((q) => api.users(q), {});
  const [editing, setEditing] = useState<User | null | undefined>(undefined); // undefined = closed, null = create
  const [resetting, setResetting] = useState<User | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);

  const toggle = async (u: User) => {
    setActionError(null);
    try {
      await api.updateUser(u.id, { disabled: !u.disabled });
      void message.success(t('users.saved'));
      list.reload();
    } catch (e) {
      setActionError(e);
    }
  };

  const columns: TableColumnsType<User> = [
    { title: t('users.username'), dataIndex: 'username', width: 150, render: (v: string) => <span className="xnb-mono">{v}</span> },
    { title: t('users.displayName'), dataIndex: 'displayName', width: 160 },
    { title: t('users.role'), dataIndex: 'role', width: 150, render: (r: string) => t(`roles.${r}`, { defaultValue: r }) },
    { title: t('users.region'), dataIndex: 'regionName', width: 150, render: (v: string, u) => v || u.regionCode },
    {
      title: t('users.status'),
      dataIndex: 'disabled',
      width: 80,
      render: (d: boolean) => (d ? <Tag>{t('users.disabled')}</Tag> : <Tag color="green">{t('users.active')}</Tag>),
    },
    { title: t('users.lastLogin'), dataIndex: 'lastLoginAt', width: 160, render: (v: string | null | undefined) => formatDateTime(v) },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 240,
      fixed: 'right',
      render: (_, u) => (
        <Space size={0} separator={<span className="xnb-sep">|</span>}>
          <Button type="link" size="small" onClick={() => setEditing(u)}>
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t(u.disabled ? 'users.enableConfirm' : 'users.disableConfirm', { name: u.displayName })}
            onConfirm={() => toggle(u)}
            okText={t('common.ok')}
            cancelText={t('common.cancel')}
          >
            <Button type="link" size="small" danger={!u.disabled}>
              {u.disabled ? t('users.enable') : t('users.disable')}
            </Button>
          </Popconfirm>
          <Button type="link" size="small" onClick={() => setResetting(u)}>
            {t('users.resetPassword')}
          </Button>
        </Space>
      ),
    },
  ];

  const search = (v: FilterForm) =>
    list.setFilters({
      q: v.q?.trim() || undefined,
      role: v.role,
      regionCode: v.regionCode,
      disabled: v.status === undefined ? undefined : v.status === 'disabled',
    });

  return (
    <div>
      <PageHeader
        title={t('users.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="user-create">
            {t('users.create')}
          </Button>
        }
      />
      <FilterBar<FilterForm> form={form} onApply={search} searchButtons>
        <Form.Item name="q" label={t('users.q')}>
          <Input allowClear style={{ width: 160 }} maxLength={40} />
        </Form.Item>
        <Form.Item name="role" label={t('users.role')}>
          <Select allowClear style={{ width: 170 }} placeholder={t('common.all')} options={ROLE_CODES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
        </Form.Item>
        <RegionField label={t('users.region')} />
        <Form.Item name="status" label={t('users.status')}>
          <Select
            allowClear
            style={{ width: 100 }}
            placeholder={t('common.all')}
            options={[
              { value: 'active', label: t('users.active') },
              { value: 'disabled', label: t('users.disabled') },
            ]}
          />
        </Form.Item>
      </FilterBar>
      <ListCard error={list.error ?? actionError}>
        <PagedTable<User> list={list} rowKey="id" columns={columns} scrollX={1000} />
      </ListCard>
      <UserFormModal
        open={editing !== undefined}
        user={editing ?? null}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          void message.success(editing ? t('users.saved') : t('users.created'));
          setEditing(undefined);
          list.reload();
        }}
      />
      <ResetPasswordModal
        user={resetting}
        onClose={() => setResetting(null)}
        onDone={() => {
          void message.success(t('users.resetDone'));
          setResetting(null);
        }}
      />
    </div>
  );
}
