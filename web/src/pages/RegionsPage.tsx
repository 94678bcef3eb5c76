import { Card, Col, Row, Skeleton } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth';
import ErrorAlert from '../components/ErrorAlert';
import PageHeader from '../components/PageHeader';
import { clearRegionTreeCache, useRegionTree } from '../hooks/useRegionTree';
import RegionDetailPanel from './regions/RegionDetailPanel';
import RegionImport from './regions/RegionImport';
import RegionTreePanel from './regions/RegionTreePanel';

export default function RegionsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [version, setVersion] = useState(0);
  const { root, loading, error } = useRegionTree(true, version);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (root && !selected) setSelected(root.code);
  }, [root, selected]);

  const onImported = () => {
    clearRegionTreeCache();
    setVersion((v) => v + 1);
  };

  return (
    <div>
      <PageHeader title={t('menu.regions')} />
      <ErrorAlert error={error} />
      <Row gutter={12}>
        <Col xs={24} md={10} xl={8}>
          <Card size="small" title={t('regions.tree')} className="xnb-card">
            {root ? (
              <RegionTreePanel key={version} root={root} selected={selected} onSelect={setSelected} />
            ) : loading ? (
              <Skeleton active />
            ) : null}
          </Card>
        </Col>
        <Col xs={24} md={14} xl={16}>
          <Card size="small" title={t('regions.detail')} className="xnb-card">
            <RegionDetailPanel code={selected} />
          </Card>
          {can('regions:import') && (
            <Card size="small" title={t('regions.import')} className="xnb-card" style={{ marginTop: 12 }}>
              <RegionImport onImported={onImported} />
            </Card>
          )}
        </Col>
      </Row>
    </div>
  );
}
