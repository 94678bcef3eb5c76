import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Space, Table, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type ImportRowError } from '../../api';
import ErrorAlert from '../../components/ErrorAlert';
import { enrolmentApi } from './enrolmentApi';

type Outcome =
  | { kind: 'ok'; batchId: number; submitted: number; warnings: ImportRowError[] }
  | { kind: 'rows'; message: string; errors: ImportRowError[]; total: number }
  | { kind: 'error'; error: unknown };

function RowTable({ rows }: { rows: ImportRowError[] }) {
  const { t } = useTranslation();
  return (
    <Table<ImportRowError>
      size="small"
      bordered
      rowKey={(r, i) => `${r.row ?? ''}-${r.field ?? ''}-${i ?? 0}`}
      dataSource={rows}
      pagination={rows.length > 10 ? { pageSize: 10, size: 'small' } : false}
      columns={[
        { title: t('regions.row'), dataIndex: 'row', width: 60 },
        { title: t('regions.field'), dataIndex: 'field', width: 150, render: (f: string) => t(`enrolment.${f}`, { defaultValue: f }) },
        { title: t('regions.error'), dataIndex: 'message' },
      ]}
    />
  );
}

/** A batch of applications from the Excel template (or CSV): all rows or none, each file once. */
export default function ApplicationImportModal({ open, onClose, onImported }: { open: boolean; onClose: () => void; onImported: (batchId: number) => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const upload = async (file: File) => {
    setBusy(true);
    setOutcome(null);
    try {
      const r = await enrolmentApi.import(file);
      setOutcome({ kind: 'ok', ...r });
      onImported(r.batchId);
    } catch (e) {
      const list = e instanceof ApiError && Array.isArray(e.body?.errors) ? (e.body.errors as ImportRowError[]) : null;
      const total = e instanceof ApiError && typeof e.body?.errorCount === 'number' ? e.body.errorCount : (list?.length ?? 0);
      setOutcome(list && list.length ? { kind: 'rows', message: (e as Error).message, errors: list, total } : { kind: 'error', error: e });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title={t('enrolment.importTitle')} width={760} footer={null} onCancel={() => { setOutcome(null); onClose(); }} destroyOnHidden>
      <p className="xnb-muted">{t('enrolment.importHint')}</p>
      <Space>
        <Button icon={<DownloadOutlined />} href={enrolmentApi.templateUrl}>
          {t('enrolment.template')}
        </Button>
        <Upload
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          showUploadList={false}
          maxCount={1}
          beforeUpload={(file) => {
            void upload(file);
            return false;
          }}
        >
          <Button type="primary" icon={<UploadOutlined />} loading={busy} data-testid="enrolment-import-button">
            {t('enrolment.chooseFile')}
          </Button>
        </Upload>
      </Space>
      {outcome?.kind === 'ok' && <Alert type="success" showIcon style={{ marginTop: 12 }} title={t('enrolment.importDone', { submitted: outcome.submitted, batchId: outcome.batchId })} />}
      {outcome?.kind === 'ok' && outcome.warnings.length > 0 && (
        <>
          <Alert type="warning" showIcon style={{ marginTop: 8, marginBottom: 8 }} title={t('enrolment.importWarnings')} />
          <RowTable rows={outcome.warnings} />
        </>
      )}
      {outcome?.kind === 'error' && <ErrorAlert error={outcome.error} style={{ marginTop: 12 }} />}
      {outcome?.kind === 'rows' && (
        <>
          <Alert type="error" showIcon style={{ marginTop: 12, marginBottom: 8 }} title={outcome.message} description={t('enrolment.importNothing')} />
          {outcome.total > outcome.errors.length && <p className="xnb-muted">{t('enrolment.importMoreErrors', { total: outcome.total, shown: outcome.errors.length })}</p>}
          <RowTable rows={outcome.errors} />
        </>
      )}
    </Modal>
  );
}
