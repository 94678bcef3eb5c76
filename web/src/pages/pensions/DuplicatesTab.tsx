import { App as AntApp, Button, Card, Popconfirm, Table, Tag, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth';
import ErrorAlert from '../../components/ErrorAlert';
import { pensionApi, type DuplicatePension } from './pensionApi';

/**
 * 重复领取: pensions of the region that another county also pays. The first awarded is kept; the benefit reviewer
 * stops the other one here (its basic pension recovered, the account refunded less the subsidies).
 */
export default function DuplicatesTab({ active }: { active: boolean }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = AntApp.useApp();
  const [items, setItems] = useState<DuplicatePension[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(() => {
    setLoading(true);
    setError(null);
    pensionApi.duplicates().then(
      (r) => {
        setItems(r.items);
        setLoading(false);
      },
      (e: unknown) => {
        setError(e);
        setLoading(false);
      },
    );
  }, []);
  useEffect(() => {
    if (active) load();
  }, [active, load]);

  const stop = async (r: DuplicatePension) => {
    try {
      await pensionApi.stopDuplicate(r.pensionId);
      message.success(t('pensions.dup.stopped', { name: r.name }));
      load();
    } catch (e) {
      setError(e);
    }
  };

  const columns: TableColumnsType<DuplicatePension> = [
    { title: t('pensions.col.name'), dataIndex: 'name', width: 90 },
    { title: t('pensions.col.idNumber'), dataIndex: 'idNumberMasked', width: 160, render: (v: string) => <span className="xnb-mono">{v}</span> },
    { title: t('pensions.col.village'), dataIndex: 'villageName', width: 100 },
    { title: t('pensions.dup.here'), key: 'here', width: 170, render: (_, r) => `${r.startMonth} · ${r.awardedAt.slice(0, 10)}` },
    { title: t('pensions.dup.other'), key: 'other', width: 220, render: (_, r) => `${r.otherCountyName} · ${r.otherStartMonth} · ${r.otherAwardedAt.slice(0, 10)}` },
    {
      title: t('pensions.dup.keep'),
      dataIndex: 'keep',
      width: 110,
      render: (v: DuplicatePension['keep']) => <Tag color={v === 'this' ? 'success' : 'warning'}>{t(`pensions.dup.keep_${v}`)}</Tag>,
    },
    {
      title: '',
      key: 'action',
      width: 150,
      render: (_, r) =>
        r.keep === 'other' && can('pensions:award') ? (
          <Popconfirm title={t('pensions.dup.confirm', { name: r.name, county: r.otherCountyName })} okText={t('pensions.dup.stop')} okButtonProps={{ danger: true }} onConfirm={() => void stop(r)}>
            <Button danger size="small" data-testid="dup-stop">
              {t('pensions.dup.stop')}
            </Button>
          </Popconfirm>
        ) : null,
    },
  ];

  return (
    <Card size="small" className="xnb-card">
      <p className="xnb-muted">{t('pensions.dup.intro')}</p>
      <ErrorAlert error={error} />
      <Table<DuplicatePension> size="small" bordered rowKey="pensionId" loading={loading} columns={columns} dataSource={items} pagination={{ pageSize: 50 }} data-testid="dup-table" />
    </Card>
  );
}
