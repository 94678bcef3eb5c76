import { AutoComplete, Button, Card, DatePicker, Form, Input, Select, Space, Table, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type AuditEntry } from '../api';
import ErrorAlert from '../components/ErrorAlert';
import PageHeader from '../components/PageHeader';
import RegionTreeSelect from '../components/RegionTreeSelect';
import { formatDateTime } from '../format';
import { indexTree, useRegionTree } from '../hooks/useRegionTree';
import { usePaged } from '../hooks/usePaged';
import AuditDiff from './audit/AuditDiff';
import AuditVerifyButton from './audit/AuditVerifyButton';
import LedgerVerifyButton from './audit/LedgerVerifyButton';

interface Filters {
  from?: string;
  to?: string;
  username?: string;
  action?: string;
  entity?: string;
  regionCode?: string;
}

type Day = { format: (f: string) => string };
interface FilterForm {
  range?: [Day | null, Day | null] | null;
  username?: string;
  action?: string;
  entity?: string;
  regionCode?: string;
}

const ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.locked',
  'auth.logout',
  'access.denied',
  'region.import',
  'user.create',
  'user.update',
  'user.disable',
  'user.enable',
  'user.reset_password',
  'user.change_password',
  'user.change_password_failed',
];
const ENTITIES = ['staff_user', 'region', 'route'];

const trim = (s: string | undefined) => s?.trim() || undefined;

export default function AuditPage() {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<FilterForm>();
  const list = usePaged<AuditEntry, Filters>((q) => api.audit(q), {});
  const { root } = useRegionTree();
  const index = useMemo(() => indexTree(root), [root]);
  const actionOptions = ACTIONS.map((a) => ({ value: a, label: `${t(`auditAction.${a}`)}  ${a}` }));

  const search = (v: FilterForm) =>
    list.setFilters({
      // Dates as YYYY-MM-DD; the server reads `to` as inclusive (China time).
      from: v.range?.[0]?.format('YYYY-MM-DD'),
      to: v.range?.[1]?.format('YYYY-MM-DD'),
      username: trim(v.username),
      action: trim(v.action),
      entity: trim(v.entity),
      regionCode: v.regionCode,
    });

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.at'), dataIndex: 'at', width: 160, render: (v: string) => formatDateTime(v) },
    { title: t('audit.username'), dataIndex: 'username', width: 140, render: (v: string | null) => v ?? '—' },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      width: 190,
      render: (v: string) => (
        <span title={v}>
          {t(`auditAction.${v}`, { defaultValue: v })}
          {i18n.exists(`auditAction.${v}`) && <span className="xnb-code-hint">{v}</span>}
        </span>
      ),
    },
    { title: t('audit.entity'), dataIndex: 'entity', width: 100, render: (v: string) => t(`auditEntity.${v}`, { defaultValue: v }) },
    { title: t('audit.entityId'), dataIndex: 'entityId', width: 130, render: (v: unknown) => (v === null || v === undefined ? '—' : String(v)) },
    {
      title: t('audit.region'),
      dataIndex: 'regionCode',
      width: 140,
      render: (v: string | null) => (v ? (index.get(v)?.name ?? v) : '—'),
    },
    { title: t('audit.ip'), dataIndex: 'ip', width: 120, render: (v: string | null) => v ?? '—' },
  ];

  return (
    <div>
      <PageHeader title={t('audit.title')} extra={<Space><LedgerVerifyButton /><AuditVerifyButton /></Space>} />
      <Card size="small" className="xnb-card xnb-filter">
        <Form form={form} layout="inline" onFinish={search}>
          <Form.Item name="range" label={t('audit.range')}>
            <DatePicker.RangePicker style={{ width: 240 }} />
          </Form.Item>
          <Form.Item name="username" label={t('audit.username')}>
            <Input allowClear style={{ width: 130 }} maxLength={40} />
          </Form.Item>
          <Form.Item name="action" label={t('audit.action')}>
            <AutoComplete allowClear style={{ width: 150 }} options={actionOptions} filterOption={(input, o) => !!o && (o.value.includes(input) || String(o.label).includes(input))} />
          </Form.Item>
          <Form.Item name="entity" label={t('audit.entity')}>
            <Select allowClear style={{ width: 110 }} placeholder={t('common.all')} options={ENTITIES.map((e) => ({ value: e, label: t(`auditEntity.${e}`) }))} />
          </Form.Item>
          <Form.Item name="regionCode" label={t('audit.region')}>
            <RegionTreeSelect placeholder={t('common.all')} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">
                {t('common.search')}
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  list.setFilters({});
                }}
              >
                {t('common.reset')}
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      <Card size="small" className="xnb-card" style={{ marginTop: 12 }}>
        <ErrorAlert error={list.error} />
        <Table<AuditEntry>
          size="small"
          bordered
          rowKey="id"
          loading={list.loading}
          columns={columns}
          dataSource={list.data.items}
          scroll={{ x: 1000 }}
          expandable={{
            expandedRowRender: (e) => <AuditDiff entry={e} />,
            rowExpandable: (e) => (e.before ?? null) !== null || (e.after ?? null) !== null,
          }}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: list.data.total,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: list.onPageChange,
          }}
        />
      </Card>
    </div>
  );
}
