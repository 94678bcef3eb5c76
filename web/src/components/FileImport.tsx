import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Space, Table, Upload } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type ImportRowError } from '../api';
import ErrorAlert from './ErrorAlert';

const ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Outcome<R> = { kind: 'ok'; result: R } | { kind: 'rows'; message: string; errors: ImportRowError[]; total: number } | { kind: 'error'; error: unknown };

/**
 * The row errors of a refused file: the server lists the first ones (`errors`) and counts them all
 * (`errorCount`); a single-row error comes as `row`/`field` on the error itself. Null: not a row error.
 */
export function rowErrorsOf(e: unknown): { errors: ImportRowError[]; total: number } | null {
  if (!(e instanceof ApiError)) return null;
  const list = e.body?.errors;
  if (Array.isArray(list) && list.length) {
    const count = e.body?.errorCount;
    return { errors: list as ImportRowError[], total: typeof count === 'number' && count > list.length ? count : list.length };
  }
  if (e.row !== undefined) return { errors: [{ row: e.row, field: e.field, message: e.message }], total: 1 };
  return null;
}

/** Row, field and message of each row error, paged by ten; "N errors in all, the first M listed" when cut. */
export function ImportErrorTable({ errors, total, fieldLabel, testId }: { errors: ImportRowError[]; total?: number; fieldLabel?: (field: string) => string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <>
      {total !== undefined && total > errors.length && (
        <p className="xnb-muted" data-testid="import-more-errors">
          {t('fileImport.moreErrors', { total: total.toLocaleString(), shown: errors.length.toLocaleString() })}
        </p>
      )}
      <Table<ImportRowError>
        size="small"
        bordered
        rowKey={(r, i) => `${r.row ?? ''}-${r.field ?? ''}-${i ?? 0}`}
        dataSource={errors}
        data-testid={testId}
        pagination={errors.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
        columns={[
          { title: t('fileImport.row'), dataIndex: 'row', width: 64, align: 'center' },
          { title: t('fileImport.field'), dataIndex: 'field', width: 150, render: (f?: string) => (f ? (fieldLabel ? fieldLabel(f) : f) : '') },
          { title: t('fileImport.error'), dataIndex: 'message' },
        ]}
      />
    </>
  );
}

export interface FileImportProps<R> {
  /** What the file is and what happens to it. */
  hint: ReactNode;
  /** Sends the file; resolves with the outcome, rejects with an ApiError (row errors in its body). */
  upload: (file: File) => Promise<R>;
  /** Called once the server accepted the file. */
  onDone?: (result: R) => void;
  /** The outcome of an accepted file (an Alert, a table of warnings…). */
  renderResult: (result: R) => ReactNode;
  buttonLabel: string;
  buttonTestId?: string;
  template?: { href: string; label: string; download?: string };
  /** Said under a refused file's message: nothing was applied. */
  nothingApplied: string;
  fieldLabel?: (field: string) => string;
  /** Hide the upload button once a file was accepted (a payroll is settled once). */
  once?: boolean;
  errorsTestId?: string;
  outcomeTestId?: string;
  /** Reports whether a file was accepted (for a dialog's footer). */
  onOutcome?: (accepted: boolean) => void;
}

/**
 * One way to upload a CSV/Excel file everywhere: template link, file button, and after the upload
 * either the result, a whole-file error, or the row errors (first ones listed, all counted) with the
 * reminder that nothing was applied.
 */
export function FileImport<R>(props: FileImportProps<R>) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome<R> | null>(null);

  const upload = async (file: File) => {
    setBusy(true);
    setOutcome(null);
    props.onOutcome?.(false);
    try {
      const result = await props.upload(file);
      setOutcome({ kind: 'ok', result });
      props.onOutcome?.(true);
      props.onDone?.(result);
    } catch (e) {
      const rows = rowErrorsOf(e);
      setOutcome(rows ? { kind: 'rows', message: (e as Error).message, ...rows } : { kind: 'error', error: e });
    } finally {
      setBusy(false);
    }
  };
  const accepted = outcome?.kind === 'ok';

  return (
    <div>
      <p className="xnb-muted">{props.hint}</p>
      <Space wrap>
        {props.template && (
          <Button icon={<DownloadOutlined />} href={props.template.href} {...(props.template.download ? { download: props.template.download } : {})}>
            {props.template.label}
          </Button>
        )}
        {!(props.once && accepted) && (
          <Upload
            accept={ACCEPT}
            showUploadList={false}
            maxCount={1}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
          >
            <Button type="primary" icon={<UploadOutlined />} loading={busy} data-testid={props.buttonTestId}>
              {busy ? t('fileImport.checking') : props.buttonLabel}
            </Button>
          </Upload>
        )}
      </Space>
      <div data-testid={props.outcomeTestId}>
        {outcome?.kind === 'ok' && props.renderResult(outcome.result)}
        {outcome?.kind === 'error' && <ErrorAlert error={outcome.error} style={{ marginTop: 12 }} />}
        {outcome?.kind === 'rows' && (
          <>
            <Alert type="error" showIcon style={{ marginTop: 12, marginBottom: 8 }} title={outcome.message} description={props.nothingApplied} />
            <ImportErrorTable errors={outcome.errors} total={outcome.total} {...(props.fieldLabel ? { fieldLabel: props.fieldLabel } : {})} {...(props.errorsTestId ? { testId: props.errorsTestId } : {})} />
          </>
        )}
      </div>
    </div>
  );
}

/** FileImport in a dialog; the footer closes it ("Close" once the file was accepted, "Cancel" before). */
export function ImportModal<R>({ open, title, width, onClose, closeTestId, ...props }: FileImportProps<R> & { open: boolean; title: ReactNode; width?: number; onClose: () => void; closeTestId?: string }) {
  const { t } = useTranslation();
  const [accepted, setAccepted] = useState(false);
  return (
    <Modal
      open={open}
      title={title}
      width={width ?? 760}
      onCancel={onClose}
      afterOpenChange={(o) => !o && setAccepted(false)}
      destroyOnHidden
      footer={
        <Button onClick={onClose} type={accepted ? 'primary' : 'default'} data-testid={closeTestId}>
          {t(accepted ? 'fileImport.close' : 'common.cancel')}
        </Button>
      }
    >
      <FileImport<R> {...props} onOutcome={(a) => { setAccepted(a); props.onOutcome?.(a); }} />
    </Modal>
  );
}
