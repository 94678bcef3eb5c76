import { AuditOutlined, PauseCircleOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Form, Segmented, Tag, Tooltip, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useAuth } from '../../auth';
import { dateColumn, idNumberColumn, moneyColumn, nameColumn } from '../../components/columns';
import { exportHref } from '../../components/ExportButton';
import { FilterBar, ListCard, ListSummary, PagedTable, RefusedList, RegionField, SearchField } from '../../components/ListView';
import { usePaged } from '../../hooks/usePaged';
import { indexTree, useRegionTree } from '../../hooks/useRegionTree';
import { useReloadOnReturn } from '../contributions/useReloadOnReturn';
import CertifyModal from './CertifyModal';
import PensionDrawer from './PensionDrawer';
import {
  CERTIFICATION_STATES,
  certificationApi,
  type CertificationFilters,
  type CertificationPage,
  type CertificationRow,
  type CertificationState,
  type CertifyResult,
} from './pensionApi';
import './certification.css';

type FormValues = { state: CertificationState; regionCode?: string; q?: string };

const TAG_COLOR: Record<CertificationState, string> = { overdue: 'red', dueSoon: 'orange', suspended: 'default', current: 'green' };

/** 逾期 (red, with the days past due), 即将到期 (orange, days left), 已暂停 (grey, since when), 有效 (green). */
function CertificationStateTag({ row, asOf }: { row: CertificationRow; asOf: string | undefined }) {
  const { t } = useTranslation();
  const days = asOf ? dayjs(asOf).diff(dayjs(row.dueDate), 'day') : null;
  let hint: string | null = null;
  if (row.state === 'overdue' && days !== null && days > 0) hint = t('pensions.cert.overdueDays', { count: days });
  if (row.state === 'dueSoon' && days !== null) hint = days === 0 ? t('pensions.cert.dueToday') : t('pensions.cert.daysLeft', { count: -days });
  if (row.state === 'suspended' && row.suspendedFrom) hint = t('pensions.cert.suspendedFrom', { month: row.suspendedFrom });
  return (
    <span className="xnb-cert-state" data-testid="cert-state" data-state={row.state}>
      <Tag color={TAG_COLOR[row.state]}>{t(`pensions.cert.tags.${row.state}`)}</Tag>
      {hint && <span className={`xnb-cert-hint${row.state === 'overdue' ? ' xnb-cert-hint-overdue' : ''}`}>{hint}</span>}
    </span>
  );
}

/**
 * 资格认证: every pensioner is certified again each period (by data comparison, face recognition or a home
 * visit). The list is by state — 逾期未认证 first — due date first; the village coordinator, township clerk
 * and benefit reviewer record the certifications of those ticked (a suspended pension resumes and the next
 * payroll pays its months back); the benefit reviewer suspends all those overdue in the region at once.
 */
export default function CertificationTab({ active }: { active: boolean }) {
  const { t, i18n } = useTranslation();
  const { can } = useAuth();
  const { message, modal } = AntApp.useApp();
  const w = (zh: number, en: number) => (i18n.language === 'en' ? en : zh);
  const canCertify = can('pensions:certify');
  const canSuspend = can('pensions:award');
  const [form] = Form.useForm<FormValues>();
  const list = usePaged<CertificationRow, CertificationFilters>((q) => certificationApi.list(q), { state: 'overdue' });
  useReloadOnReturn(active, list.reload);
  const page = list.data as CertificationPage;
  const summary = page.summary;
  const { root } = useRegionTree();
  const regions = useMemo(() => indexTree(root), [root]);
  const [selected, setSelected] = useState<CertificationRow[]>([]);
  const [certifying, setCertifying] = useState<CertificationRow[] | null>(null);
  const [suspending, setSuspending] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const [refused, setRefused] = useState<CertifyResult['refused']>([]);
  const [openId, setOpenId] = useState<number | null>(null);

  const toFilters = (v: FormValues): CertificationFilters => ({
    state: v.state ?? list.filters.state,
    regionCode: v.regionCode,
    q: v.q?.trim() || undefined,
  });
  const apply = (f: CertificationFilters) => {
    setSelected([]);
    list.setFilters(f);
  };

  const certified = (r: CertifyResult) => {
    setCertifying(null);
    if (r.recorded > 0) message.success(t('pensions.cert.recorded', { count: r.recorded, resumed: r.resumed }));
    else message.warning(t('pensions.cert.recordedNone'));
    setRefused(r.refused ?? []);
    setSelected([]);
    list.reload();
  };

  const regionName = (list.filters.regionCode ? regions.get(list.filters.regionCode)?.name : root?.name) ?? t('pensions.cert.thisRegion');
  const suspendOverdue = () => {
    const regionCode = list.filters.regionCode;
    modal.confirm({
      title: t('pensions.cert.suspendTitle'),
      content: (
        <div data-testid="suspend-overdue-text">
          <p style={{ margin: '0 0 6px' }}>{t('pensions.cert.suspendText', { region: regionName, count: summary?.overdue ?? 0 })}</p>
          <p className="xnb-muted" style={{ margin: 0 }}>
            {t('pensions.cert.suspendResume')}
          </p>
        </div>
      ),
      width: 480,
      okText: t('pensions.cert.suspendOk'),
      cancelText: t('common.cancel'),
      okButtonProps: { danger: true, ...{ 'data-testid': 'suspend-overdue-confirm' } },
      onOk: async () => {
        setSuspending(true);
        setActionError(null);
        setRefused([]);
        try {
          const r = await certificationApi.suspendOverdue(regionCode);
          message.success(t('pensions.cert.suspended', { count: r.suspended }));
          setSelected([]);
          list.reload();
        } catch (e) {
          setActionError(e);
        } finally {
          setSuspending(false);
        }
      },
    });
  };

  const columns: TableColumnsType<CertificationRow> = [
    nameColumn(t('pensions.col.name'), w(72, 84), (r) => setOpenId(r.pensionId), 'cert-name'),
    idNumberColumn(t('pensions.col.idNumber'), 158),
    { title: t('pensions.col.village'), dataIndex: 'villageName', width: w(100, 110), ellipsis: true },
    moneyColumn('monthlyPension', t('pensions.col.monthlyPension'), w(84, 84)),
    dateColumn('lastCertifiedOn', t('pensions.cert.col.lastCertifiedOn'), w(96, 110)),
    dateColumn('dueDate', t('pensions.cert.col.dueDate'), w(96, 100)),
    { title: t('pensions.col.status'), key: 'state', width: w(180, 200), render: (_, r) => <CertificationStateTag row={r} asOf={page.asOf} /> },
  ];

  const stateOptions = CERTIFICATION_STATES.map((s) => ({
    value: s,
    label: (
      <span data-testid={`cert-state-${s}`}>
        {t(`pensions.cert.states.${s}`)}
        <span className={`xnb-cert-count${s === 'overdue' || s === 'dueSoon' ? ` xnb-cert-count-${s}` : ''}`}>{summary ? summary[s].toLocaleString() : '…'}</span>
      </span>
    ),
  }));

  return (
    <>
      <FilterBar<FormValues>
        form={form}
        className="xnb-cert-filter"
        initialValues={{ state: 'overdue' }}
        onApply={(v) => apply(toFilters(v))}
        exportLink={{ href: exportHref('/api/pensions/certification/export.xlsx', list.filters), testId: 'cert-export', label: t('pensions.export') , fullIdNumbers: true }}
      >
        <Form.Item name="state">
          <Segmented className="xnb-cert-states" data-testid="cert-state-filter" options={stateOptions} />
        </Form.Item>
        <RegionField width={190} />
        <SearchField width={w(230, 250)} placeholder={t('pensions.q')} testId="cert-q" />
      </FilterBar>
      <ListCard
        error={list.error ?? actionError}
        summary={
          <ListSummary
            testId="cert-summary"
            ready={!!summary}
            actions={
              (canCertify || canSuspend) && (
                <>
                  {canCertify && <span className="xnb-muted">{t('pensions.selected', { count: selected.length })}</span>}
                  {canCertify && (
                    <Tooltip title={t('pensions.cert.openHint')}>
                      <Button type="primary" icon={<AuditOutlined />} disabled={selected.length === 0} onClick={() => setCertifying(selected)} data-testid="certify-open">
                        {t('pensions.cert.open')}
                      </Button>
                    </Tooltip>
                  )}
                  {canSuspend && (
                    <Tooltip title={summary && summary.overdue === 0 ? t('pensions.cert.suspendNone') : undefined}>
                      <Button danger icon={<PauseCircleOutlined />} disabled={!summary || summary.overdue === 0} loading={suspending} onClick={suspendOverdue} data-testid="suspend-overdue">
                        {t('pensions.cert.suspend')}
                      </Button>
                    </Tooltip>
                  )}
                </>
              )
            }
          >
            {summary && (
              <span data-testid="cert-summary-text">
                <Trans
                  i18nKey="pensions.cert.summary"
                  values={{
                    asOf: page.asOf ?? '',
                    all: (summary.overdue + summary.dueSoon + summary.suspended + summary.current).toLocaleString(),
                    overdue: summary.overdue.toLocaleString(),
                    dueSoon: summary.dueSoon.toLocaleString(),
                    suspended: summary.suspended.toLocaleString(),
                  }}
                  components={{ b: <strong /> }}
                />
              </span>
            )}
          </ListSummary>
        }
      >
        <RefusedList
          testId="cert-refused"
          title={t('pensions.cert.refused', { count: refused.length })}
          items={refused.map((r) => ({ key: r.pensionId, name: r.name, message: r.message }))}
          onClose={() => setRefused([])}
        />
        <PagedTable<CertificationRow>
          list={list}
          rowKey="pensionId"
          columns={columns}
          rowSelection={
            canCertify
              ? {
                  selectedRowKeys: selected.map((r) => r.pensionId),
                  onChange: (_keys, rows) => setSelected(rows.filter((r): r is CertificationRow => !!r)),
                }
              : undefined
          }
        />
      </ListCard>
      <CertifyModal rows={certifying} onClose={() => setCertifying(null)} onDone={certified} />
      <PensionDrawer id={openId} onClose={() => setOpenId(null)} onChanged={list.reload} />
    </>
  );
}
