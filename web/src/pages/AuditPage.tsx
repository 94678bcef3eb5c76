import { DatePicker, Form, Input, Select, Space, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIT_ACTIONS, AUDIT_ENTITIES, auditActionText, auditActorText, auditEntityText } from '../../../src/modules/audit/words';
import { api, type AuditEntry } from '../api';
import { FilterBar, ListCard, PagedTable, RegionField } from '../components/ListView';
import PageHeader from '../components/PageHeader';
import { formatDateTime } from '../format';
import { indexTree, useRegionTree } from '../hooks/useRegionTree';
import { usePaged } from '../hooks/usePaged';
import AuditDiff from './audit/AuditDiff';
import AuditVerifyButton from './audit/AuditVerifyButton';
import LedgerVerifyButton from './audit/LedgerVerifyButton';
import ExportButton from '../components/ExportButton';

interface Filters {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  entity?: string;
  regionCode?: string;
}

type Day = { format: (f: string) => string };
interface FilterForm {
  range?: [Day | null, Day | null] | null;
  actor?: string;
  action?: string;
  entity?: string;
  regionCode?: string;
}

const trim = (s: string | undefined) => s?.trim() || undefined;

/** The Excel export of the rows the filters select, in the page's language. */
function exportHref(f: Filters, lang: string): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) params.set(k, v);
  params.set('lang', lang === 'en' ? 'en' : 'zh-CN');
  return `/api/audit/export?${params.toString()}`;
}

// The audit log in words: who (name and role), what and to what, from the table the server's export uses too.
export default function AuditPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const [form] = Form.useForm<FilterForm>();
  const list = usePaged<AuditEntry, Filters>((q) => api.audit(q), {});
  const { root } = useRegionTree();
  const index = useMemo(() => indexTree(root), [root]);
  const actionOptions = AUDIT_ACTIONS.map((a) => ({ value: a, label: auditActionText(a, lang) }));
  const entityOptions = AUDIT_ENTITIES.map((e) => ({ value: e, label: auditEntityText(e, lang) }));

  const search = (v: FilterForm) =>
    list.setFilters({
      // Dates as YYYY-MM-DD; the server reads `to` as inclusive (China time).
      from: v.range?.[0]?.format('YYYY-MM-DD'),
      to: v.range?.[1]?.format('YYYY-MM-DD'),
      actor: trim(v.actor),
      action: v.action,
      entity: v.entity,
      regionCode: v.regionCode,
    });

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.at'), dataIndex: 'at', width: 160, render: (v: string) => formatDateTime(v) },
    {
      title: t('audit.username'),
      key: 'actor',
      width: 190,
      render: (_: unknown, e) => <span data-testid="audit-actor">{auditActorText({ name: e.actorName, username: e.username, role: e.role, userId: e.userId }, lang)}</span>,
    },
    { title: t('audit.action'), dataIndex: 'action', width: 200, render: (v: string) => <span data-testid="audit-action">{auditActionText(v, lang)}</span> },
    { title: t('audit.entity'), dataIndex: 'entity', width: 120, render: (v: string) => auditEntityText(v, lang) },
    // A refused function is named in words by the action; its address stays in the row's details.
    { title: t('audit.entityId'), dataIndex: 'entityId', width: 130, render: (v: unknown, e) => (v === null || v === undefined || e.entity === 'route' ? '—' : String(v)) },
    {
      title: t('audit.region'),
      dataIndex: 'regionCode',
      width: 140,
      render: (v: string | null) => (v ? (index.get(v)?.name ?? v) : '—'),
    },
    // An IPv4 client as the server saw it on a dual-stack socket (::ffff:10.0.0.5) is shown as 10.0.0.5.
    { title: t('audit.ip'), dataIndex: 'ip', width: 120, render: (v: string | null) => (v ? v.replace(/^::ffff:(?=\d+\.)/i, '') : '—') },
  ];

  return (
    <div>
      <PageHeader
        title={t('audit.title')}
        extra={
          <Space>
            <ExportButton href={exportHref(list.filters, lang)} testId="audit-export">
              {t('audit.export')}
            </ExportButton>
            <LedgerVerifyButton />
            <AuditVerifyButton />
          </Space>
        }
      />
      <FilterBar<FilterForm> form={form} onApply={search} typed={['actor']} searchButtons>
        <Form.Item name="range" label={t('audit.range')}>
          <DatePicker.RangePicker style={{ width: 240 }} />
        </Form.Item>
        <Form.Item name="actor" label={t('audit.username')}>
          <Input allowClear style={{ width: 130 }} maxLength={40} placeholder={t('audit.actorHint')} data-testid="audit-filter-actor" />
        </Form.Item>
        <Form.Item name="action" label={t('audit.action')}>
          <Select allowClear showSearch style={{ width: 200 }} placeholder={t('common.all')} options={actionOptions} optionFilterProp="label" data-testid="audit-filter-action" />
        </Form.Item>
        <Form.Item name="entity" label={t('audit.entity')}>
          <Select allowClear style={{ width: 130 }} placeholder={t('common.all')} options={entityOptions} optionFilterProp="label" />
        </Form.Item>
        <RegionField label={t('audit.region')} width={180} />
      </FilterBar>
      <ListCard error={list.error}>
        <PagedTable<AuditEntry>
          list={list}
          rowKey="id"
          columns={columns}
          scrollX={1000}
         
          expandable={{
            expandedRowRender: (e) => <AuditDiff entry={e} />,
            rowExpandable: (e) => (e.before ?? null) !== null || (e.after ?? null) !== null,
          }}
        />
      </ListCard>
    </div>
  );
}
