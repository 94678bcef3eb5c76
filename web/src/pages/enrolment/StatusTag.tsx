import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApplicationStatus } from './enrolmentApi';

const COLORS: Record<ApplicationStatus, string> = { submitted: 'processing', township_approved: 'warning', confirmed: 'success', rejected: 'error' };

export function StatusTag({ status }: { status: ApplicationStatus }) {
  const { t } = useTranslation();
  return <Tag color={COLORS[status]}>{t(`enrolment.statuses.${status}`)}</Tag>;
}

/** 年龄已核实: a birth date outside the plausible range that the submitter confirmed against the ID document. */
export function AgeConfirmedTag() {
  const { t } = useTranslation();
  return (
    <Tag color="orange" title={t('enrolment.ageConfirmedHint')} style={{ marginLeft: 8 }} data-testid="age-confirmed">
      {t('enrolment.ageConfirmed')}
    </Tag>
  );
}
