import { UploadOutlined } from '@ant-design/icons';
import { Button, Card, Tabs } from 'antd';
import { useCallback, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useAuth } from '../auth';
import PageHeader from '../components/PageHeader';
import BatchesTab from './crosscheck/BatchesTab';
import HitsTab from './crosscheck/HitsTab';
import LoadModal from './crosscheck/LoadModal';
import type { BatchPage } from './crosscheck/crossCheckApi';

const TABS = ['hits', 'batches'] as const;

/**
 * 数据比对: the county loads the outside registries (employee and institution pensions, death records, the bank's
 * cards) and each hit waits in the queue for its role — the county stops a dual benefit or settles a death, the
 * township re-checks contradictory data and corrects bank accounts — with the seed's figures above (checked,
 * matched, removed, re-checked, resolved). The tab is kept in the address (?tab=batches).
 */
export default function CrossCheckPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((k) => k === params.get('tab')) ?? 'hits';
  const [loading, setLoading] = useState(false);
  const [version, setVersion] = useState(0);
  const [overview, setOverview] = useState<BatchPage['overview'] | null>(null);
  const onOverview = useCallback((o: BatchPage['overview']) => setOverview(o), []);
  return (
    <div>
      <PageHeader
        title={t('crossCheck.title')}
        extra={
          can('crosscheck:load') && (
            <Button type="primary" icon={<UploadOutlined />} onClick={() => setLoading(true)} data-testid="cc-load">
              {t('crossCheck.load')}
            </Button>
          )
        }
      />
      <Card size="small" className="xnb-card" style={{ marginBottom: 12 }}>
        <p className="xnb-muted" style={{ marginTop: 0 }}>
          {t('crossCheck.intro')}
        </p>
        <div data-testid="cc-overview">{overview && <Trans i18nKey="crossCheck.overview" values={{ ...overview, rows: overview.rows.toLocaleString() }} components={{ b: <strong /> }} />}</div>
      </Card>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'hits' ? {} : { tab: k }, { replace: true })}
        destroyOnHidden={false}
        items={[
          { key: 'hits', label: t('crossCheck.tabs.hits'), children: <HitsTab active={tab === 'hits'} version={version} onChanged={() => setVersion((v) => v + 1)} /> },
          { key: 'batches', label: t('crossCheck.tabs.batches'), forceRender: true, children: <BatchesTab active={tab === 'batches'} version={version} onOverview={onOverview} /> },
        ]}
      />
      <LoadModal
        open={loading}
        onClose={() => setLoading(false)}
        onLoaded={() => setVersion((v) => v + 1)}
      />
    </div>
  );
}
