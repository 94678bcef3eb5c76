import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import PageHeader from '../components/PageHeader';
import CertificationTab from './pensions/CertificationTab';
import DeathsTab from './pensions/DeathsTab';
import DueTab from './pensions/DueTab';
import DuplicatesTab from './pensions/DuplicatesTab';
import PensionersTab from './pensions/PensionersTab';
import './pensions/pensions.css';

const TABS = ['due', 'pensioners', 'certification', 'deaths', 'duplicates'] as const;
type Tab = (typeof TABS)[number];

/**
 * 待遇核定: the people reaching pension age who have no pension yet (到龄待核定, awarded here by the benefit
 * reviewer), everyone drawing one (领取人员) with each award's details, and their periodic qualification
 * certification (资格认证), and the settlements of those who died (死亡结算: the pension paid after death to
 * recover, the account inherited or returned to the pool), and the pensions another county also pays (重复领取). The tab is kept in the address (?tab=pensioners,
 * ?tab=certification, ?tab=deaths) so a reload or a shared link opens the same one.
 */
export default function PensionsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const tab: Tab = TABS.find((k) => k === asked) ?? 'due';
  return (
    <div>
      <PageHeader title={t('pensions.title')} />
      <Tabs
        className="xnb-pension-tabs"
        activeKey={tab}
        onChange={(k) => setParams(k === 'due' ? {} : { tab: k }, { replace: true })}
        destroyOnHidden={false}
        items={TABS.map((k) => ({
          key: k,
          label: t(`pensions.tabs.${k}`),
          children:
            k === 'due' ? (
              <DueTab active={tab === 'due'} />
            ) : k === 'pensioners' ? (
              <PensionersTab active={tab === 'pensioners'} />
            ) : k === 'certification' ? (
              <CertificationTab active={tab === 'certification'} />
            ) : k === 'deaths' ? (
              <DeathsTab active={tab === 'deaths'} />
            ) : (
              <DuplicatesTab active={tab === 'duplicates'} />
            ),
        }))}
      />
    </div>
  );
}
