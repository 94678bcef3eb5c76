import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import zhCN from './zh-CN';
import en from './en';
import { accountsEn, accountsZh } from './accounts';
import { cycleEn, cycleZh } from './cycle';
import { crossCheckEn, crossCheckZh } from './crosscheck';
import { enrolmentEn, enrolmentZh } from './enrolment';
import { fundEn, fundZh } from './fund';
import { payrollEn, payrollZh } from './payroll';
import { pensionsEn, pensionsZh } from './pensions';
import { publicityEn, publicityZh } from './publicity';
import { indicatorsEn, indicatorsZh } from './indicators';
import { assessmentEn, assessmentZh } from './assessment';
import { archivesEn, archivesZh } from './archives';

type Tree = { [key: string]: string | Tree };
/** Section files add keys to the main resources; a nested object is merged, not replaced. */
function merge(base: Tree, extra: Tree): Tree {
  const out: Tree = { ...base };
  for (const [k, v] of Object.entries(extra)) {
    const b = out[k];
    out[k] = typeof v === 'object' && typeof b === 'object' ? merge(b, v) : v;
  }
  return out;
}

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
  resources: {
    'zh-CN': { translation: merge(merge(merge(merge(merge(merge(merge(merge(merge(merge(merge(zhCN as unknown as Tree, enrolmentZh), accountsZh), pensionsZh), payrollZh), fundZh), publicityZh), cycleZh), crossCheckZh), archivesZh), indicatorsZh as unknown as Tree), assessmentZh as unknown as Tree) },
    en: { translation: merge(merge(merge(merge(merge(merge(merge(merge(merge(merge(merge(en as unknown as Tree, enrolmentEn), accountsEn), pensionsEn), payrollEn), fundEn), publicityEn), cycleEn), crossCheckEn), archivesEn), indicatorsEn as unknown as Tree), assessmentEn as unknown as Tree) },
  },
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
