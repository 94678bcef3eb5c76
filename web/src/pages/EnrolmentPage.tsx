import { CheckOutlined, CloseOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, Form, Input, Modal, Popconfirm, Segmented, Space, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth';
import ErrorAlert from '../components/ErrorAlert';
import PageHeader from '../components/PageHeader';
import RegionTreeSelect from '../components/RegionTreeSelect';
import { usePaged } from '../hooks/usePaged';
import ApplicationDrawer from './enrolment/ApplicationDrawer';
import ApplicationFormModal from './enrolment/ApplicationFormModal';
import ApplicationImportModal from './enrolment/ApplicationImportModal';
import { APPLICATION_STATUSES, enrolmentApi, type ApplicationPage, type ApplicationStatus, type ApplicationSummary } from './enrolment/enrolmentApi';
import { StatusTag } from './enrolment/StatusTag';
import ExportButton from '../components/ExportButton';

interface Filters {
  regionCode?: string;
  q?: string;
  status?: ApplicationStatus;
  batchId?: number;
}

/**
 * 参保登记: the village submits, the township reviews (待乡镇审核), the county confirms (待县级确认).
 * Each role sees the step it acts on first and can approve or reject the selected rows in one go.
 */
export default function EnrolmentPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = AntApp.useApp();
  const canSubmit = can('enrolment:submit');
  const stage: { status: ApplicationStatus; act: 'review' | 'confirm' } | null = can('enrolment:review')
    ? { status: 'submitted', act: 'review' }
    : can('enrolment:confirm')
      ? { status: 'township_approved', act: 'confirm' }
      : null;
  const [form] = Form.useForm<Filters>();
  const list = usePaged<ApplicationSummary, Filters>((q) => enrolmentApi.list(q), stage ? { status: stage.status } : {});
  const byStatus = (list.data as ApplicationPage).byStatus;
  const [selected, setSelected] = useState<number[]>([]);
  const [detailId, setDetailId] = useState<number | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);

  const decide = async (approve: boolean) => {
    if (!stage || selected.length === 0) return;
    setBusy(true);
    setActionError(null);
    try {
      const r = stage.act === 'review' ? await enrolmentApi.review(selected, approve, reason) : await enrolmentApi.confirm(selected, approve, reason);
      message.success(approve ? t(stage.act === 'review' ? 'enrolment.reviewed' : 'enrolment.confirmed', { count: r.approved }) : t('enrolment.rejectedDone', { count: r.rejected }));
      setSelected([]);
      setRejecting(false);
      setReason('');
      list.reload();
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(false);
    }
  };

  const statusOptions = [
    { value: 'all', label: `${t('common.all')}${byStatus ? ` ${Object.values(byStatus).reduce((a, b) => a + b, 0)}` : ''}` },
    ...APPLICATION_STATUSES.map((s) => ({ value: s, label: `${t(`enrolment.statuses.${s}`)}${byStatus ? ` ${byStatus[s]}` : ''}` })),
  ];
  const actionable = stage !== null && list.filters.status === stage.status;
  const exportQuery = new URLSearchParams(
    Object.entries({ regionCode: list.filters.regionCode, status: list.filters.status, q: list.filters.q, batchId: list.filters.batchId }).flatMap(([k, v]) =>
      v === undefined || v === '' ? [] : [[k, String(v)]],
    ),
  ).toString();
  const exportHref = `/api/enrolment/applications/export.xlsx${exportQuery ? `?${exportQuery}` : ''}`;

  const columns: TableColumnsType<ApplicationSummary> = [
    { title: t('enrolment.no'), dataIndex: 'id', width: 70 },
    { title: t('enrolment.name'), dataIndex: 'name', width: 90, render: (v: string, r) => <a onClick={() => setDetailId(r.id)}>{v}</a> },
    { title: t('enrolment.idNumber'), dataIndex: 'idNumberMasked', width: 180, render: (v: string) => <span className="xnb-mono">{v}</span> },
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
      <Card size="small" className="xnb-card xnb-filter">
        <Space direction="vertical" style={{ width: '100%' }}>
          <Segmented
            data-testid="enrolment-status"
            value={list.filters.status ?? 'all'}
            options={statusOptions}
            onChange={(v) => {
              setSelected([]);
              list.setFilters({ ...list.filters, status: v === 'all' ? undefined : (v as ApplicationStatus) });
            }}
          />
          <Form form={form} layout="inline" onFinish={(v) => list.setFilters({ ...list.filters, regionCode: v.regionCode, q: v.q?.trim() || undefined })}>
            <Form.Item name="regionCode" label={t('residents.region')}>
              <RegionTreeSelect placeholder={t('common.all')} style={{ width: 220 }} />
            </Form.Item>
            <Form.Item name="q" label={t('residents.q')}>
              <Input allowClear style={{ width: 200 }} maxLength={40} />
            </Form.Item>
            <Form.Item>
              <Button type="primary" htmlType="submit">{t('common.search')}</Button>
            </Form.Item>
            <Form.Item>
              <ExportButton href={exportHref} testId="enrolment-export" fullIdNumbers>
                {t('enrolment.export')}
              </ExportButton>
            </Form.Item>
          </Form>
        </Space>
      </Card>
      <Card size="small" className="xnb-card" style={{ marginTop: 12 }}>
        <ErrorAlert error={list.error ?? actionError} />
        {actionable && (
          <Space style={{ marginBottom: 8 }}>
            <span className="xnb-muted">{t('enrolment.selected', { count: selected.length })}</span>
            <Popconfirm
              title={t(stage.act === 'review' ? 'enrolment.approveTownshipConfirm' : 'enrolment.approveCountyConfirm', { count: selected.length })}
              description={t(stage.act === 'review' ? 'enrolment.approveTownshipEffect' : 'enrolment.approveCountyEffect')}
              okText={t(stage.act === 'review' ? 'enrolment.approveTownship' : 'enrolment.approveCounty')}
              cancelText={t('common.cancel')}
              disabled={selected.length === 0}
              onConfirm={() => decide(true)}
              okButtonProps={{ ...{ 'data-testid': 'enrolment-approve-ok' } }}
            >
              <Button type="primary" icon={<CheckOutlined />} disabled={selected.length === 0} loading={busy} data-testid="enrolment-approve">
                {t(stage.act === 'review' ? 'enrolment.approveTownship' : 'enrolment.approveCounty')}
              </Button>
            </Popconfirm>
            <Button danger icon={<CloseOutlined />} disabled={selected.length === 0} onClick={() => setRejecting(true)}>
              {t('enrolment.reject')}
            </Button>
          </Space>
        )}
        <Table<ApplicationSummary>
          size="small"
          bordered
          rowKey="id"
          loading={list.loading}
          columns={columns}
          dataSource={list.data.items}
          scroll={{ x: 1000 }}
          rowSelection={actionable ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]) } : undefined}
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
      <ApplicationDrawer id={detailId} onClose={() => setDetailId(null)} />
      <Modal open={rejecting} title={t('enrolment.rejectTitle', { count: selected.length })} okText={t('enrolment.reject')} okButtonProps={{ danger: true, disabled: !reason.trim() }} confirmLoading={busy} onOk={() => void decide(false)} onCancel={() => setRejecting(false)}>
        <Input.TextArea rows={3} maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('enrolment.rejectReason')} />
      </Modal>
    </div>
  );
}
