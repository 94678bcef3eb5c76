import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Timeliness, UnitState } from './cycleApi';

const STATE_COLOR: Record<UnitState, string> = { open: 'default', submitted: 'success', reopened: 'warning' };
const TIMELINESS_COLOR: Record<Timeliness, string> = { onTime: 'green', late: 'red', missing: 'red', pending: 'default' };

/** 未报送 / 已报送 / 退回重报. */
export function StateTag({ state }: { state: UnitState }) {
  const { t } = useTranslation();
  return <Tag color={STATE_COLOR[state]}>{t(`cycle.states.${state}`)}</Tag>;
}

/** 按时 / 逾期 / 逾期未报 (both in red) / 未到期. */
export function TimelinessTag({ value }: { value: Timeliness }) {
  const { t } = useTranslation();
  return (
    <Tag color={TIMELINESS_COLOR[value]} data-testid={`timeliness-${value}`}>
      {t(`cycle.timeliness.${value}`)}
    </Tag>
  );
}
