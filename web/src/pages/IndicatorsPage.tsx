import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import PageHeader from '../components/PageHeader';
import IndicatorTableTab from './indicators/IndicatorTableTab';
import TargetsTab from './indicators/TargetsTab';
import WeeklyTab from './indicators/WeeklyTab';
import './indicators/indicators.css';

const TABS = ['table', 'targets', 'weekly'] as const;
type Tab = (typeof TABS)[number];

/**
 * 管理指标: the indicators of the caller's region as of any day (drilling down township → village, each figure
 * opening its people), the yearly targets and the progress against them, and the weekly report from the Friday
 * snapshots with the chart of the year. The tab is kept in the address (?tab=targets, ?tab=weekly).
 */
export default function IndicatorsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const tab: Tab = TABS.find((k) => k === asked) ?? 'table';
  return (
    <div className="xnb-indicators">
      <PageHeader title={t('indicators.title')} />
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'table' ? {} : { tab: k }, { replace: true })}
        destroyOnHidden
        items={TABS.map((k) => ({
          key: k,
          label: <span data-testid={`indicator-tab-${k}`}>{t(`indicators.tabs.${k}`)}</span>,
          children: k === 'table' ? <IndicatorTableTab /> : k === 'targets' ? <TargetsTab /> : <WeeklyTab />,
        }))}
      />
    </div>
  );
}
