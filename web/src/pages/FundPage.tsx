import { Tabs } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useAuth } from '../auth';
import PageHeader from '../components/PageHeader';
import AllocationsTab from './fund/AllocationsTab';
import OpeningTab from './fund/OpeningTab';
import { isDefaultPeriod, readPeriod } from './fund/PeriodPicker';
import StatementTab from './fund/StatementTab';
import SubsidiesTab from './fund/SubsidiesTab';
import SweepTab from './fund/SweepTab';
import './pensions/pensions.css';
import './payroll/payroll.css';
import './fund/fund.css';

const TABS = ['statement', 'sweep', 'allocations', 'subsidies', 'opening'] as const;
type Tab = (typeof TABS)[number];

/**
 * 基金财务: the fund's books from the ledger — the statement with its drill-down and files, the income
 * account's sweeps (and deposit interest), the payroll allocations, what each level of government owes and
 * the requests to it, and a migrated county's opening balances. The tab and the period are kept in the
 * address (?tab=subsidies&from=2026-01&to=2026-06).
 */
export default function FundPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const shown = TABS.filter((k) => k !== 'opening' || can('fund:record'));
  const asked = params.get('tab') as Tab | null;
  const tab: Tab = asked && shown.includes(asked) ? asked : 'statement';
  const from = params.get('from');
  const to = params.get('to');
  const period = useMemo(() => readPeriod(from, to), [from, to]);

  const go = (next: { tab?: Tab; period?: { from: string; to: string } }) => {
    const p = new URLSearchParams();
    const k = next.tab ?? tab;
    if (k !== 'statement') p.set('tab', k);
    const per = next.period ?? period;
    if (!isDefaultPeriod(per)) {
      p.set('from', per.from);
      p.set('to', per.to);
    }
    setParams(p, { replace: true });
  };

  const content = (k: Tab) => {
    switch (k) {
      case 'statement':
        return <StatementTab active={tab === 'statement'} period={period} onPeriod={(p) => go({ period: p })} />;
      case 'sweep':
        return <SweepTab active={tab === 'sweep'} />;
      case 'allocations':
        return <AllocationsTab active={tab === 'allocations'} />;
      case 'subsidies':
        return <SubsidiesTab active={tab === 'subsidies'} period={period} onPeriod={(p) => go({ period: p })} />;
      case 'opening':
        return <OpeningTab active={tab === 'opening'} />;
    }
  };

  return (
    <div className="xnb-fund">
      <PageHeader title={t('fund.title')} />
      <Tabs
        className="xnb-fund-tabs"
        activeKey={tab}
        onChange={(k) => go({ tab: k as Tab })}
        destroyOnHidden={false}
        items={shown.map((k) => ({ key: k, label: t(`fund.tabs.${k}`), children: content(k) }))}
      />
    </div>
  );
}
