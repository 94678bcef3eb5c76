import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PaymentKind, PaymentLine, PaymentStatus, PayrollStatus } from './payrollApi';

const PAYROLL_COLOR: Record<PayrollStatus, string> = { generating: 'processing', generated: 'orange', returned: 'red', approved: 'blue', settled: 'success' };
const PAYMENT_COLOR: Record<PaymentStatus, string> = { pending: 'default', paid: 'success', failed: 'error', withdrawn: 'warning' };

/** 生成中 / 待审核 / 已退回 / 已审核 / 已结算 of a month's payroll. */
export function PayrollStatusTag({ status }: { status: PayrollStatus | string }) {
  const { t } = useTranslation();
  return (
    <Tag color={PAYROLL_COLOR[status as PayrollStatus] ?? 'default'} data-testid="payroll-status">
      {t(`payroll.statuses.${status}`, { defaultValue: status })}
    </Tag>
  );
}

/** 待发放 / 已发放 / 发放失败 of one payment; a failure shows its reason on hover. */
export function PaymentStatusTag({ line }: { line: Pick<PaymentLine, 'status' | 'failureReason'> }) {
  const { t } = useTranslation();
  const tag = (
    <Tag color={PAYMENT_COLOR[line.status] ?? 'default'} className="xnb-payroll-tag">
      {t(`payroll.lineStatuses.${line.status}`, { defaultValue: line.status })}
    </Tag>
  );
  return line.status === 'failed' && line.failureReason ? <Tooltip title={line.failureReason}>{tag}</Tooltip> : tag;
}

/** 正常 / 补发 (a failed payment of an earlier month paid again). */
export function KindTag({ kind }: { kind: PaymentKind }) {
  const { t } = useTranslation();
  return kind === 'repay' ? (
    <Tooltip title={t('payroll.repayHint')}>
      <Tag color="purple" className="xnb-payroll-tag">
        {t('payroll.kinds.repay')}
      </Tag>
    </Tooltip>
  ) : (
    <span className="xnb-payroll-regular">{t('payroll.kinds.regular')}</span>
  );
}
