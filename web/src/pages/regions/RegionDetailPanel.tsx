import { Descriptions, Empty, Skeleton } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type RegionDetail } from '../../api';
import ErrorAlert from '../../components/ErrorAlert';
import { formatNumber, pathText } from '../../format';

const COUNT_LABELS: [keyof RegionDetail['counts'], string, RegionDetail['region']['level'][]?][] = [
  ['townships', 'home.townships', ['county']],
  ['villages', 'home.villages', ['county', 'township']],
  ['households', 'home.households'],
  ['residents', 'home.residents'],
  ['residentsAged60Plus', 'home.aged60'],
  ['staff', 'home.staff'],
];

export default function RegionDetailPanel({ code }: { code: string | undefined }) {
  const { t, i18n } = useTranslation();
  const [detail, setDetail] = useState<RegionDetail | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!code) return;
    let alive = true;
    setDetail(null);
    setError(null);
    api
      .region(code)
      .then((d) => alive && setDetail(d))
      .catch((e: unknown) => alive && setError(e));
    return () => {
      alive = false;
    };
  }, [code, i18n.language]);

  if (!code) return <Empty description={t('regions.selectHint')} />;
  if (error) return <ErrorAlert error={error} />;
  if (!detail) return <Skeleton active paragraph={{ rows: 4 }} />;
  const { region, path, counts } = detail;
  const shown = COUNT_LABELS.filter(([k, , levels]) => typeof counts[k] === 'number' && (!levels || levels.includes(region.level)));
  return (
    <div data-testid="region-detail">
      <Descriptions size="small" bordered column={1} styles={{ label: { width: 120 } }}>
        <Descriptions.Item label={t('region.name')}>{region.name}</Descriptions.Item>
        <Descriptions.Item label={t('region.code')}>
          <span className="xnb-mono">{region.code}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('region.level')}>{t(`level.${region.level}`)}</Descriptions.Item>
        <Descriptions.Item label={t('region.path')}>{pathText(region, path)}</Descriptions.Item>
        {shown.map(([k, label]) => (
          <Descriptions.Item key={k} label={t(label)}>
            {formatNumber(counts[k] as number, i18n.language)}
          </Descriptions.Item>
        ))}
      </Descriptions>
    </div>
  );
}
