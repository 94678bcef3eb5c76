import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { App as AntApp, Button, DatePicker, Descriptions, Empty, Form, Input, Modal, Popconfirm, Space, Table, Tag, Upload, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth';
import DetailDrawer, { useDetail } from '../../components/DetailDrawer';
import ErrorAlert from '../../components/ErrorAlert';
import { useModalForm } from '../../components/useModalForm';
import { chinaToday } from '../pensions/pensionApi';
import { archiveApi, documentHref, type ArchiveDocument, type ArchiveLoan, type ArchiveRecord } from './archiveApi';
import './archives.css';

/** The record's title in the page's language: as filed in Chinese, else its kind and whom or which month it is about. */
export function archiveTitle(r: Pick<ArchiveRecord, 'title' | 'kind' | 'name' | 'detail'>, t: TFunction, lang: string): string {
  if (lang !== 'en') return r.title;
  const subject = r.kind === 'payroll' ? String(r.detail.month ?? '') : (r.name ?? '');
  return `${t(`archives.kind.${r.kind}`, { defaultValue: r.kind })}: ${subject}`;
}

/** 借出 / 在库, red when overdue. */
export function LoanState({ r }: { r: Pick<ArchiveRecord, 'lentTo' | 'dueOn'> }) {
  const { t } = useTranslation();
  if (!r.lentTo) return <span className="xnb-muted">{t('archives.inStore')}</span>;
  const overdue = !!r.dueOn && r.dueOn < chinaToday();
  return (
    <span className={overdue ? 'xnb-archive-overdue-date' : undefined}>
      {t('archives.lentTo', { borrower: r.lentTo, due: r.dueOn })}
      {overdue && (
        <Tag color="error" style={{ marginLeft: 4 }}>
          {t('archives.overdueTag')}
        </Tag>
      )}
    </span>
  );
}

/** The columns of a loan list (the register and a record's history). */
export function loanColumns(t: TFunction, withRecord: boolean, onReturn?: (l: ArchiveLoan) => void): TableColumnsType<ArchiveLoan> {
  return [
    ...(withRecord ? [{ title: t('archives.col.fileNo'), dataIndex: 'fileNo', width: 180 }, { title: t('archives.col.title'), dataIndex: 'title', width: 220, ellipsis: true }] : []),
    { title: t('archives.col.borrower'), dataIndex: 'borrower', width: 120 },
    { title: t('archives.col.unit'), dataIndex: 'borrowerUnit', width: 110, ellipsis: true },
    { title: t('archives.col.purpose'), dataIndex: 'purpose', width: 140, ellipsis: true },
    { title: t('archives.col.lentOn'), dataIndex: 'lentOn', width: 100 },
    {
      title: t('archives.col.dueOn'),
      dataIndex: 'dueOn',
      width: 120,
      render: (v: string, l) =>
        l.overdue ? (
          <span className="xnb-archive-overdue-date" data-testid="loan-overdue">
            {v} <Tag color="error">{t('archives.overdueTag')}</Tag>
          </span>
        ) : (
          v
        ),
    },
    { title: t('archives.col.returnedOn'), dataIndex: 'returnedOn', width: 100, render: (v: string | null) => v ?? '—' },
    { title: t('archives.col.lentBy'), dataIndex: 'lentBy', width: 90 },
    ...(onReturn
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 80,
            render: (_: unknown, l: ArchiveLoan) =>
              l.returnedOn ? null : (
                <Popconfirm title={t('archives.giveBackConfirm', { borrower: l.borrower, fileNo: l.fileNo })} onConfirm={() => onReturn(l)} okButtonProps={{ ...{ 'data-testid': 'loan-return-confirm' } }}>
                  <Button size="small" data-testid="loan-return">
                    {t('archives.giveBack')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]
      : []),
  ];
}

type LendValues = { borrower: string; borrowerUnit?: string; purpose: string; lentOn: Dayjs; dueOn: Dayjs };

/** One archive record: what it files, its scanned documents (download; the archivist uploads) and its loans (the archivist lends and records returns). */
export default function ArchiveDrawer({ id, onClose, onChanged }: { id: number | null; onClose: () => void; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const { can } = useAuth();
  const { message } = AntApp.useApp();
  const canManage = can('archives:manage');
  const { detail: r, error, setError, reload } = useDetail(id, archiveApi.get);
  const [lending, setLending] = useState(false);
  const [uploading, setUploading] = useState(false);
  const changed = () => {
    reload();
    onChanged();
  };
  const lend = useModalForm<LendValues>(lending ? r?.id : null, ['borrower', 'borrowerUnit', 'purpose', 'lentOn', 'dueOn'], async (v) => {
    if (!r) return;
    await archiveApi.lend({ recordId: r.id, borrower: v.borrower, borrowerUnit: v.borrowerUnit || undefined, purpose: v.purpose, lentOn: v.lentOn.format('YYYY-MM-DD'), dueOn: v.dueOn.format('YYYY-MM-DD') });
    message.success(t('archives.lent', { fileNo: r.fileNo }));
    setLending(false);
    changed();
  });
  const giveBack = async (l: ArchiveLoan) => {
    try {
      await archiveApi.giveBack(l.id, chinaToday());
      message.success(t('archives.returned'));
      changed();
    } catch (e) {
      setError(e);
    }
  };
  const upload = async (file: File) => {
    if (!r) return;
    setUploading(true);
    try {
      const d = await archiveApi.upload(r.id, file);
      message.success(t('archives.uploaded', { name: d.fileName }));
      changed();
    } catch (e) {
      setError(e);
    } finally {
      setUploading(false);
    }
  };

  const docColumns: TableColumnsType<ArchiveDocument> = [
    {
      title: t('archives.col.fileName'),
      dataIndex: 'fileName',
      render: (v: string, d) =>
        r && (
          <a href={documentHref(r.id, d.id)} download={v} data-testid="archive-document">
            <DownloadOutlined /> {v}
          </a>
        ),
    },
    { title: t('archives.col.size'), dataIndex: 'size', width: 90, align: 'right', render: (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`) },
    { title: t('archives.col.uploadedBy'), dataIndex: 'uploadedBy', width: 100 },
    { title: t('archives.col.uploadedAt'), dataIndex: 'uploadedAt', width: 150, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
  ];

  return (
    <DetailDrawer
      open={id !== null}
      onClose={onClose}
      size={820}
      title={r ? `${r.fileNo}　${archiveTitle(r, t, i18n.language)}` : t('archives.details')}
      error={error}
      loading={!r}
      extra={
        r &&
        canManage && (
          <Space>
            <Upload accept=".pdf,.jpg,.jpeg,.png" showUploadList={false} beforeUpload={(f) => (void upload(f), false)}>
              <Button icon={<UploadOutlined />} loading={uploading} data-testid="archive-upload">
                {t('archives.upload')}
              </Button>
            </Upload>
            <Button type="primary" disabled={!!r.lentTo} onClick={() => setLending(true)} data-testid="archive-lend">
              {t('archives.lend')}
            </Button>
          </Space>
        )
      }
    >
      {r && (
        <div data-testid="archive-drawer">
          <Descriptions bordered size="small" column={2}>
            <Descriptions.Item label={t('archives.col.fileNo')}>{r.fileNo}</Descriptions.Item>
            <Descriptions.Item label={t('archives.col.category')}>{t(`archives.category.${r.category}`)}</Descriptions.Item>
            <Descriptions.Item label={t('archives.col.title')} span={2}>
              {archiveTitle(r, t, i18n.language)}
            </Descriptions.Item>
            <Descriptions.Item label={t('archives.col.filedOn')}>{r.filedOn}</Descriptions.Item>
            <Descriptions.Item label={t('archives.col.year')}>{r.year}</Descriptions.Item>
            <Descriptions.Item label={t('archives.person')}>{r.name ? `${r.name}　${r.idNumberMasked ?? ''}` : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('archives.col.region')}>{[r.townshipName, r.regionName].filter(Boolean).join(' / ')}</Descriptions.Item>
            <Descriptions.Item label={t('archives.col.source')}>{`${r.sourceKind} #${r.sourceId}`}</Descriptions.Item>
            <Descriptions.Item label={t('archives.col.lent')}>
              <LoanState r={r} />
            </Descriptions.Item>
          </Descriptions>
          <h4 style={{ marginTop: 16 }}>
            {t('archives.documents')} <span className="xnb-muted">（{t('archives.uploadHint')}）</span>
          </h4>
          {r.documentList.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('archives.noDocuments')} /> : <Table<ArchiveDocument> size="small" rowKey="id" pagination={false} columns={docColumns} dataSource={r.documentList} />}
          <h4 style={{ marginTop: 16 }}>{t('archives.loans')}</h4>
          {r.loans.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('archives.noLoans')} />
          ) : (
            <Table<ArchiveLoan> size="small" rowKey="id" pagination={false} rowClassName={(l) => (l.overdue ? 'xnb-archive-overdue' : '')} columns={loanColumns(t, false, canManage ? (l) => void giveBack(l) : undefined)} dataSource={r.loans} scroll={{ x: 760 }} />
          )}
        </div>
      )}
      <Modal open={lending} title={`${t('archives.lend')}　${r?.fileNo ?? ''}`} onCancel={() => setLending(false)} onOk={() => void lend.submit()} confirmLoading={lend.busy} okButtonProps={{ ...{ 'data-testid': 'archive-lend-ok' } }}>
        <ErrorAlert error={lend.error} />
        <Form form={lend.form} layout="vertical" initialValues={{ lentOn: dayjs(chinaToday()), dueOn: dayjs(chinaToday()).add(14, 'day') }}>
          <Form.Item name="borrower" label={t('archives.col.borrower')} rules={[{ required: true, max: 40 }]}>
            <Input data-testid="lend-borrower" />
          </Form.Item>
          <Form.Item name="borrowerUnit" label={t('archives.col.unit')} rules={[{ max: 60 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="purpose" label={t('archives.col.purpose')} rules={[{ required: true, max: 200 }]}>
            <Input data-testid="lend-purpose" />
          </Form.Item>
          <Space>
            <Form.Item name="lentOn" label={t('archives.col.lentOn')} rules={[{ required: true }]}>
              <DatePicker disabledDate={(d) => d.format('YYYY-MM-DD') > chinaToday()} />
            </Form.Item>
            {/* The due date lies ahead: not checked against today. */}
            <Form.Item name="dueOn" label={t('archives.col.dueOn')} rules={[{ required: true }]}>
              <DatePicker />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
    </DetailDrawer>
  );
}
