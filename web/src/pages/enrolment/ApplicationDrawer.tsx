import { Descriptions, Tag, Timeline } from 'antd';
import { useTranslation } from 'react-i18next';
import DetailDrawer, { useDetail } from '../../components/DetailDrawer';
import { formatDateTime } from '../../format';
import { enrolmentApi, type ApplicationDetail } from './enrolmentApi';
import DecisionButtons, { type DecisionStage } from './DecisionButtons';
import { AgeConfirmedTag, StatusTag } from './StatusTag';

/**
 * One application's details and history; while it waits at the user's step (`stage`), 审核通过 / 确认参保 and 退回
 * act on it from here (asking first, as on the list), then the drawer shows the new state and `onChanged` runs.
 */
export default function ApplicationDrawer({ id, stage, onClose, onChanged }: { id: number | null; stage?: DecisionStage | null; onClose: () => void; onChanged?: () => void }) {
  const { t } = useTranslation();
  const { detail: d, error, setError, reload } = useDetail<ApplicationDetail>(id, enrolmentApi.get);
  const canDecide = !!stage && !!d && d.status === stage.status;
  return (
    <DetailDrawer
      open={id !== null}
      onClose={onClose}
      size={560}
      title={d ? `${t('enrolment.application')} #${d.id} ${d.name}` : t('enrolment.application')}
      extra={
        canDecide && (
          <div data-testid="enrolment-drawer-actions">
            <DecisionButtons
              stage={stage}
              ids={[d.id]}
              name={d.name}
              size="small"
              onError={setError}
              onDecided={() => {
                reload();
                onChanged?.();
              }}
            />
          </div>
        )
      }
      error={error}
      loading={!d}
    >
      {d && (
        <>
          <Descriptions size="small" column={2} bordered data-testid="enrolment-detail">
            <Descriptions.Item label={t('enrolment.status')} span={2}>
              <StatusTag status={d.status} />
              {d.rejectReason && <Tag color="red">{d.rejectReason}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('enrolment.name')}>{d.name}</Descriptions.Item>
            <Descriptions.Item label={t('enrolment.idNumber')}>
              <span className="xnb-mono">{d.idNumberMasked}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('residents.sex')}>{t(d.sex === 'M' ? 'residents.male' : 'residents.female')}</Descriptions.Item>
            <Descriptions.Item label={t('residents.birthDate')}>
              {d.birthDate}
              {d.ageConfirmed && <AgeConfirmedTag />}
            </Descriptions.Item>
            <Descriptions.Item label={t('enrolment.village')}>{d.villageName}</Descriptions.Item>
            <Descriptions.Item label={t('enrolment.householdNo')}>{d.householdNo ?? t('enrolment.newHousehold')}</Descriptions.Item>
            <Descriptions.Item label={t('enrolment.relation')}>{t(`relation.${d.relation}`, { defaultValue: d.relation })}</Descriptions.Item>
            <Descriptions.Item label={t('enrolment.identity')}>{t(`identity.${d.identity}`)}</Descriptions.Item>
            <Descriptions.Item label={t('enrolment.ethnicity')}>{d.ethnicity}</Descriptions.Item>
            <Descriptions.Item label={t('enrolment.phone')}>{d.phone ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('enrolment.address')} span={2}>{d.address ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('enrolment.firstMonth')}>{d.firstMonth}</Descriptions.Item>
            <Descriptions.Item label={t('enrolment.bankAccount')}>{d.bankAccountMasked ?? '—'}</Descriptions.Item>
          </Descriptions>
          <h3 style={{ marginTop: 20 }}>{t('enrolment.history')}</h3>
          <Timeline
            items={[
              { color: 'blue', content: `${formatDateTime(d.submittedAt)} ${t('enrolment.step.submitted', { who: d.submittedBy ?? '—' })}` },
              ...(d.townshipAt ? [{ color: d.rejectedStage === 'township' ? 'red' : 'green', content: `${formatDateTime(d.townshipAt)} ${t(d.rejectedStage === 'township' ? 'enrolment.step.townshipRejected' : 'enrolment.step.townshipApproved', { who: d.townshipBy ?? '—' })}` }] : []),
              ...(d.countyAt ? [{ color: d.rejectedStage === 'county' ? 'red' : 'green', content: `${formatDateTime(d.countyAt)} ${t(d.rejectedStage === 'county' ? 'enrolment.step.countyRejected' : 'enrolment.step.countyConfirmed', { who: d.countyBy ?? '—' })}` }] : []),
            ]}
          />
        </>
      )}
    </DetailDrawer>
  );
}
