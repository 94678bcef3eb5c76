import { Button, Card, Form, Input, Table, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Resident } from '../api';
import ErrorAlert from '../components/ErrorAlert';
import PageHeader from '../components/PageHeader';
import RegionTreeSelect from '../components/RegionTreeSelect';
import { indexTree, useRegionTree } from '../hooks/useRegionTree';
import { usePaged } from '../hooks/usePaged';

interface Filters {
  regionCode?: string;
  q?: string;
}

/** Whole years between a 'YYYY-MM-DD' birth date and today. */
function ageOf(birth: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(birth);
  if (!m) return null;
  const now = new Date();
  let age = now.getFullYear() - Number(m[1]);
  const md = (now.getMonth() + 1) * 100 + now.getDate();
  if (md < Number(m[2]) * 100 + Number(m[3])) age -= 1;
  return age;
}

export default function ResidentsPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<Filters>();
  const { root } = useRegionTree();
  const index = useMemo(() => indexTree(root), [root]);
  const list = usePaged<Resident, Filters>((q) => api.residents(q), {});

  const villageName = (r: Resident) => r.villageName ?? index.get(r.villageCode)?.name ?? r.villageCode;

  const columns: TableColumnsType<Resident> = [
    { title: t('residents.name'), dataIndex: 'name', width: 100 },
    { title: t('residents.idNumber'), dataIndex: 'idNumberMasked', width: 190, render: (v: string) => <span className="xnb-mono">{v}</span> },
    { title: t('residents.sex'), dataIndex: 'sex', width: 60, render: (v: string) => (v === 'M' ? t('residents.male') : v === 'F' ? t('residents.female') : v) },
    { title: t('residents.birthDate'), dataIndex: 'birthDate', width: 110 },
    { title: t('residents.age'), key: 'age', width: 60, align: 'right', render: (_, r) => ageOf(r.birthDate) ?? '—' },
    { title: t('residents.village'), key: 'village', width: 150, render: (_, r) => villageName(r) },
    { title: t('residents.household'), dataIndex: 'householdNo', width: 150, render: (v: string | null) => (v ? <span className="xnb-mono">{v}</span> : '—') },
    { title: t('residents.relation'), dataIndex: 'relation', width: 90, render: (v: string | null) => (v ? t(`relation.${v}`, { defaultValue: v }) : '—') },
  ];

  return (
    <div>
      <PageHeader title={t('residents.title')} />
      <Card size="small" className="xnb-card xnb-filter">
        <Form form={form} layout="inline" onFinish={(v) => list.setFilters({ regionCode: v.regionCode, q: v.q?.trim() || undefined })}>
          <Form.Item name="regionCode" label={t('residents.region')}>
            <RegionTreeSelect placeholder={t('common.all')} style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="q" label={t('residents.q')}>
            <Input allowClear style={{ width: 200 }} maxLength={40} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit">
              {t('common.search')}
            </Button>
          </Form.Item>
          <Form.Item>
            <Button
              onClick={() => {
                form.resetFields();
                list.setFilters({});
              }}
            >
              {t('common.reset')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <Card size="small" className="xnb-card" style={{ marginTop: 12 }}>
        <ErrorAlert error={list.error} />
        <Table<Resident>
          size="small"
          bordered
          rowKey="id"
          loading={list.loading}
          columns={columns}
          dataSource={list.data.items}
          scroll={{ x: 900 }}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: list.data.total,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: (total) => t('common.total', { total }),
            onChange: list.onPageChange,
          }}
        />
      </Card>
    </div>
  );
}
