import { Alert, Button, DatePicker, Descriptions, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { App as AntApp } from 'antd';
import { useAuth } from '../../auth';
import DetailDrawer, { useDetail } from '../../components/DetailDrawer';
import { AgeConfirmedTag } from '../enrolment/StatusTag';
import AccountSection from '../contributions/AccountSection';
import { applyFieldError } from '../../components/applyFieldError';
import { fenToYuan } from '../../format';
import DeathDrawer from '../pensions/DeathDrawer';
import PensionDrawer from '../pensions/PensionDrawer';
import { chinaToday, type ResidentPension } from '../pensions/pensionApi';

/** The death settlement on the resident record (GET /api/residents/:id). */
interface ResidentDeath {
  id: number;
  deathDate: string;
  amountToRecover: number;
  outstanding: number;
  payableToHeirs: number;
  inheritable: number;
  recoveryStatus: string;
}
import '../pensions/pensions.css';
import { residentApi, TERMINATION_REASONS, type ResidentDetail } from './residentApi';
import { archiveApi } from '../archives/archiveApi';

/** 一人一档: how many archive records the person has, linking to them on 档案管理. */
function ArchiveLink({ residentId }: { residentId: number }) {
  const { t } = useTranslation();
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    let alive = true;
    archiveApi.list({ residentId, page: 1, pageSize: 1 }).then(
      (p) => alive && setCount(p.total),
      () => alive && setCount(null),
    );
    return () => {
      alive = false;
    };
  }, [residentId]);
  if (count === null) return <span className="xnb-muted">—</span>;
  return (
    <Link to={`/archives?residentId=${residentId}`} data-testid="resident-archives">
      {t('archives.count', { count })}
    </Link>
  );
}

const STATUS_COLOR = { normal: 'success', suspended: 'warning', terminated: 'default' } as const;

/** 居民档案: registry data, household, enrolment, and what the user's role may change. */
export default function ResidentDrawer({ id, onClose, onChanged }: { id: number | null; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = AntApp.useApp();
  // The record carries the resident's pension once one is awarded (null before).
  const { detail, setDetail, error, setError } = useDetail<ResidentDetail & { pension?: ResidentPension | null; death?: ResidentDeath | null }>(id, residentApi.get);
  const [pensionOpen, setPensionOpen] = useState<number | null>(null);
  const [deathOpen, setDeathOpen] = useState<number | null>(null);
  const [editing, setEditing] = useState(false);
  const [terminating, setTerminating] = useState(false);
  const [busy, setBusy] = useState(false);
  const [contactForm] = Form.useForm<{ phone?: string; address?: string; ethnicity?: string }>();
  const [endForm] = Form.useForm<{ reason: (typeof TERMINATION_REASONS)[number]; on: Dayjs; note?: string; otherBenefitFrom?: Dayjs }>();

  const saveContact = async () => {
    if (!detail) return;
    const v = await contactForm.validateFields();
    setBusy(true);
    try {
      setDetail(await residentApi.updateContact(detail.id, { phone: v.phone?.trim() || null, address: v.address?.trim() || null, ...(v.ethnicity ? { ethnicity: v.ethnicity } : {}) }));
      setEditing(false);
      message.success(t('residentRecord.saved'));
      onChanged();
    } catch (e) {
      if (!applyFieldError(contactForm, e, ['phone', 'address', 'ethnicity'])) setError(e);
    } finally {
      setBusy(false);
    }
  };

  const terminate = async () => {
    if (!detail) return;
    const v = await endForm.validateFields();
    setBusy(true);
    try {
      setDetail(
        await residentApi.terminate(detail.id, {
          reason: v.reason,
          on: v.on.format('YYYY-MM-DD'),
          ...(v.note ? { note: v.note } : {}),
          ...(v.reason === 'employee_pension' && v.otherBenefitFrom ? { otherBenefitFrom: v.otherBenefitFrom.format('YYYY-MM') } : {}),
        }),
      );
      setTerminating(false);
      message.success(t('residentRecord.terminated'));
      onChanged();
    } catch (e) {
      if (!applyFieldError(endForm, e, ['reason', 'on', 'note', 'otherBenefitFrom'])) setError(e);
    } finally {
      setBusy(false);
    }
  };

  const d = detail;
  const e = d?.enrolment;
  return (
    <DetailDrawer
      open={id !== null}
      onClose={onClose}
      size={620}
      title={d ? `${t('residentRecord.title')}：${d.name}` : t('residentRecord.title')}
      extra={
        d && (
          <Space>
            {can('residents:edit') && (
              <Button onClick={() => { contactForm.setFieldsValue({ phone: d.phone ?? '', address: d.address ?? '', ethnicity: d.ethnicity }); setEditing(true); }}>
                {t('residentRecord.editContact')}
              </Button>
            )}
            {can('enrolment:confirm') && e && e.status !== 'terminated' && (
              <Button danger onClick={() => setTerminating(true)} data-testid="resident-terminate">
                {t('residentRecord.terminate')}
              </Button>
            )}
          </Space>
        )
      }
      error={error}
      loading={!d}
    >
      {d && (
        <div data-testid="resident-record">
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('residents.name')}>{d.name}</Descriptions.Item>
            <Descriptions.Item label={t('residents.idNumber')}><span className="xnb-mono">{d.idNumberMasked}</span></Descriptions.Item>
            <Descriptions.Item label={t('residents.sex')}>{t(d.sex === 'M' ? 'residents.male' : 'residents.female')}</Descriptions.Item>
            <Descriptions.Item label={t('residents.birthDate')}>
              {d.birthDate}
              {d.ageConfirmed && <AgeConfirmedTag />}
            </Descriptions.Item>
            <Descriptions.Item label={t('enrolment.ethnicity')}>{d.ethnicity}</Descriptions.Item>
            <Descriptions.Item label={t('residents.village')}>{d.villageName}</Descriptions.Item>
            <Descriptions.Item label={t('enrolment.phone')}>{d.phone ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('residents.household')}><span className="xnb-mono">{d.householdNo}</span></Descriptions.Item>
            <Descriptions.Item label={t('enrolment.address')} span={2}>{d.address ?? d.household.address ?? '—'}</Descriptions.Item>
            {can('archives:view') && (
              <Descriptions.Item label={t('archives.personRecords')} span={2}>
                <ArchiveLink residentId={d.id} />
              </Descriptions.Item>
            )}
          </Descriptions>
          <h3 style={{ marginTop: 20 }}>{t('residentRecord.enrolment')}</h3>
          {e ? (
            <Descriptions size="small" column={2} bordered data-testid="resident-enrolment">
              <Descriptions.Item label={t('enrolment.status')}>
                <Tag color={STATUS_COLOR[e.status]}>{t(`residentRecord.status.${e.status}`)}</Tag>
                <Tag>{t(`residentRecord.payment.${e.paymentStatus}`)}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('enrolment.identity')}>{t(`identity.${e.identity}`)}</Descriptions.Item>
              <Descriptions.Item label={t('residentRecord.firstMonth')}>{e.firstMonth}</Descriptions.Item>
              {e.terminatedOn && (
                <Descriptions.Item label={t('residentRecord.terminateReason')}>
                  {t(`residentRecord.reasons.${e.terminationReason ?? 'other'}`)} · {e.terminatedOn}
                </Descriptions.Item>
              )}
            </Descriptions>
          ) : (
            <p className="xnb-muted">{t('residentRecord.notEnrolled')}</p>
          )}
          {d.pension && (
            <div className="xnb-resident-pension" data-testid="resident-pension">
              {t('residentRecord.pensionLine', {
                status: t(`residentRecord.pensionStatus.${d.pension.status}`, { defaultValue: d.pension.status }),
                month: d.pension.startMonth,
                amount: fenToYuan(d.pension.monthlyPension),
              })}
              {can('pensions:view') && <a onClick={() => setPensionOpen(d.pension!.id)}>{t('residentRecord.pensionDetail')}</a>}
            </div>
          )}
          {d.death && (
            <Alert
              type={d.death.outstanding > 0 ? 'warning' : 'info'}
              showIcon
              style={{ marginTop: 8 }}
              data-testid="resident-death"
              title={t('residentRecord.deathLine', {
                date: d.death.deathDate,
                inheritable: fenToYuan(d.death.inheritable),
                recover: fenToYuan(d.death.amountToRecover),
                recovered: fenToYuan(d.death.amountToRecover - d.death.outstanding),
                heirs: fenToYuan(d.death.payableToHeirs),
              })}
              description={d.death.outstanding > 0 ? t('residentRecord.deathOpen', { amount: fenToYuan(d.death.outstanding) }) : undefined}
              action={
                can('pensions:view') ? (
                  <a onClick={() => setDeathOpen(d.death!.id)} className="xnb-nowrap" data-testid="resident-death-open">
                    {t('residentRecord.deathSettlement')}
                  </a>
                ) : undefined
              }
            />
          )}
          <h3 style={{ marginTop: 20 }}>{t('residentRecord.members')}</h3>
          <Table
            size="small"
            bordered
            rowKey="id"
            pagination={false}
            dataSource={d.members}
            columns={[
              { title: t('residents.name'), dataIndex: 'name', render: (v: string, m) => (m.id === d.id ? <strong>{v}</strong> : v) },
              { title: t('residents.relation'), dataIndex: 'relation', render: (v: string) => t(`relation.${v}`, { defaultValue: v }) },
              { title: t('residents.sex'), dataIndex: 'sex', render: (v: string) => t(v === 'M' ? 'residents.male' : 'residents.female') },
              { title: t('residents.birthDate'), dataIndex: 'birthDate' },
            ]}
          />
          {/* Only someone ever enrolled has an account. */}
          {can('contributions:view') && e && <AccountSection residentId={d.id} />}
        </div>
      )}
      <PensionDrawer id={pensionOpen} onClose={() => setPensionOpen(null)} />
      <DeathDrawer
        id={deathOpen}
        onClose={() => setDeathOpen(null)}
        onChanged={() => {
          // A recovery recorded there changes the death line here.
          if (d) residentApi.get(d.id).then(setDetail, setError);
          onChanged();
        }}
      />
      <Modal open={editing} title={t('residentRecord.editContact')} onOk={() => void saveContact()} confirmLoading={busy} onCancel={() => setEditing(false)} destroyOnHidden>
        <Form form={contactForm} layout="vertical">
          <Form.Item name="phone" label={t('enrolment.phone')}><Input maxLength={20} /></Form.Item>
          <Form.Item name="address" label={t('enrolment.address')}><Input maxLength={200} /></Form.Item>
          <Form.Item name="ethnicity" label={t('enrolment.ethnicity')}><Input maxLength={20} /></Form.Item>
        </Form>
      </Modal>
      <Modal open={terminating} title={t('residentRecord.terminateTitle', { name: d?.name ?? '' })} okText={t('residentRecord.terminate')} okButtonProps={{ danger: true, ...{ 'data-testid': 'terminate-submit' } }} onOk={() => void terminate()} confirmLoading={busy} onCancel={() => setTerminating(false)} destroyOnHidden>
        <Form form={endForm} layout="vertical">
          <Form.Item name="reason" label={t('residentRecord.terminateReason')} rules={[{ required: true, message: t('enrolment.required') }]}>
            <Select id="terminate-reason" data-testid="terminate-reason" options={TERMINATION_REASONS.map((r) => ({ value: r, label: t(`residentRecord.reasons.${r}`) }))} />
          </Form.Item>
          <Form.Item name="on" label={t('residentRecord.terminateOn')} rules={[{ required: true, message: t('enrolment.required') }]}>
            <DatePicker id="terminate-on" style={{ width: '100%' }} disabledDate={(day) => day.format('YYYY-MM-DD') > chinaToday()} data-testid="terminate-on" />
          </Form.Item>
          <Form.Item name="note" label={t('residentRecord.terminateNote')}><Input.TextArea rows={2} maxLength={200} /></Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.reason !== b.reason}>
            {({ getFieldValue }) =>
              getFieldValue('reason') === 'death' ? (
                <Alert type="info" showIcon title={t('residentRecord.deathHint')} data-testid="terminate-death-hint" />
              ) : getFieldValue('reason') === 'employee_pension' ? (
                <>
                  <Form.Item name="otherBenefitFrom" label={t('residentRecord.otherBenefitFrom')} extra={t('residentRecord.otherBenefitFromHint')}>
                    <DatePicker id="terminate-other-from" picker="month" format="YYYY-MM" style={{ width: '100%' }} disabledDate={(day) => day.format('YYYY-MM') > chinaToday().slice(0, 7)} />
                  </Form.Item>
                  <Alert type="info" showIcon title={t('residentRecord.dualBenefitHint')} data-testid="terminate-dual-hint" />
                </>
              ) : null
            }
          </Form.Item>
        </Form>
      </Modal>
    </DetailDrawer>
  );
}
