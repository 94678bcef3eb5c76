/**
 * Every formula returns, with its amounts, the steps a clerk can read out to a resident: what was
 * looked up (with the document it comes from and the date it took effect) and what was computed.
 * Everything a person reads is prose in both languages (zh-CN, en); the parameter's programme name is
 * kept only so programs can find a citation.
 */
import type { IsoDate } from './dates.js';
import type { Fen, Locale } from './money.js';

export type LocalizedText = Readonly<Record<Locale, string>>;

/** Which layer a parameter value came from (national default, province or county override). */
export type ParameterLevel = 'national' | 'province' | 'county';

/**
 * The document a parameter value comes from, as it is cited on a form: its number (文号) and its own title,
 * the part of it that sets the value, and a note (what it says, or why a value is this system's default).
 */
export interface ParameterSource {
  /** 文号 as issued, e.g. 国发〔2014〕8号; absent for a document without one (a work report, a county plan). */
  readonly number?: string;
  /** The document's own title (zh-CN, without 《》) and an English rendering of it. */
  readonly title?: LocalizedText;
  /** The part that sets the value: 第六条 / section 6. */
  readonly section?: LocalizedText;
  readonly note?: LocalizedText;
  /** A documented default of this system that a province or county is expected to set for itself. */
  readonly systemDefault?: boolean;
}

export interface ParameterCitation {
  /** The parameter's programme name (`pensionAge`): for programs only, never shown. */
  readonly name: string;
  /** What the parameter is: 领取年龄 / pension age. */
  readonly label: LocalizedText;
  /** The value with its unit, as a clerk would say it: 60 周岁, 123.00 元/月, 东部地区 50%…. */
  readonly value: LocalizedText;
  /** The documents behind the value, as cited on a form. */
  readonly source: LocalizedText;
  readonly from: IsoDate;
  readonly to?: IsoDate;
  readonly level: ParameterLevel;
}

export interface ExplanationStep {
  readonly key: string;
  readonly text: LocalizedText;
  readonly amount?: Fen;
  readonly parameters?: readonly ParameterCitation[];
}

export type Explanation = readonly ExplanationStep[];

export function explain(
  key: string,
  zh: string,
  en: string,
  extra: { amount?: Fen; parameters?: readonly ParameterCitation[] } = {},
): ExplanationStep {
  return {
    key,
    text: { 'zh-CN': zh, en },
    ...(extra.amount === undefined ? {} : { amount: extra.amount }),
    ...(extra.parameters === undefined || extra.parameters.length === 0 ? {} : { parameters: extra.parameters }),
  };
}

const ZH_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 1 → 一, 12 → 十二, 20 → 二十 (section numbers of a document, up to 99). */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 99) return String(n);
  if (n <= 10) return ZH_DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : ZH_DIGITS[tens]}十${ones === 0 ? '' : ZH_DIGITS[ones]}`;
}

/** Part `part` (and item `item`) of a document: 第六条（三） / section 6(3). */
export function section(part: number, item?: number): LocalizedText {
  return {
    'zh-CN': `第${chineseNumeral(part)}条${item === undefined ? '' : `第（${chineseNumeral(item)}）项`}`,
    en: `section ${part}${item === undefined ? '' : `(${item})`}`,
  };
}

/** One document as cited: 国发〔2014〕8号《国务院关于…的意见》第七条：note / State Council Opinion on … (国发〔2014〕8号), section 7: note. */
export function citeSource(s: ParameterSource, locale: Locale): string {
  const parts: string[] = [];
  if (s.systemDefault) {
    const note = s.note?.[locale] ?? '';
    return locale === 'zh-CN' ? `本系统默认值：${note}（省、县可按本地文件另行规定）` : `this system's default: ${note} (a province or county may set its own)`;
  }
  if (locale === 'zh-CN') {
    const doc = `${s.number ?? ''}${s.title ? `《${s.title['zh-CN']}》` : ''}${s.section?.['zh-CN'] ?? ''}`;
    if (doc) parts.push(doc);
    if (s.note) parts.push(s.note['zh-CN']);
    return parts.join('：');
  }
  const title = s.title ? (s.number ? `${s.title.en} (${s.number})` : s.title.en) : (s.number ?? '');
  const doc = [title, s.section?.en].filter(Boolean).join(', ');
  if (doc) parts.push(doc);
  if (s.note) parts.push(s.note.en);
  return parts.join(': ');
}

/** Several documents behind one value, in both languages. */
export function sourcesText(sources: readonly ParameterSource[]): LocalizedText {
  return { 'zh-CN': sources.map((s) => citeSource(s, 'zh-CN')).join('；'), en: sources.map((s) => citeSource(s, 'en')).join('; ') };
}

const LEVEL_WORDS: Readonly<Record<ParameterLevel, LocalizedText>> = {
  national: { 'zh-CN': '国家标准', en: 'national' },
  province: { 'zh-CN': '省级规定', en: 'provincial' },
  county: { 'zh-CN': '县级规定', en: 'county' },
};

export function parameterLevelText(level: ParameterLevel, locale: Locale): string {
  return LEVEL_WORDS[level][locale];
}

/** The days a value holds: 2014-07-01 起施行 / 2011-01-01 至 2014-06-30 · from 2014-07-01 / 2011-01-01 to 2014-06-30. */
export function citationPeriod(c: Pick<ParameterCitation, 'from' | 'to'>, locale: Locale): string {
  if (locale === 'zh-CN') return c.to ? `${c.from} 至 ${c.to}` : `${c.from} 起施行`;
  return c.to ? `${c.from} to ${c.to}` : `from ${c.from}`;
}

/** A citation as one line of prose: 领取年龄 60 周岁（国家标准，2009-09-01 起施行；国发〔2009〕32号《…》第七条）. */
export function citationLine(c: ParameterCitation, locale: Locale): string {
  if (locale === 'zh-CN') {
    return `${c.label['zh-CN']} ${c.value['zh-CN']}（${parameterLevelText(c.level, locale)}，${citationPeriod(c, locale)}；依据：${c.source['zh-CN']}）`;
  }
  return `${c.label.en}: ${c.value.en} (${parameterLevelText(c.level, locale)}, ${citationPeriod(c, locale)}; source: ${c.source.en})`;
}
