import { PlusOutlined } from '@ant-design/icons';
import { App as AntApp, Badge, Button, DatePicker, Form, Modal, Popconfirm, Select, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useAuth } from '../auth';
import { dateColumn, detailColumn, money, moneyColumn } from '../components/columns';
import ErrorAlert from '../components/ErrorAlert';
import { FilterBar, ListCard, ListSummary, PagedTable, RegionField } from '../components/ListView';
import PageHeader from '../components/PageHeader';
import RegionTreeSelect from '../components/RegionTreeSelect';
import { usePaged } from '../hooks/usePaged';
import { chinaMonth, chinaToday } from './pensions/pensionApi';
import PublicityDrawer, { StateTag } from './publicity/PublicityDrawer';
import { PUBLICITY_KINDS, publicityApi, publicityExportHref, type PublicityFilters, type PublicityKind, type PublicityPage as ListPage, type PublicitySummary } from './publicity/publicityApi';

type FormValues = { regionCode?: string; kind?: PublicityKind; state?: 'posted' | 'ended' };
type CreateValues = { kind: PublicityKind; period: Dayjs; regionCode?: string; postedFrom: Dayjs };

/**
 * 村级公示: the village lists of who paid, who is to draw a pension and whose pension was suspended or stopped, each
 * posted on the village board for the county's publicity period; the township and the county post them (for one
 * village or every village at once) and record the villagers' objections; everyone prints the board's PDF.
 */
export default function PublicityPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = AntApp.useApp();
  const canManage = can('publicity:manage');
  const [form] = Form.useForm<FormValues>();
  const [createForm] = Form.useForm<CreateValues>();
  const list = usePaged<PublicitySummary, PublicityFilters>((q) => publicityApi.list(q), {});
  const summary = (list.data as ListPage).summary;
  const [openId, setOpenId] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const [busy, setBusy] = useState(false);
  const [createError, setCreateError] = useState<unknown>(null);

  const create = async () => {
    const v = await createForm.validateFields();
    setBusy(true);
    setCreateError(null);
    try {
      const r = await publicityApi.create({ kind: v.kind, period: v.kind === 'contributions' ? v.period.format('YYYY') : v.period.format('YYYY-MM'), regionCode: v.regionCode, postedFrom: v.postedFrom.format('YYYY-MM-DD') });
      message.success(t('publicity.created', { count: r.items.length, lines: r.items.reduce((s, p) => s + p.lineCount, 0) }));
      setCreating(false);
      list.reload();
      if (r.items.length === 1) setOpenId(r.items[0]!.id);
    } catch (e) {
      setCreateError(e);
    } finally {
      setBusy(false);
    }
  };

  const columns: TableColumnsType<PublicitySummary> = [
    { title: t('publicity.col.id'), dataIndex: 'id', width: 64, align: 'right' },
    { title: t('publicity.col.township'), dataIndex: 'townshipName', width: 100, ellipsis: true },
    {
      title: t('publicity.col.village'),
      dataIndex: 'villageName',
      width: 100,
      render: (v: string, r) => (
        <a onClick={() => setOpenId(r.id)} data-testid="publicity-open">
          {v}
        </a>
      ),
    },
    { title: t('publicity.col.kind'), dataIndex: 'kind', width: 130, render: (k: PublicityKind) => t(`publicity.kind.${k}`) },
    { title: t('publicity.col.period'), dataIndex: 'period', width: 80, align: 'center' },
    dateColumn('postedFrom', t('publicity.col.postedFrom'), 100),
    dateColumn('postedTo', t('publicity.col.postedTo'), 100),
    { title: t('publicity.col.state'), dataIndex: 'state', width: 84, align: 'center', render: (s: PublicitySummary['state']) => <StateTag state={s} /> },
    { title: t('publicity.col.lines'), dataIndex: 'lineCount', width: 70, align: 'right' },
    moneyColumn('total', t('publicity.col.total'), 110, (v) => money(v, true)),
    { title: t('publicity.col.objections'), key: 'objections', width: 90, align: 'center', render: (_, r) => (r.openObjections > 0 ? <Badge count={r.openObjections} title={t('publicity.openObjections')} /> : <span className="xnb-muted">{r.objections}</span>) },
    detailColumn(t('common.actions'), t('publicity.details'), 84, (r) => setOpenId(r.id), 'publicity-details'),
  ];

  return (
    <div>
      <PageHeader title={t('publicity.title')} />
      <FilterBar<FormValues>
        form={form}
        onApply={(v) => list.setFilters({ regionCode: v.regionCode, kind: v.kind, state: v.state })}
        exportLink={{ href: publicityExportHref(list.filters), testId: 'publicity-export', label: t('publicity.export') }}
      >
        <RegionField width={190} />
        <Form.Item name="kind" label={t('publicity.col.kind')}>
          <Select allowClear placeholder={t('common.all')} style={{ width: 150 }} options={PUBLICITY_KINDS.map((k) => ({ value: k, label: t(`publicity.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="state" label={t('publicity.col.state')}>
          <Select allowClear placeholder={t('common.all')} style={{ width: 110 }} options={(['posted', 'ended'] as const).map((s) => ({ value: s, label: t(`publicity.state.${s}`) }))} />
        </Form.Item>
      </FilterBar>
      <ListCard
        error={list.error}
        summary={
          <ListSummary
            testId="publicity-summary"
            ready={!!summary}
            actions={
              canManage && (
                <Button
                  type="primary"
                  icon={<PlusOutlined />}
                  data-testid="publicity-create"
                  onClick={() => {
                    createForm.setFieldsValue({ kind: 'awards', period: dayjs(chinaMonth(1)), postedFrom: dayjs(chinaToday()) });
                    setCreateError(null);
                    setCreating(true);
                  }}
                >
                  {t('publicity.create')}
                </Button>
              )
            }
          >
            {summary && (
              <span>
                <Trans i18nKey="publicity.summary" values={{ lists: summary.lists, lines: summary.lines, open: summary.openObjections }} components={{ b: <strong /> }} />
              </span>
            )}
          </ListSummary>
        }
      >
        <PagedTable<PublicitySummary> list={list} rowKey="id" columns={columns} />
      </ListCard>
      <Modal
        open={creating}
        title={t('publicity.create')}
        onCancel={() => setCreating(false)}
        footer={[
          <Button key="cancel" onClick={() => setCreating(false)}>
            {t('common.cancel')}
          </Button>,
          <Popconfirm key="ok" title={t('publicity.createConfirm')} description={t('publicity.createEffect')} onConfirm={() => void create()} okButtonProps={{ ...{ 'data-testid': 'publicity-create-confirm' } }}>
            <Button type="primary" loading={busy} data-testid="publicity-create-ok">
              {t('publicity.post')}
            </Button>
          </Popconfirm>,
        ]}
      >
        <ErrorAlert error={createError} />
        <Form form={createForm} layout="vertical">
          <Form.Item name="kind" label={t('publicity.col.kind')} rules={[{ required: true }]}>
            <Select
              data-testid="publicity-kind"
              options={PUBLICITY_KINDS.map((k) => ({ value: k, label: t(`publicity.kind.${k}`) }))}
              onChange={(k: PublicityKind) => createForm.setFieldValue('period', dayjs(k === 'contributions' ? chinaToday() : chinaMonth(1)))}
            />
          </Form.Item>
          <Form.Item noStyle dependencies={['kind']}>
            {({ getFieldValue }) => (
              <Form.Item name="period" label={t(getFieldValue('kind') === 'contributions' ? 'publicity.periodYear' : 'publicity.periodMonth')} rules={[{ required: true }]}>
                <DatePicker picker={getFieldValue('kind') === 'contributions' ? 'year' : 'month'} allowClear={false} style={{ width: 160 }} />
              </Form.Item>
            )}
          </Form.Item>
          <Form.Item name="regionCode" label={t('publicity.region')} extra={t('publicity.regionHint')}>
            <RegionTreeSelect placeholder={t('publicity.allVillages')} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="postedFrom" label={t('publicity.col.postedFrom')} extra={t('publicity.postedFromHint')} rules={[{ required: true }]}>
            <DatePicker allowClear={false} style={{ width: 160 }} />
          </Form.Item>
        </Form>
      </Modal>
      <PublicityDrawer id={openId} onClose={() => setOpenId(null)} onChanged={() => list.reload()} />
    </div>
  );
}
