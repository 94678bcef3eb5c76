import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

/** 参保身份: plain for an ordinary person; a tag for the groups whose premium the government may pay in part (代缴). */
export default function IdentityTag({ identity }: { identity: string }) {
  const { t } = useTranslation();
  const label = t(`identity.${identity}`, { defaultValue: identity });
  return identity === 'ordinary' ? <>{label}</> : <Tag color="orange">{label}</Tag>;
}
