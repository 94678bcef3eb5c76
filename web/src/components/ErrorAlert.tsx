import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';

/** Shows an API error's message (already in the request language) and its request id. */
export default function ErrorAlert({ error, style }: { error: unknown; style?: React.CSSProperties }) {
  const { t } = useTranslation();
  if (!error) return null;
  const isApi = error instanceof ApiError;
  const message = isApi && error.status === 0 ? t('errors.network') : error instanceof Error ? error.message : String(error);
  const description = isApi && error.requestId ? `${t('common.requestId')}: ${error.requestId}` : undefined;
  return <Alert type="error" showIcon title={message} description={description} style={{ marginBottom: 12, ...style }} />;
}
