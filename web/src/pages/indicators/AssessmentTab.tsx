import { App as AntApp, Alert, Button, Card, DatePicker, Popconfirm, Space, Table, Tag, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth';
import ErrorAlert from '../../components/ErrorAlert';
import ExportButton from '../../components/ExportButton';
import { fenToYuan, formatDateTime } from '../../format';
import { assessmentApi, pointsText, type AssessmentAnswer, type Text, type TownshipScore, type VillageScore } from './assessmentApi';
import { perMilleText } from './indicatorsApi';

const signedPoints = (p: number) => (p > 0 ? `+${pointsText(p)}` : pointsText(p));

/**
 * 年度考核: the county's yearly assessment of its townships and rewards to its villages for a year, by the county's
 * dated rule (shown with its source). Whoever manages the targets computes the draft (again while a draft); the
 * county director approves it after a confirmation naming the year and that it freezes; PDF and Excel of the
 * ranked tables, each row with its working.
 */
export default function AssessmentTab() {
  const { t, i18n } = useTranslation();
  const { can } = useAuth();
  const { message } = AntApp.useApp();
  const [year, setYear] = useState(() => dayjs().year());
  const [answer, setAnswer] = useState<AssessmentAnswer | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const words = (w: Text) => w[lang];

  const load = useCallback(() => {
    assessmentApi.get(year).then(
      (a) => {
        setAnswer(a);
        setError(null);
      },
      (e: unknown) => setError(e),
    );
  }, [year]);
  useEffect(load, [load]);

  const act = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await work();
      setError(null);
      void message.success(done);
      load();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const a = answer?.assessment ?? null;
  const beforeCutOff = answer?.cutOff ? answer.cutOff > answer.today : false;
  const working = (lines: Text[]) => (
    <div className="xnb-assessment-working">
      {lines.map((w, i) => (
        <div key={i}>{words(w)}</div>
      ))}
    </div>
  );
  const townshipColumns: TableColumnsType<TownshipScore> = [
    { title: t('indicators.assessment.col.rank'), dataIndex: 'rank', width: 60, align: 'center' },
    { title: t('indicators.assessment.col.township'), dataIndex: 'name', width: 110 },
    { title: t('indicators.assessment.col.participation'), key: 'p', width: 80, align: 'right', render: (_: unknown, r) => perMilleText(r.participationRate) },
    { title: t('indicators.assessment.col.completion'), key: 'c', width: 90, align: 'right', render: (_: unknown, r) => perMilleText(r.completionRate) },
    { title: t('indicators.assessment.col.participationScore'), key: 'ps', width: 90, align: 'right', render: (_: unknown, r) => pointsText(r.participationScore) },
    { title: t('indicators.assessment.col.punctuality'), key: 'pu', width: 90, align: 'right', render: (_: unknown, r) => signedPoints(r.punctualityScore) },
    { title: t('indicators.assessment.col.total'), key: 'tt', width: 70, align: 'right', render: (_: unknown, r) => <strong>{pointsText(r.total)}</strong> },
    { title: t('indicators.assessment.col.prize'), key: 'pr', width: 80, render: (_: unknown, r) => (r.prize ? <Tag color={r.prize === 'first' ? 'gold' : r.prize === 'second' ? 'blue' : 'green'}>{t(`indicators.assessment.prize.${r.prize}`)}</Tag> : null) },
    { title: t('indicators.assessment.col.working'), key: 'w', render: (_: unknown, r) => working(r.working) },
  ];
  const villageColumns: TableColumnsType<VillageScore> = [
    { title: t('indicators.assessment.col.rank'), dataIndex: 'rank', width: 60, align: 'center' },
    { title: t('indicators.assessment.col.village'), dataIndex: 'name', width: 100 },
    { title: t('indicators.assessment.col.township'), dataIndex: 'townshipName', width: 100 },
    { title: t('indicators.assessment.col.target'), key: 'tg', width: 110, align: 'right', render: (_: unknown, r) => (r.targetCollected === null ? '—' : fenToYuan(r.targetCollected)) },
    { title: t('indicators.assessment.col.collected'), key: 'co', width: 110, align: 'right', render: (_: unknown, r) => fenToYuan(r.collected) },
    { title: t('indicators.assessment.col.rate'), key: 'r', width: 80, align: 'right', render: (_: unknown, r) => perMilleText(r.completionRate) },
    { title: t('indicators.assessment.col.reward'), key: 'rw', width: 100, align: 'right', render: (_: unknown, r) => (r.reward === 0 ? '' : <strong>{fenToYuan(r.reward)}</strong>) },
    { title: t('indicators.assessment.col.deducted'), key: 'd', width: 90, align: 'right', render: (_: unknown, r) => (r.pointsDeducted === 0 ? '' : pointsText(r.pointsDeducted)) },
    { title: t('indicators.assessment.col.working'), key: 'w', render: (_: unknown, r) => working(r.working) },
  ];
  const rewarded = a ? a.villages.filter((v) => v.reward > 0).length : 0;

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{t('indicators.assessment.year')}</span>
        <span data-testid="assessment-year">
          <DatePicker picker="year" allowClear={false} value={dayjs(`${year}-01-01`)} onChange={(d) => d && setYear(d.year())} disabledDate={(d) => d.year() > dayjs().year()} />
        </span>
        {can('assessment:compute') && answer?.rule && a?.status !== 'approved' && (
          <Button type="primary" loading={busy} disabled={beforeCutOff} onClick={() => void act(() => assessmentApi.compute(year), t('indicators.assessment.computed', { year, cutOff: answer.cutOff }))} data-testid="assessment-compute">
            {a ? t('indicators.assessment.recompute') : t('indicators.assessment.compute')}
          </Button>
        )}
        {can('assessment:approve') && a?.status === 'draft' && (
          <Popconfirm
            title={t('indicators.assessment.approveTitle', { year })}
            description={<div style={{ maxWidth: 360 }}>{t('indicators.assessment.approveText', { year, townships: a.townships.length, villages: a.villages.length, rewards: fenToYuan(a.villageRewards) })}</div>}
            okText={t('indicators.assessment.approveOk')}
            cancelText={t('common.cancel')}
            onConfirm={() => act(() => assessmentApi.approve(year), t('indicators.assessment.approvedMessage', { year }))}
          >
            <Button type="primary" danger loading={busy} data-testid="assessment-approve">
              {t('indicators.assessment.approve')}
            </Button>
          </Popconfirm>
        )}
        {a && (
          <>
            <ExportButton href={assessmentApi.fileHref('pdf', year)} testId="assessment-pdf" fileName={`年度考核-${year}.pdf`}>
              {t('indicators.assessment.pdf')}
            </ExportButton>
            <ExportButton href={assessmentApi.fileHref('xlsx', year)} testId="assessment-xlsx" fileName={`年度考核-${year}.xlsx`}>
              {t('indicators.assessment.xlsx')}
            </ExportButton>
          </>
        )}
      </Space>
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      {answer && !answer.rule && <Alert type="info" showIcon title={t('indicators.assessment.noRule', { year })} />}
      {answer?.rule && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="assessment-rule"
          title={`${t('indicators.assessment.cutOff', { cutOff: answer.cutOff })}${lang === 'en' ? '. ' : '。'}${t('indicators.assessment.rule', { from: answer.rule.from, text: words(answer.rule.text) })}`}
          description={t('indicators.assessment.source', { source: words(answer.rule.source) })}
        />
      )}
      {answer?.rule && !a && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={beforeCutOff ? t('indicators.assessment.beforeCutOff', { cutOff: answer.cutOff }) : t('indicators.assessment.notComputed', { year })} />}
      {a && (
        <>
          <Alert
            type={a.status === 'approved' ? 'success' : 'warning'}
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="assessment-status"
            title={a.status === 'approved' ? t('indicators.assessment.approved', { by: a.approvedBy ?? '', at: formatDateTime(a.approvedAt) }) : t('indicators.assessment.draft', { by: a.computedBy, at: formatDateTime(a.computedAt) })}
          />
          <Card size="small" className="xnb-card" title={t('indicators.assessment.townships')}>
            <Table<TownshipScore> size="small" bordered rowKey="code" columns={townshipColumns} dataSource={a.townships} pagination={false} scroll={{ x: 1100 }} data-testid="assessment-townships" />
          </Card>
          <Card size="small" className="xnb-card" style={{ marginTop: 12 }} title={t('indicators.assessment.villages')} extra={t('indicators.assessment.summary', { n: rewarded, rewards: fenToYuan(a.villageRewards) })}>
            <Table<VillageScore>
              size="small"
              bordered
              rowKey="code"
              columns={villageColumns}
              dataSource={a.villages}
              pagination={{ pageSize: 20, showSizeChanger: false }}
              scroll={{ x: 1100 }}
              data-testid="assessment-villages"
            />
          </Card>
        </>
      )}
    </>
  );
}
