import { App as AntApp, Form, Input, InputNumber, Select, Tabs, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useAuth } from '../auth';
import { dateColumn, detailColumn, idNumberColumn } from '../components/columns';
import { FilterBar, ListCard, ListSummary, PagedTable, RegionField, SearchField } from '../components/ListView';
import PageHeader from '../components/PageHeader';
import { usePaged } from '../hooks/usePaged';
import { chinaToday } from './pensions/pensionApi';
import ArchiveDrawer, { archiveTitle, loanColumns, LoanState } from './archives/ArchiveDrawer';
import {
  ARCHIVE_CATEGORIES,
  archiveApi,
  archiveExportHref,
  type ArchiveCategory,
  type ArchiveFilters,
  type ArchiveLoan,
  type ArchivePage,
  type ArchiveRecord,
  type LoanFilters,
  type LoanPage,
} from './archives/archiveApi';
import './archives/archives.css';

type CatalogueValues = { regionCode?: string; q?: string; year?: number; category?: ArchiveCategory; fileNo?: string; lent?: 'yes' | 'overdue' };
type LoanValues = { state?: 'out' | 'overdue' | 'returned'; q?: string };

const CATEGORY_COLOR: Record<ArchiveCategory, string> = { enrolment: 'blue', award: 'green', change: 'orange', death: 'default', payroll: 'purple' };

/**
 * 档案管理: the catalogue of archive records (filed by person and by year from every enrolment, award, change, death
 * and payroll), each with its scanned documents and loans; the archivist's borrowing register (借阅登记), overdue
 * loans in red. `?residentId=` opens the catalogue on one person's records (一人一档, from 居民档案).
 */
export default function ArchivesPage() {
  const { t, i18n } = useTranslation();
  const { can } = useAuth();
  const { message } = AntApp.useApp();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const residentId = params.get('residentId') ? Number(params.get('residentId')) : undefined;
  const [catalogueForm] = Form.useForm<CatalogueValues>();
  const [loanForm] = Form.useForm<LoanValues>();
  const list = usePaged<ArchiveRecord, ArchiveFilters>((q) => archiveApi.list(q), residentId ? { residentId } : {});
  const loans = usePaged<ArchiveLoan, LoanFilters>((q) => archiveApi.loans(q), {});
  const by = (list.data as ArchivePage).byCategory;
  const loanData = loans.data as LoanPage;
  const [openId, setOpenId] = useState<number | null>(null);
  const [tab, setTab] = useState('catalogue');
  const changed = () => {
    list.reload();
    loans.reload();
  };

  const columns: TableColumnsType<ArchiveRecord> = [
    {
      title: t('archives.col.fileNo'),
      dataIndex: 'fileNo',
      width: 180,
      render: (v: string, r) => (
        <a onClick={() => setOpenId(r.id)} data-testid="archive-open">
          {v}
        </a>
      ),
    },
    { title: t('archives.col.category'), dataIndex: 'category', width: 84, render: (c: ArchiveCategory) => <Tag color={CATEGORY_COLOR[c]}>{t(`archives.category.${c}`)}</Tag> },
    { title: t('archives.col.title'), key: 'title', width: 250, ellipsis: true, render: (_, r) => archiveTitle(r, t, i18n.language) },
    dateColumn('filedOn', t('archives.col.filedOn'), 100),
    { title: t('archives.col.name'), dataIndex: 'name', width: 72, render: (v: string | null) => v ?? '—' },
    idNumberColumn(t('archives.col.idNumber'), 150),
    { title: t('archives.col.region'), key: 'region', width: 140, ellipsis: true, render: (_, r) => [r.townshipName, r.regionName].filter(Boolean).join(' / ') },
    { title: t('archives.col.documents'), dataIndex: 'documents', width: 60, align: 'right' },
    { title: t('archives.col.lent'), key: 'lent', width: 250, render: (_, r) => <LoanState r={r} /> },
    detailColumn(t('common.actions'), t('archives.details'), 72, (r) => setOpenId(r.id), 'archive-details'),
  ];

  const giveBack = async (l: ArchiveLoan) => {
    try {
      await archiveApi.giveBack(l.id, chinaToday());
      message.success(t('archives.returned'));
      changed();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  };

  const catalogue = (
    <>
      <FilterBar<CatalogueValues>
        form={catalogueForm}
        typed={['q', 'fileNo', 'year']}
        onApply={(v) => list.setFilters({ regionCode: v.regionCode, q: v.q?.trim() || undefined, year: v.year ?? undefined, category: v.category, fileNo: v.fileNo?.trim() || undefined, lent: v.lent, residentId })}
        exportLink={{ href: archiveExportHref(list.filters), testId: 'archive-export', label: t('archives.export') }}
      >
        <RegionField width={190} />
        <SearchField label={t('archives.filter.q')} width={190} testId="archive-q" />
        <Form.Item name="year" label={t('archives.col.year')}>
          <InputNumber min={1990} max={2200} style={{ width: 90 }} data-testid="archive-year" />
        </Form.Item>
        <Form.Item name="category" label={t('archives.col.category')}>
          <Select allowClear placeholder={t('common.all')} style={{ width: 120 }} options={ARCHIVE_CATEGORIES.map((c) => ({ value: c, label: t(`archives.category.${c}`) }))} data-testid="archive-category" />
        </Form.Item>
        <Form.Item name="fileNo" label={t('archives.filter.fileNo')}>
          <Input allowClear style={{ width: 170 }} />
        </Form.Item>
        <Form.Item name="lent" label={t('archives.filter.lent')}>
          <Select
            allowClear
            placeholder={t('common.all')}
            style={{ width: 110 }}
            options={[
              { value: 'yes', label: t('archives.filter.lentYes') },
              { value: 'overdue', label: t('archives.filter.lentOverdue') },
            ]}
          />
        </Form.Item>
      </FilterBar>
      <ListCard
        error={list.error}
        summary={
          <ListSummary testId="archive-summary" ready={!!by}>
            {by && (
              <span>
                {residentId && (
                  <Tag
                    closable
                    color="blue"
                    data-testid="archive-person-filter"
                    onClose={() => {
                      navigate('/archives');
                      list.setFilters({});
                    }}
                  >
                    {t('archives.personRecords')}
                    {list.data.items[0]?.name ? `：${list.data.items[0].name}` : ''}
                  </Tag>
                )}
                <Trans i18nKey="archives.summary" values={{ total: list.data.total, ...by }} components={{ b: <strong /> }} />
                <span className="xnb-muted" style={{ marginLeft: 12 }}>
                  {t('archives.scheme')}
                </span>
              </span>
            )}
          </ListSummary>
        }
      >
        <PagedTable<ArchiveRecord> list={list} rowKey="id" columns={columns} rowClassName={(r) => (r.lentTo && r.dueOn && r.dueOn < chinaToday() ? 'xnb-archive-overdue' : '')} />
      </ListCard>
    </>
  );

  const register = (
    <>
      <FilterBar<LoanValues> form={loanForm} onApply={(v) => loans.setFilters({ state: v.state, q: v.q?.trim() || undefined })}>
        <Form.Item name="state" label={t('archives.filter.state')}>
          <Select
            allowClear
            placeholder={t('common.all')}
            style={{ width: 120 }}
            options={(['out', 'overdue', 'returned'] as const).map((s) => ({ value: s, label: t(`archives.filter.${s}`) }))}
            data-testid="loan-state"
          />
        </Form.Item>
        <SearchField label={t('archives.filter.loansQ')} width={220} />
      </FilterBar>
      <ListCard
        error={loans.error}
        summary={
          <ListSummary testId="loan-summary" ready={loanData?.out !== undefined}>
            {loanData?.out !== undefined && (
              <span>
                <Trans i18nKey="archives.loansSummary" values={{ total: loanData.total, out: loanData.out, overdue: loanData.overdue }} components={{ b: <strong />, red: <strong className="xnb-danger" /> }} />
              </span>
            )}
          </ListSummary>
        }
      >
        <PagedTable<ArchiveLoan> list={loans} rowKey="id" columns={loanColumns(t, true, can('archives:manage') ? (l) => void giveBack(l) : undefined)} rowClassName={(l) => (l.overdue ? 'xnb-archive-overdue' : '')} data-testid="loan-table" />
      </ListCard>
    </>
  );

  return (
    <div>
      <PageHeader title={t('archives.title')} />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'catalogue', label: <span data-testid="tab-catalogue">{t('archives.tab.catalogue')}</span>, children: catalogue },
          { key: 'loans', label: <span data-testid="tab-loans">{t('archives.tab.loans')}</span>, children: register },
        ]}
      />
      <ArchiveDrawer id={openId} onClose={() => setOpenId(null)} onChanged={changed} />
    </div>
  );
}
