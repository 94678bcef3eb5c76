import { GlobalOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { currentLang, setLang } from '../i18n';

/** Toggles zh-CN ⇄ en; the choice is kept in localStorage. */
export default function LanguageSwitch({ dark = false }: { dark?: boolean }) {
  const { t, i18n } = useTranslation();
  const next = currentLang() === 'en' ? 'zh-CN' : 'en';
  return (
    <Button
      type={dark ? 'text' : 'default'}
      size="small"
      className={dark ? 'xnb-header-btn' : undefined}
      icon={<GlobalOutlined />}
      data-testid="lang-switch"
      data-lang={i18n.language}
      aria-label={t('lang.label')}
      onClick={() => void setLang(next)}
    >
      {next === 'en' ? t('lang.en') : t('lang.zh')}
    </Button>
  );
}
