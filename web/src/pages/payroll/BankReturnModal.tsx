import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Space, Table, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type ImportRowError } from '../../api';
import ErrorAlert from '../../components/ErrorAlert';
import { fenToYuan } from '../../format';
import { payrollApi, RETURN_TEMPLATE_HREF, type BankReturnResult } from './payrollApi';

type Outcome = { kind: 'ok'; result: BankReturnResult } | { kind: 'rows'; message: string; errors: ImportRowError[] } | { kind: 'error'; error: unknown };

/**
 * 上传银行回盘: the agent bank's file listing the payments that failed (付款编号, 公民身份号码, 失败原因; the
 * header row alone = all paid). Every row is checked before anything changes; the row errors are listed.
 * Once accepted the payroll is settled.
 */
export default function BankReturnModal({ month, open, onClose, onSettled }: { month: string; open: boolean; onClose: () => void; onSettled: (r: BankReturnResult) => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const upload = async (file: File) => {
    setBusy(true);
    setOutcome(null);
    try {
      const result = await payrollApi.bankReturn(month, file);
      setOutcome({ kind: 'ok', result });
      onSettled(result);
    } catch (e) {
      const list = e instanceof ApiError && Array.isArray(e.body?.errors) ? (e.body.errors as ImportRowError[]) : null;
      setOutcome(list && list.length ? { kind: 'rows', message: (e as Error).message, errors: list } : { kind: 'error', error: e });
    } finally {
      setBusy(false);
    }
  };
  const settled = outcome?.kind === 'ok';

  return (
    <Modal
      open={open}
      title={t('payroll.returnTitle', { month })}
      width={720}
      footer={
        <Button onClick={onClose} type={settled ? 'primary' : 'default'} data-testid="payroll-return-close">
          {t(settled ? 'payroll.close' : 'common.cancel')}
        </Button>
      }
      onCancel={onClose}
      afterOpenChange={(o) => !o && setOutcome(null)}
      destroyOnHidden
    >
      <p className="xnb-muted">{t('payroll.returnHint')}</p>
      <Space wrap>
        <Button icon={<DownloadOutlined />} href={RETURN_TEMPLATE_HREF} download={`bank-return-${month}.csv`}>
          {t('payroll.returnTemplate')}
        </Button>
        {!settled && (
          <Upload
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            showUploadList={false}
            maxCount={1}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
          >
            <Button type="primary" icon={<UploadOutlined />} loading={busy} data-testid="payroll-return-file">
              {t('payroll.chooseFile')}
            </Button>
          </Upload>
        )}
      </Space>
      <div data-testid="payroll-return-outcome">
        {outcome?.kind === 'ok' && (
          <Alert
            type={outcome.result.failed > 0 ? 'warning' : 'success'}
            showIcon
            style={{ marginTop: 12 }}
            title={t('payroll.returnDone', { paid: outcome.result.paid.toLocaleString(), failed: outcome.result.failed.toLocaleString(), amount: fenToYuan(outcome.result.failedAmount) })}
            description={outcome.result.unchanged ? t('payroll.returnUnchanged') : t('payroll.returnSettled')}
          />
        )}
        {outcome?.kind === 'error' && <ErrorAlert error={outcome.error} style={{ marginTop: 12 }} />}
        {outcome?.kind === 'rows' && (
          <>
            <Alert type="error" showIcon style={{ marginTop: 12, marginBottom: 8 }} title={outcome.message} description={t('payroll.returnNothing')} />
            <Table<ImportRowError>
              size="small"
              bordered
              rowKey={(r, i) => `${r.row ?? ''}-${r.field ?? ''}-${i ?? 0}`}
              dataSource={outcome.errors}
              data-testid="payroll-return-errors"
              pagination={outcome.errors.length > 10 ? { pageSize: 10, size: 'small' } : false}
              columns={[
                { title: t('payroll.row'), dataIndex: 'row', width: 64, align: 'center' },
                { title: t('payroll.field'), dataIndex: 'field', width: 130, render: (f: string) => t(`payroll.returnField.${f}`, { defaultValue: f }) },
                { title: t('payroll.error'), dataIndex: 'message' },
              ]}
            />
          </>
        )}
      </div>
    </Modal>
  );
}
