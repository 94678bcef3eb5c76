import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import zhCN from './zh-CN';
import en from './en';

export type Lang = 'zh-CN' | 'en';
export const LANG_KEY = 'xnb.lang';

function initialLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: initialLang(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function currentLang(): Lang {
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

export async function setLang(lang: Lang): Promise<void> {
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    /* storage unavailable: the choice lasts for this page only */
  }
  document.documentElement.lang = lang;
  await i18n.changeLanguage(lang);
}

document.documentElement.lang = initialLang();

export default i18n;
