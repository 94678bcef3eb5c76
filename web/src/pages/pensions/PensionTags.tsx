import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DueRow, PensionStatus } from './pensionApi';

const STATUS_COLOR: Record<PensionStatus, string> = { active: 'success', suspended: 'warning', stopped: 'default' };

/** 正常 / 暂停 / 终止 of a pension. */
export function PensionStatusTag({ status }: { status: PensionStatus | string }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOR[status as PensionStatus] ?? 'default'}>{t(`pensions.statuses.${status}`, { defaultValue: status })}</Tag>;
}

/** 可核定 (green) or 需补缴 N 年 (orange) of a person due for award. */
export function EligibilityTag({ row }: { row: Pick<DueRow, 'eligible' | 'backPayRequired' | 'reason'> }) {
  const { t, i18n } = useTranslation();
  const why = row.reason[i18n.language === 'en' ? 'en' : 'zh-CN'];
  if (row.eligible)
    return (
      <Tooltip title={why}>
        <Tag color="success" data-testid="due-eligible">
          {t('pensions.eligible')}
        </Tag>
      </Tooltip>
    );
  if (row.backPayRequired === 0)
    return (
      <Tooltip title={why}>
        <Tag color="default" data-testid="due-later">
          {t('pensions.notYet')}
        </Tag>
      </Tooltip>
    );
  return (
    <Tooltip title={`${t('pensions.backPayHint', { count: row.backPayRequired })} ${why}`}>
      <Tag color="orange" data-testid="due-backpay">
        {t('pensions.backPay', { count: row.backPayRequired })}
      </Tag>
    </Tooltip>
  );
}
