import { Button, Table, Tooltip, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CycleUnit } from './cycleApi';
import { StateTag, TimelinessTag } from './CycleTags';

const late = (u: CycleUnit) => u.timeliness === 'late' || u.timeliness === 'missing';

/**
 * The board's table: townships, each expandable to its villages, with their state and timeliness as tags,
 * the deadline, the day submitted and what was (or would be) handed on. Late and missing units in red.
 */
export default function CycleTable({ townships, canReopen, onReopen }: { townships: CycleUnit[]; canReopen: (u: CycleUnit) => boolean; onReopen: (u: CycleUnit) => void }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<CycleUnit> = [
    {
      title: t('cycle.col.unit'),
      dataIndex: 'name',
      render: (name: string, u) => (
        <span className={late(u) ? 'xnb-cycle-late-name' : undefined}>
          {name}
          {u.level === 'township' && <span className="xnb-muted-inline">{t('cycle.villagesOf', { submitted: u.villagesSubmitted ?? 0, total: u.villagesTotal ?? 0 })}</span>}
        </span>
      ),
    },
    { title: t('cycle.col.state'), dataIndex: 'state', width: 110, render: (_: unknown, u) => <StateTag state={u.state} /> },
    { title: t('cycle.col.timeliness'), dataIndex: 'timeliness', width: 110, render: (_: unknown, u) => <TimelinessTag value={u.timeliness} /> },
    { title: t('cycle.col.due'), dataIndex: 'due', width: 110 },
    {
      title: t('cycle.col.submittedOn'),
      dataIndex: 'firstSubmittedOn',
      width: 130,
      render: (_: unknown, u) =>
        u.firstSubmittedOn ? (
          <Tooltip title={u.submittedBy ? t('cycle.submittedBy', { who: u.submittedBy, on: u.submittedOn }) : undefined}>
            <span>{u.firstSubmittedOn}</span>
          </Tooltip>
        ) : (
          '—'
        ),
    },
    { title: t('cycle.col.applications'), dataIndex: ['counts', 'applications'], width: 100, align: 'right' },
    { title: t('cycle.col.changes'), dataIndex: ['counts', 'changes'], width: 80, align: 'right' },
    { title: t('cycle.col.deaths'), dataIndex: ['counts', 'deaths'], width: 80, align: 'right' },
    { title: t('cycle.col.certifications'), dataIndex: ['counts', 'certifications'], width: 80, align: 'right' },
    {
      title: t('cycle.col.note'),
      key: 'note',
      render: (_: unknown, u) => (
        <>
          {u.state === 'reopened' && u.reopenReason && (
            <span className="xnb-muted">{t('cycle.reopenedNote', { who: u.reopenedBy ?? '', on: u.reopenedOn ?? '', reason: u.reopenReason })}</span>
          )}
          {canReopen(u) && (
            <Button size="small" danger onClick={() => onReopen(u)} data-testid={`cycle-reopen-${u.code}`}>
              {t('cycle.reopen')}
            </Button>
          )}
        </>
      ),
    },
  ];
  return (
    <Table<CycleUnit>
      rowKey="code"
      size="small"
      columns={columns}
      dataSource={townships}
      pagination={false}
      expandable={{ childrenColumnName: 'villages', defaultExpandedRowKeys: townships.length === 1 ? [townships[0]!.code] : [] }}
      rowClassName={(u) => (late(u) ? 'xnb-cycle-late' : '')}
      data-testid="cycle-table"
      onRow={(u) => ({ 'data-testid': `cycle-row-${u.code}` }) as React.HTMLAttributes<HTMLElement>}
    />
  );
}
