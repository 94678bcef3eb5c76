import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useAuth } from '../auth';
import PageHeader from '../components/PageHeader';
import AssessmentTab from './indicators/AssessmentTab';
import IndicatorTableTab from './indicators/IndicatorTableTab';
import TargetsTab from './indicators/TargetsTab';
import WeeklyTab from './indicators/WeeklyTab';
import './indicators/indicators.css';

const TABS = ['table', 'targets', 'weekly', 'assessment'] as const;
type Tab = (typeof TABS)[number];

/**
 * 管理指标: the indicators of the caller's region as of any day (drilling down township → village, each figure
 * opening its people), the yearly targets and the progress against them, and the weekly report from the Friday
 * snapshots with the chart of the year, and the yearly assessment of the townships and rewards to the villages (county
 * posts with assessment:view). The tab is kept in the address (?tab=targets, ?tab=weekly, ?tab=assessment).
 */
export default function IndicatorsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const { can } = useAuth();
  const shown = TABS.filter((k) => k !== 'assessment' || can('assessment:view'));
  const asked = params.get('tab');
  const tab: Tab = shown.find((k) => k === asked) ?? 'table';
  return (
    <div className="xnb-indicators">
      <PageHeader title={t('indicators.title')} />
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'table' ? {} : { tab: k }, { replace: true })}
        destroyOnHidden
        items={shown.map((k) => ({
          key: k,
          label: <span data-testid={`indicator-tab-${k}`}>{t(`indicators.tabs.${k}`)}</span>,
          children: k === 'table' ? <IndicatorTableTab /> : k === 'targets' ? <TargetsTab /> : k === 'weekly' ? <WeeklyTab /> : <AssessmentTab />,
        }))}
      />
    </div>
  );
}
