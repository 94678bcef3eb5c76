/**
 * Sources of money in an individual account (个人账户). Each source keeps its own sub-balance, interest
 * included, because inheritance and refunds depend on where the money came from (DOMAIN.md §4).
 */
import { assertNonNegativeFen, sumFen, type Fen } from './money.js';
import type { LocalizedText } from './explanation.js';

export const ACCOUNT_SOURCES = [
  'individual', // 个人缴费
  'governmentSubsidy', // 政府缴费补贴 (地方政府对参保人缴费的补贴)
  'hardshipPayment', // 政府代缴 (困难群体最低标准养老保险费)
  'collectiveSubsidy', // 集体补助
  'sponsorship', // 其他经济组织、社会公益组织、个人资助
  'oldScheme', // 老农保个人账户并入
  'other',
] as const;

export type AccountSource = (typeof ACCOUNT_SOURCES)[number];
export type SourceAmounts = Readonly<Record<AccountSource, Fen>>;

export const ACCOUNT_SOURCE_LABELS: Readonly<Record<AccountSource, LocalizedText>> = {
  individual: { 'zh-CN': '个人缴费', en: 'individual premium' },
  governmentSubsidy: { 'zh-CN': '政府缴费补贴', en: 'government contribution subsidy' },
  hardshipPayment: { 'zh-CN': '政府代缴', en: 'premium paid by the government (代缴)' },
  collectiveSubsidy: { 'zh-CN': '集体补助', en: 'collective subsidy' },
  sponsorship: { 'zh-CN': '社会资助', en: 'sponsorship' },
  oldScheme: { 'zh-CN': '老农保并入', en: 'merged from the old rural scheme' },
  other: { 'zh-CN': '其他', en: 'other' },
};

export function isAccountSource(value: string): value is AccountSource {
  return (ACCOUNT_SOURCES as readonly string[]).includes(value);
}

/** Fill missing sources with 0 and check every amount is a non-negative safe integer. */
export function sourceAmounts(partial: Partial<Record<AccountSource, Fen>>, field = 'balances'): SourceAmounts {
  const full = {} as Record<AccountSource, Fen>;
  for (const source of ACCOUNT_SOURCES) {
    const amount = partial[source] ?? 0;
    assertNonNegativeFen(amount, `${field}.${source}`);
    full[source] = amount;
  }
  return full;
}

export function totalOfSources(amounts: SourceAmounts): Fen {
  return sumFen(ACCOUNT_SOURCES.map((s) => amounts[s]));
}
