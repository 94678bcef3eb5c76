import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApplicationStatus } from './enrolmentApi';

const COLORS: Record<ApplicationStatus, string> = { submitted: 'processing', township_approved: 'warning', confirmed: 'success', rejected: 'error' };

export function StatusTag({ status }: { status: ApplicationStatus }) {
  const { t } = useTranslation();
  return <Tag color={COLORS[status]}>{t(`enrolment.statuses.${status}`)}</Tag>;
}
