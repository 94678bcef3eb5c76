import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Table, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type ImportRowError } from '../../api';
import ErrorAlert from '../../components/ErrorAlert';

type Outcome =
  | { kind: 'ok'; inserted: number; updated: number; unchanged: number }
  | { kind: 'rows'; message: string; errors: ImportRowError[] }
  | { kind: 'error'; error: unknown };

function rowErrors(e: unknown): ImportRowError[] | null {
  if (!(e instanceof ApiError)) return null;
  const list = e.body?.errors;
  if (Array.isArray(list) && list.length) return list as ImportRowError[];
  if (e.row !== undefined) return [{ row: e.row, field: e.field, message: e.message }];
  return null;
}

/** Upload of a CSV/XLSX region list (POST /api/regions/import); row errors are listed in a table. */
export default function RegionImport({ onImported }: { onImported: () => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const upload = async (file: File) => {
    setBusy(true);
    setOutcome(null);
    try {
      const r = await api.importRegions(file);
      setOutcome({ kind: 'ok', inserted: r.inserted, updated: r.updated, unchanged: r.unchanged ?? 0 });
      onImported();
    } catch (e) {
      const errors = rowErrors(e);
      setOutcome(errors ? { kind: 'rows', message: (e as Error).message, errors } : { kind: 'error', error: e });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="region-import">
      <p className="xnb-muted">{t('regions.importHint')}</p>
      <Upload
        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        showUploadList={false}
        maxCount={1}
        beforeUpload={(file) => {
          void upload(file);
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} loading={busy}>
          {t('regions.importButton')}
        </Button>
      </Upload>
      {outcome?.kind === 'ok' && (
        <Alert type="success" showIcon style={{ marginTop: 12 }} title={t('regions.importDone', { inserted: outcome.inserted, updated: outcome.updated, unchanged: outcome.unchanged })} />
      )}
      {outcome?.kind === 'error' && <ErrorAlert error={outcome.error} style={{ marginTop: 12 }} />}
      {outcome?.kind === 'rows' && (
        <>
          <Alert type="error" showIcon style={{ marginTop: 12, marginBottom: 8 }} title={t('regions.importFailed')} description={outcome.message} />
          <Table<ImportRowError>
            size="small"
            bordered
            rowKey={(r, i) => `${r.row ?? ''}-${r.field ?? ''}-${i ?? 0}`}
            dataSource={outcome.errors}
            pagination={outcome.errors.length > 10 ? { pageSize: 10, size: 'small' } : false}
            columns={[
              { title: t('regions.row'), dataIndex: 'row', width: 70 },
              { title: t('regions.field'), dataIndex: 'field', width: 90 },
              { title: t('regions.error'), dataIndex: 'message' },
            ]}
          />
        </>
      )}
    </div>
  );
}
