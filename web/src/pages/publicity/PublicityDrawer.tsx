import { PrinterOutlined } from '@ant-design/icons';
import { App as AntApp, Button, DatePicker, Descriptions, Form, Input, Modal, Popconfirm, Radio, Space, Table, Tag, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useAuth } from '../../auth';
import { money } from '../../components/columns';
import DetailDrawer, { useDetail } from '../../components/DetailDrawer';
import ErrorAlert from '../../components/ErrorAlert';
import ExportButton from '../../components/ExportButton';
import { fenToYuan } from '../../format';
import { chinaToday } from '../pensions/pensionApi';
import { publicityApi, type Objection, type PublicityDetail, type PublicityLine } from './publicityApi';

type ObjectionValues = { raisedBy: string; raisedOn: Dayjs; content: string };
type DecisionValues = { outcome: 'upheld' | 'dismissed'; reason: string };

/** 未开始 / 公示中 / 已期满. */
export function StateTag({ state }: { state: PublicityDetail['state'] }) {
  const { t } = useTranslation();
  return <Tag color={state === 'posted' ? 'processing' : state === 'ended' ? 'success' : 'default'}>{t(`publicity.state.${state}`)}</Tag>;
}

/** What a line shows besides the name and the amount, by kind. */
function lineFacts(p: PublicityDetail, l: PublicityLine, t: TFunction): string {
  const d = l.detail;
  if (p.kind === 'contributions') return t('publicity.facts.paid', { tier: fenToYuan(Number(d.tier)), subsidy: fenToYuan(Number(d.subsidy)), credited: fenToYuan(Number(d.credited)), paidOn: d.paidOn });
  if (p.kind === 'awards') return t('publicity.facts.award', { from: l.fromMonth, basic: fenToYuan(Number(d.basicPension)), account: fenToYuan(Number(d.accountPension)), years: d.contributionYears });
  return t('publicity.facts.stop', { change: t(`publicity.change.${d.change}`), reason: t(`publicity.reason.${d.reason}`, { defaultValue: String(d.reason) }), from: l.fromMonth });
}

/** One publicity: the dates, the lines (an objection recorded against each), the objections and their outcomes, print and export. */
export default function PublicityDrawer({ id, onClose, onChanged }: { id: number | null; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = AntApp.useApp();
  const canManage = can('publicity:manage');
  const { detail: p, error, reload } = useDetail(id, publicityApi.get);
  const [objectLine, setObjectLine] = useState<PublicityLine | null>(null);
  const [deciding, setDeciding] = useState<Objection | null>(null);
  const [objectionForm] = Form.useForm<ObjectionValues>();
  const [decisionForm] = Form.useForm<DecisionValues>();
  const [busy, setBusy] = useState(false);
  const [modalError, setModalError] = useState<unknown>(null);

  const changed = () => {
    reload();
    onChanged();
  };
  const submitObjection = async () => {
    if (!p || !objectLine) return;
    const v = await objectionForm.validateFields();
    setBusy(true);
    setModalError(null);
    try {
      await publicityApi.object(p.id, { lineId: objectLine.id, raisedBy: v.raisedBy, raisedOn: v.raisedOn.format('YYYY-MM-DD'), content: v.content });
      message.success(t('publicity.objectionRecorded', { name: objectLine.name }));
      setObjectLine(null);
      changed();
    } catch (e) {
      setModalError(e);
    } finally {
      setBusy(false);
    }
  };
  const submitDecision = async () => {
    if (!deciding) return;
    const v = await decisionForm.validateFields();
    setBusy(true);
    setModalError(null);
    try {
      await publicityApi.decide(deciding.id, v);
      message.success(t(`publicity.outcome.${v.outcome}`));
      setDeciding(null);
      changed();
    } catch (e) {
      setModalError(e);
    } finally {
      setBusy(false);
    }
  };

  const lineColumns: TableColumnsType<PublicityLine> = [
    { title: t('publicity.col.no'), dataIndex: 'lineNo', width: 50, align: 'right' },
    { title: t('pensions.col.name'), dataIndex: 'name', width: 80, render: (v: string, l) => (l.struck ? <del>{v}</del> : v) },
    { title: t('pensions.col.idNumber'), dataIndex: 'idNumberMasked', width: 150, render: (v: string) => <span className="xnb-mono xnb-nowrap">{v}</span> },
    { title: p?.kind === 'contributions' ? t('publicity.col.paid') : t('pensions.col.monthlyPension'), dataIndex: 'amount', width: 96, align: 'right', render: (v: number) => money(v, true) },
    { title: t('publicity.col.facts'), key: 'facts', render: (_, l) => (p ? lineFacts(p, l, t) : null) },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 96,
      render: (_, l) =>
        l.struck ? (
          <Tag color="error">{t('publicity.struck')}</Tag>
        ) : (
          canManage && (
            <Button
              size="small"
              type="link"
              data-testid="publicity-object"
              onClick={() => {
                objectionForm.setFieldsValue({ raisedBy: '', raisedOn: dayjs(chinaToday()), content: '' });
                setModalError(null);
                setObjectLine(l);
              }}
            >
              {t('publicity.object')}
            </Button>
          )
        ),
    },
  ];
  const objectionColumns: TableColumnsType<Objection> = [
    { title: t('publicity.col.no'), dataIndex: 'lineNo', width: 50, align: 'right' },
    { title: t('pensions.col.name'), dataIndex: 'name', width: 70 },
    { title: t('publicity.raisedBy'), dataIndex: 'raisedBy', width: 90 },
    { title: t('publicity.raisedOn'), dataIndex: 'raisedOn', width: 96 },
    { title: t('publicity.content'), dataIndex: 'content' },
    { title: t('publicity.recordedBy'), dataIndex: 'recordedBy', width: 90 },
    {
      title: t('publicity.col.outcome'),
      key: 'outcome',
      width: 190,
      render: (_, o) =>
        o.outcome ? (
          <span data-testid="objection-outcome">
            <Tag color={o.outcome === 'upheld' ? 'error' : 'default'}>{t(`publicity.outcome.${o.outcome}`)}</Tag>
            {o.outcomeReason}（{o.decidedBy}，{o.decidedAt?.slice(0, 10)}）
          </span>
        ) : canManage ? (
          <Button
            size="small"
            data-testid="objection-decide"
            onClick={() => {
              decisionForm.setFieldsValue({ outcome: 'dismissed', reason: '' });
              setModalError(null);
              setDeciding(o);
            }}
          >
            {t('publicity.decide')}
          </Button>
        ) : (
          <Tag color="warning">{t('publicity.open')}</Tag>
        ),
    },
  ];

  return (
    <DetailDrawer
      open={id !== null}
      onClose={onClose}
      size={1000}
      title={p ? `${p.villageName} · ${t(`publicity.kind.${p.kind}`)} · ${p.period}` : t('publicity.title')}
      error={error}
      loading={!p}
      extra={
        p && (
          <Space>
            <Button icon={<PrinterOutlined />} href={`/api/publicity/${p.id}/board.pdf`} target="_blank" data-testid="publicity-print">
              {t('publicity.printA4')}
            </Button>
            <Button icon={<PrinterOutlined />} href={`/api/publicity/${p.id}/board.pdf?size=A3`} target="_blank">
              {t('publicity.printA3')}
            </Button>
            <ExportButton href={`/api/publicity/${p.id}/export`} testId="publicity-lines-export">
              {t('publicity.exportLines')}
            </ExportButton>
          </Space>
        )
      }
    >
      {p && (
        <>
          <Descriptions size="small" bordered column={3} style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('publicity.col.postedFrom')}>{p.postedFrom}</Descriptions.Item>
            <Descriptions.Item label={t('publicity.col.postedTo')}>
              {p.postedTo}（{t('publicity.days', { count: p.days })}）
            </Descriptions.Item>
            <Descriptions.Item label={t('publicity.col.state')}>
              <StateTag state={p.state} />
            </Descriptions.Item>
            <Descriptions.Item label={t('publicity.col.lines')}>{p.lineCount}</Descriptions.Item>
            <Descriptions.Item label={t('publicity.col.total')}>{money(p.total, true)}</Descriptions.Item>
            <Descriptions.Item label={t('publicity.col.createdBy')}>{p.createdBy}</Descriptions.Item>
            <Descriptions.Item label={t('publicity.contact')} span={3}>
              {p.contact}
            </Descriptions.Item>
          </Descriptions>
          <div data-testid="publicity-lines">
            <Table<PublicityLine> size="small" bordered rowKey="id" columns={lineColumns} dataSource={p.lines} pagination={p.lines.length > 50 && { pageSize: 50, size: 'small', showSizeChanger: false }} />
          </div>
          <h4 style={{ marginTop: 16 }}>{t('publicity.objections', { count: p.objectionList.length })}</h4>
          <div data-testid="publicity-objections">
            <Table<Objection> size="small" bordered rowKey="id" columns={objectionColumns} dataSource={p.objectionList} pagination={false} />
          </div>
        </>
      )}
      <Modal open={objectLine !== null} title={t('publicity.objectTitle', { name: objectLine?.name ?? '' })} onCancel={() => setObjectLine(null)} onOk={() => void submitObjection()} confirmLoading={busy} okButtonProps={{ ...{ 'data-testid': 'objection-ok' } }}>
        <ErrorAlert error={modalError} />
        <Form form={objectionForm} layout="vertical">
          <Form.Item name="raisedBy" label={t('publicity.raisedBy')} rules={[{ required: true, whitespace: true, message: t('publicity.required.raisedBy') }]}>
            <Input maxLength={40} data-testid="objection-raised-by" />
          </Form.Item>
          <Form.Item name="raisedOn" label={t('publicity.raisedOn')} rules={[{ required: true }]}>
            <DatePicker allowClear={false} disabledDate={(d) => d.isAfter(dayjs(chinaToday()))} />
          </Form.Item>
          <Form.Item name="content" label={t('publicity.content')} rules={[{ required: true, whitespace: true, message: t('publicity.required.content') }]}>
            <Input.TextArea rows={3} maxLength={500} data-testid="objection-content" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={deciding !== null} title={t('publicity.decideTitle', { name: deciding?.name ?? '' })} onCancel={() => setDeciding(null)} footer={null}>
        <ErrorAlert error={modalError} />
        <p className="xnb-muted">{deciding?.content}</p>
        <Form form={decisionForm} layout="vertical">
          <Form.Item name="outcome" label={t('publicity.col.outcome')} rules={[{ required: true }]}>
            <Radio.Group
              optionType="button"
              options={(['dismissed', 'upheld'] as const).map((o) => ({ value: o, label: t(`publicity.outcome.${o}`) }))}
              data-testid="objection-outcome-choice"
            />
          </Form.Item>
          <Form.Item name="reason" label={t('publicity.outcomeReason')} rules={[{ required: true, whitespace: true, message: t('publicity.required.reason') }]}>
            <Input.TextArea rows={2} maxLength={500} data-testid="objection-reason" />
          </Form.Item>
          <Popconfirm title={t('publicity.decideConfirm')} description={t('publicity.decideEffect')} onConfirm={() => void submitDecision()} okButtonProps={{ ...{ 'data-testid': 'objection-decide-confirm' } }}>
            <Button type="primary" loading={busy} data-testid="objection-decide-ok">
              {t('publicity.decide')}
            </Button>
          </Popconfirm>
        </Form>
      </Modal>
    </DetailDrawer>
  );
}
