import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Form, Segmented, Space, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth';
import { idNumberColumn, nameColumn } from '../components/columns';
import { exportHref } from '../components/ExportButton';
import { FilterBar, ListCard, ListSummary, PagedTable, RegionField, SearchField } from '../components/ListView';
import PageHeader from '../components/PageHeader';
import { usePaged } from '../hooks/usePaged';
import ApplicationDrawer from './enrolment/ApplicationDrawer';
import ApplicationFormModal from './enrolment/ApplicationFormModal';
import ApplicationImportModal from './enrolment/ApplicationImportModal';
import { APPLICATION_STATUSES, enrolmentApi, type ApplicationPage, type ApplicationStatus, type ApplicationSummary } from './enrolment/enrolmentApi';
import { StatusTag } from './enrolment/StatusTag';
import DecisionButtons, { useDecisionStage } from './enrolment/DecisionButtons';

interface Filters {
  regionCode?: string;
  q?: string;
  status?: ApplicationStatus;
  batchId?: number;
}
type FormValues = { status: ApplicationStatus | 'all'; regionCode?: string; q?: string };

/**
 * 参保登记: the village submits, the township reviews (待乡镇审核), the county confirms (待县级确认).
 * Each role sees the step it acts on first and can approve or reject the selected rows in one go, or one
 * application from its details.
 */
export default function EnrolmentPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = AntApp.useApp();
  const canSubmit = can('enrolment:submit');
  const stage = useDecisionStage();
  const [form] = Form.useForm<FormValues>();
  const list = usePaged<ApplicationSummary, Filters>((q) => enrolmentApi.list(q), stage ? { status: stage.status } : {});
  const byStatus = (list.data as ApplicationPage).byStatus;
  const [selected, setSelected] = useState<number[]>([]);
  const [detailId, setDetailId] = useState<number | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);

  const statusOptions = [
    { value: 'all', label: `${t('common.all')}${byStatus ? ` ${Object.values(byStatus).reduce((a, b) => a + b, 0)}` : ''}` },
    ...APPLICATION_STATUSES.map((s) => ({ value: s, label: `${t(`enrolment.statuses.${s}`)}${byStatus ? ` ${byStatus[s]}` : ''}` })),
  ];
  const actionable = stage !== null && list.filters.status === stage.status;
  const decided = () => {
    setSelected([]);
    list.reload();
  };

  const columns: TableColumnsType<ApplicationSummary> = [
    { title: t('enrolment.no'), dataIndex: 'id', width: 70 },
    { ...nameColumn<ApplicationSummary>(t('enrolment.name'), 90, (r) => setDetailId(r.id), 'enrolment-name'), fixed: undefined },
    idNumberColumn(t('enrolment.idNumber'), 180),
    { title: t('residents.sex'), dataIndex: 'sex', width: 50, render: (v: string) => t(v === 'M' ? 'residents.male' : 'residents.female') },
    { title: t('residents.birthDate'), dataIndex: 'birthDate', width: 100 },
    { title: t('enrolment.village'), dataIndex: 'villageName', width: 110 },
    { title: t('enrolment.identity'), dataIndex: 'identity', width: 110, render: (v: string) => t(`identity.${v}`) },
    { title: t('enrolment.applicationDate'), dataIndex: 'applicationDate', width: 100 },
    { title: t('enrolment.status'), dataIndex: 'status', width: 150, render: (v: ApplicationStatus, r) => (<><StatusTag status={v} />{r.rejectReason ? <span className="xnb-muted">{r.rejectReason}</span> : null}</>) },
  ];

  return (
    <div>
      <PageHeader
        title={t('enrolment.title')}
        extra={
          canSubmit ? (
            <Space>
              <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)}>
                {t('enrolment.importButton')}
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setFormOpen(true)} data-testid="enrolment-new">
                {t('enrolment.newButton')}
              </Button>
            </Space>
          ) : null
        }
      />
      <FilterBar<FormValues>
        form={form}
        initialValues={{ status: stage?.status ?? 'all' }}
        onApply={(v) => {
          setSelected([]);
          list.setFilters({ batchId: list.filters.batchId, status: v.status === 'all' ? undefined : v.status, regionCode: v.regionCode, q: v.q?.trim() || undefined });
        }}
        exportLink={{ href: exportHref('/api/enrolment/applications/export.xlsx', list.filters), testId: 'enrolment-export', label: t('enrolment.export') , fullIdNumbers: true }}
      >
        <Form.Item name="status">
          <Segmented data-testid="enrolment-status" options={statusOptions} />
        </Form.Item>
        <RegionField width={220} />
        <SearchField label={t('residents.q')} width={260} />
      </FilterBar>
      <ListCard
        error={list.error ?? actionError}
        summary={
          actionable && (
            <ListSummary testId="enrolment-actions" ready actions={<DecisionButtons stage={stage} ids={selected} onDecided={decided} onError={setActionError} />}>
              <span className="xnb-muted">{t('enrolment.selected', { count: selected.length })}</span>
            </ListSummary>
          )
        }
      >
        <PagedTable<ApplicationSummary>
          list={list}
          rowKey="id"
          columns={columns}
          scrollX={1000}
          rowSelection={actionable ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]) } : undefined}
        />
      </ListCard>
      <ApplicationFormModal
        open={formOpen}
        onClose={() => setFormOpen(false)}
        onSubmitted={(name) => {
          setFormOpen(false);
          message.success(t('enrolment.submitted', { name }));
          list.reload();
        }}
      />
      <ApplicationImportModal open={importOpen} onClose={() => setImportOpen(false)} onImported={() => list.reload()} />
      <ApplicationDrawer id={detailId} stage={stage} onClose={() => setDetailId(null)} onChanged={decided} />
    </div>
  );
}
