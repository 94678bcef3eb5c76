import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import PageHeader from '../components/PageHeader';
import LedgerTab from './contributions/LedgerTab';
import PlanTab from './contributions/PlanTab';
import './contributions/contributions.css';

const TABS = ['plan', 'ledger'] as const;
type Tab = (typeof TABS)[number];

/**
 * 缴费征收: the collection plan of a year (who has paid, 收款 for who has not) and the collection ledger
 * (every payment recorded, totals by source, export, 冲正 by the account manager). The tab is kept in the
 * address (?tab=ledger) so a reload or a shared link opens the same one.
 */
export default function ContributionsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab: Tab = params.get('tab') === 'ledger' ? 'ledger' : 'plan';
  return (
    <div>
      <PageHeader title={t('contributions.title')} />
      <Tabs
        className="xnb-contrib-tabs"
        activeKey={tab}
        onChange={(k) => setParams(k === 'plan' ? {} : { tab: k }, { replace: true })}
        destroyOnHidden={false}
        items={TABS.map((k) => ({ key: k, label: t(`contributions.tabs.${k}`), children: k === 'plan' ? <PlanTab active={tab === 'plan'} /> : <LedgerTab active={tab === 'ledger'} /> }))}
      />
    </div>
  );
}
