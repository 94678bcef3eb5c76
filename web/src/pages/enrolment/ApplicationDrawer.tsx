import { Descriptions, Drawer, Skeleton, Tag, Timeline } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import ErrorAlert from '../../components/ErrorAlert';
import { formatDateTime } from '../../format';
import { enrolmentApi, type ApplicationDetail } from './enrolmentApi';
import { StatusTag } from './StatusTag';

export default function ApplicationDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [detail, setDetail] = useState<ApplicationDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setDetail(null);
    setError(null);
    if (id === null) return;
    enrolmentApi.get(id).then(setDetail, setError);
  }, [id]);
  const d = detail;
  return (
    <Drawer open={id !== null} onClose={onClose} size={560} title={d ? `${t('enrolment.application')} #${d.id} ${d.name}` : t('enrolment.application')}>
      <ErrorAlert error={error} />
      {!d && !error && <Skeleton active />}
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
              {d.ageConfirmed && (
                <Tag color="orange" title={t('enrolment.ageConfirmedHint')} style={{ marginLeft: 8 }} data-testid="age-confirmed">
                  {t('enrolment.ageConfirmed')}
                </Tag>
              )}
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
    </Drawer>
  );
}
