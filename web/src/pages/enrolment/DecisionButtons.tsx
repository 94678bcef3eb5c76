import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Input, Modal, Popconfirm, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth';
import { enrolmentApi, type ApplicationStatus, type DecisionResult } from './enrolmentApi';

/** The step of the enrolment chain the user acts on: the township reviews (初审), the county confirms (确认参保). */
export interface DecisionStage {
  status: ApplicationStatus;
  act: 'review' | 'confirm';
}

/** The user's step: the township clerk reviews applications 待乡镇审核, the enrolment auditor confirms those 待县级确认. */
export function useDecisionStage(): DecisionStage | null {
  const { can } = useAuth();
  if (can('enrolment:review')) return { status: 'submitted', act: 'review' };
  if (can('enrolment:confirm')) return { status: 'township_approved', act: 'confirm' };
  return null;
}

/**
 * 审核通过 / 确认参保 and 退回 for the applications `ids` (the ticked rows of the list, or the one in the drawer):
 * approving asks first, naming the count and what cannot be undone; rejecting asks for the reason. `onDecided`
 * gets the server's counts, `onError` its refusal. With `name` (one application) the questions name the person.
 */
export default function DecisionButtons({ stage, ids, name, onDecided, onError, size }: { stage: DecisionStage; ids: number[]; name?: string; onDecided: (r: DecisionResult) => void; onError: (e: unknown) => void; size?: 'small' }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const review = stage.act === 'review';

  const decide = async (approve: boolean) => {
    if (ids.length === 0) return;
    setBusy(true);
    onError(null);
    try {
      const r = review ? await enrolmentApi.review(ids, approve, reason) : await enrolmentApi.confirm(ids, approve, reason);
      message.success(approve ? t(review ? 'enrolment.reviewed' : 'enrolment.confirmed', { count: r.approved }) : t('enrolment.rejectedDone', { count: r.rejected }));
      setRejecting(false);
      setReason('');
      onDecided(r);
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space>
      <Popconfirm
        title={t(`enrolment.${review ? 'approveTownshipConfirm' : 'approveCountyConfirm'}${name ? 'One' : ''}`, { count: ids.length, name })}
        description={t(review ? 'enrolment.approveTownshipEffect' : 'enrolment.approveCountyEffect')}
        okText={t(review ? 'enrolment.approveTownship' : 'enrolment.approveCounty')}
        cancelText={t('common.cancel')}
        disabled={ids.length === 0}
        onConfirm={() => decide(true)}
        okButtonProps={{ ...{ 'data-testid': 'enrolment-approve-ok' } }}
      >
        <Button type="primary" size={size} icon={<CheckOutlined />} disabled={ids.length === 0} loading={busy} data-testid="enrolment-approve">
          {t(review ? 'enrolment.approveTownship' : 'enrolment.approveCounty')}
        </Button>
      </Popconfirm>
      <Button danger size={size} icon={<CloseOutlined />} disabled={ids.length === 0} onClick={() => setRejecting(true)} data-testid="enrolment-reject">
        {t('enrolment.reject')}
      </Button>
      <Modal
        open={rejecting}
        title={name ? t('enrolment.rejectTitleOne', { name }) : t('enrolment.rejectTitle', { count: ids.length })}
        okText={t('enrolment.reject')}
        okButtonProps={{ danger: true, disabled: !reason.trim(), ...{ 'data-testid': 'enrolment-reject-ok' } }}
        confirmLoading={busy}
        onOk={() => void decide(false)}
        onCancel={() => setRejecting(false)}
      >
        <p className="xnb-muted">{t('enrolment.rejectEffect')}</p>
        <Input.TextArea rows={3} maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('enrolment.rejectReason')} data-testid="enrolment-reject-reason" />
      </Modal>
    </Space>
  );
}
