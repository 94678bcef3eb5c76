/**
 * Every formula returns, with its amounts, the steps a clerk can read out to a resident: what was
 * looked up (with the document it comes from and the date it took effect) and what was computed.
 */
import type { IsoDate } from './dates.js';
import type { Fen, Locale } from './money.js';

export type LocalizedText = Readonly<Record<Locale, string>>;

/** Which layer a parameter value came from (national default, province or county override). */
export type ParameterLevel = 'national' | 'province' | 'county';

export interface ParameterCitation {
  readonly name: string;
  /** The value as a clerk would say it: "55.00", "2.75%", "139". */
  readonly value: string;
  readonly source: string;
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
