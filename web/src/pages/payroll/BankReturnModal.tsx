import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { ImportModal } from '../../components/FileImport';
import { fenToYuan } from '../../format';
import { payrollApi, RETURN_TEMPLATE_HREF, type BankReturnResult } from './payrollApi';

/**
 * 上传银行回盘: the agent bank's file listing the payments that failed (付款编号, 公民身份号码, 失败原因; the
 * header row alone = all paid). Every row is checked before anything changes; the row errors are listed.
 * Once accepted the payroll is settled.
 */
export default function BankReturnModal({ month, open, onClose, onSettled }: { month: string; open: boolean; onClose: () => void; onSettled: (r: BankReturnResult) => void }) {
  const { t } = useTranslation();
  return (
    <ImportModal<BankReturnResult>
      open={open}
      title={t('payroll.returnTitle', { month })}
      width={720}
      onClose={onClose}
      closeTestId="payroll-return-close"
      hint={t('payroll.returnHint')}
      template={{ href: RETURN_TEMPLATE_HREF, label: t('payroll.returnTemplate') }}
      upload={(file) => payrollApi.bankReturn(month, file)}
      onDone={onSettled}
      once
      buttonLabel={t('payroll.chooseFile')}
      buttonTestId="payroll-return-file"
      outcomeTestId="payroll-return-outcome"
      errorsTestId="payroll-return-errors"
      nothingApplied={t('payroll.returnNothing')}
      fieldLabel={(f) => t(`payroll.returnField.${f}`, { defaultValue: f })}
      renderResult={(r) => (
        <Alert
          type={r.failed > 0 ? 'warning' : 'success'}
          showIcon
          style={{ marginTop: 12 }}
          title={t('payroll.returnDone', { paid: r.paid.toLocaleString(), failed: r.failed.toLocaleString(), amount: fenToYuan(r.failedAmount) })}
          description={r.unchanged ? t('payroll.returnUnchanged') : t('payroll.returnSettled')}
        />
      )}
    />
  );
}
