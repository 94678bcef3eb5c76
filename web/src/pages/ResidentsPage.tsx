import { Form, Select, Tag, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Resident } from '../api';
import { idNumberColumn } from '../components/columns';
import { exportHref } from '../components/ExportButton';
import { FilterBar, ListCard, PagedTable, RegionField, SearchField } from '../components/ListView';
import PageHeader from '../components/PageHeader';
import { indexTree, useRegionTree } from '../hooks/useRegionTree';
import { usePaged } from '../hooks/usePaged';
import ResidentDrawer from './residents/ResidentDrawer';

interface Filters {
  regionCode?: string;
  q?: string;
  enrolled?: 'yes' | 'no';
}

const ENROLMENT_COLOR = { normal: 'success', suspended: 'warning', terminated: 'default' } as const;

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
  const [openId, setOpenId] = useState<number | null>(null);

  const villageName = (r: Resident) => r.villageName ?? index.get(r.villageCode)?.name ?? r.villageCode;

  const columns: TableColumnsType<Resident> = [
    { title: t('residents.name'), dataIndex: 'name', width: 100, render: (v: string, r) => <a onClick={() => setOpenId(Number(r.id))} data-testid="resident-open">{v}</a> },
    idNumberColumn(t('residents.idNumber'), 190),
    { title: t('residents.sex'), dataIndex: 'sex', width: 60, render: (v: string) => (v === 'M' ? t('residents.male') : v === 'F' ? t('residents.female') : v) },
    { title: t('residents.birthDate'), dataIndex: 'birthDate', width: 110 },
    { title: t('residents.age'), key: 'age', width: 60, align: 'right', render: (_, r) => ageOf(r.birthDate) ?? '—' },
    { title: t('residents.village'), key: 'village', width: 150, render: (_, r) => villageName(r) },
    { title: t('residents.household'), dataIndex: 'householdNo', width: 150, render: (v: string | null) => (v ? <span className="xnb-mono">{v}</span> : '—') },
    { title: t('residents.relation'), dataIndex: 'relation', width: 90, render: (v: string | null) => (v ? t(`relation.${v}`, { defaultValue: v }) : '—') },
    {
      title: t('residentRecord.enrolment'),
      key: 'enrolment',
      width: 170,
      render: (_, r) =>
        r.enrolment ? (
          <>
            <Tag color={ENROLMENT_COLOR[r.enrolment.status]}>{t(`residentRecord.status.${r.enrolment.status}`)}</Tag>
            {r.enrolment.status !== 'terminated' && <span className="xnb-muted">{t(`residentRecord.payment.${r.enrolment.paymentStatus}`)}</span>}
          </>
        ) : (
          <span className="xnb-muted">{t('residentRecord.notEnrolled')}</span>
        ),
    },
  ];

  return (
    <div>
      <PageHeader title={t('residents.title')} />
      <FilterBar<Filters>
        form={form}
        onApply={(v) => list.setFilters({ regionCode: v.regionCode, q: v.q?.trim() || undefined, enrolled: v.enrolled })}
        exportLink={{ href: exportHref('/api/residents/export.xlsx', list.filters), testId: 'residents-export', label: t('residents.export'), fullIdNumbers: true }}
      >
        <RegionField width={220} />
        <SearchField label={t('residents.q')} width={260} testId="residents-q" />
        <Form.Item name="enrolled" label={t('residentRecord.enrolledFilter')}>
          <Select
            allowClear
            placeholder={t('common.all')}
            style={{ width: 120 }}
            options={[
              { value: 'yes', label: t('residentRecord.enrolledYes') },
              { value: 'no', label: t('residentRecord.enrolledNo') },
            ]}
          />
        </Form.Item>
      </FilterBar>
      <ListCard error={list.error}>
        <PagedTable<Resident> list={list} rowKey="id" columns={columns} scrollX={1070} />
      </ListCard>
      <ResidentDrawer id={openId} onClose={() => setOpenId(null)} onChanged={list.reload} />
    </div>
  );
}
