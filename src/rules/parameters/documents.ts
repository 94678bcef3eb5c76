/**
 * The documents the national parameters come from, each with its number (文号) and its own title, so a form
 * cites 国发〔2014〕8号《国务院关于建立统一的城乡居民基本养老保险制度的意见》 and never an abbreviation.
 */
import { section, type LocalizedText, type ParameterSource } from '../explanation.js';

interface PolicyDocument {
  readonly number?: string;
  readonly title: LocalizedText;
}

export const DOCUMENTS = {
  /** Full text in /work/shared/seeds/nrpi-duties-guideline-reports.txt, 第二篇. */
  guideline2009: {
    number: '国发〔2009〕32号',
    title: {
      'zh-CN': '国务院关于开展新型农村社会养老保险试点的指导意见',
      en: 'Guiding Opinion of the State Council on the Pilot of the New Rural Social Pension Insurance',
    },
  },
  /** Dated 2014-02-21. */
  opinion2014: {
    number: '国发〔2014〕8号',
    title: {
      'zh-CN': '国务院关于建立统一的城乡居民基本养老保险制度的意见',
      en: 'Opinion of the State Council on Establishing a Unified Basic Pension Insurance System for Urban and Rural Residents',
    },
  },
  floor2015: {
    number: '人社部发〔2015〕5号',
    title: {
      'zh-CN': '人力资源社会保障部 财政部关于提高全国城乡居民基本养老保险基础养老金最低标准的通知',
      en: 'Notice of the Ministry of Human Resources and Social Security and the Ministry of Finance on Raising the Minimum Basic Pension of the Urban and Rural Resident Pension',
    },
  },
  floor2018: {
    number: '人社部发〔2018〕21号',
    title: {
      'zh-CN': '人力资源社会保障部 财政部关于2018年提高全国城乡居民基本养老保险基础养老金最低标准的通知',
      en: 'Notice of the Ministry of Human Resources and Social Security and the Ministry of Finance on Raising the Minimum Basic Pension of the Urban and Rural Resident Pension in 2018',
    },
  },
  transfer2014: {
    number: '人社部发〔2014〕17号',
    title: {
      'zh-CN': '城乡养老保险制度衔接暂行办法',
      en: 'Interim Measures for Linking the Urban and Rural Pension Insurance Schemes',
    },
  },
  imprisonment2001: {
    number: '劳社厅函〔2001〕44号',
    title: {
      'zh-CN': '关于退休人员被判刑后有关养老保险待遇问题的复函',
      en: 'Reply on the Pension of Retired People Sentenced to Prison',
    },
  },
  /** /work/shared/seeds/shouguang-township-extension.txt: how Shouguang ran the pilot (People's Daily Online, Weifang, 2010). */
  shouguang2010: {
    title: { 'zh-CN': '寿光市社会保障经办向乡镇（街道）延伸的做法（人民网潍坊，2010）', en: "How Shouguang extended social security administration to its townships (People's Daily Online, Weifang, 2010)" },
  },
  /** Issued 2024-11-12. */
  holidays2025: {
    number: '国办发明电〔2024〕12号',
    title: { 'zh-CN': '国务院办公厅关于2025年部分节假日安排的通知', en: 'Notice of the General Office of the State Council on the Arrangement of Some Public Holidays in 2025' },
  },
  /** Issued 2025-11-04 (published by Xinhua the same day); its document number is not recorded here. */
  holidays2026: {
    title: { 'zh-CN': '国务院办公厅关于2026年部分节假日安排的通知', en: 'Notice of the General Office of the State Council on the Arrangement of Some Public Holidays in 2026' },
  },
  townshipPlan2011: {
    title: { 'zh-CN': '2011年新农保工作方案（乡镇）', en: 'Township work plan for the new rural pension, 2011' },
  },
} as const satisfies Record<string, PolicyDocument>;

export type DocumentKey = keyof typeof DOCUMENTS;

/** A citation of a document, optionally of one part of it (`part`, `item`: 四(三) → 4, 3) with a note. */
export function cite(key: DocumentKey, part?: number, item?: number, note?: LocalizedText): ParameterSource {
  const doc: PolicyDocument = DOCUMENTS[key];
  return {
    ...(doc.number === undefined ? {} : { number: doc.number }),
    title: doc.title,
    ...(part === undefined ? {} : { section: section(part, item) }),
    ...(note === undefined ? {} : { note }),
  };
}

/** A document without a confirmed number yet: its title and what it says, marked so the gap is visible on the form. */
export function pendingNotice(title: LocalizedText, note: LocalizedText): ParameterSource {
  return { title, note };
}

/** A default of this system (what it is, in words), then the document that leaves the choice to the province or county. */
export function systemDefault(note: LocalizedText, basis?: ParameterSource): ParameterSource[] {
  return [{ systemDefault: true, note }, ...(basis ? [basis] : [])];
}
