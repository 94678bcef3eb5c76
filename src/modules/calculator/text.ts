/** The calculator's answer as plain text, for the CLI's `--format text` (what a clerk reads out). */
import { formatYuan, type Locale } from '../../rules/index.js';
import type { CalcResult } from './calculate.js';

const TITLES = {
  contribution: { 'zh-CN': '年度缴费计算', en: 'Yearly contribution' },
  obligation: { 'zh-CN': '缴费义务测算', en: 'Contribution obligation' },
  benefit: { 'zh-CN': '养老金待遇核定', en: 'Pension award' },
  interest: { 'zh-CN': '个人账户年度计息', en: 'Yearly account interest' },
  death: { 'zh-CN': '死亡待遇结算', en: 'Settlement on death' },
} as const;

const LEVELS = {
  national: { 'zh-CN': '国家', en: 'national' },
  province: { 'zh-CN': '省', en: 'province' },
  county: { 'zh-CN': '县', en: 'county' },
} as const;

export function calcResultText(result: CalcResult, locale: Locale): string {
  const lines = [`${TITLES[result.kind][locale]} — ${result.scope.name} (${result.scope.code})`, ''];
  result.explanation.forEach((step, i) => {
    const amount = step.amount === undefined ? '' : `  [${formatYuan(step.amount, locale)}]`;
    lines.push(`${String(i + 1).padStart(2)}. ${step.text[locale]}${amount}`);
    for (const p of step.parameters ?? []) {
      const level = LEVELS[p.level as keyof typeof LEVELS]?.[locale] ?? p.level;
      const span = p.to ? `${p.from} – ${p.to}` : `${locale === 'zh-CN' ? '自' : 'from'} ${p.from}`;
      lines.push(`      ${p.name} = ${p.value} (${level}, ${span}): ${p.source}`);
    }
  });
  return lines.join('\n');
}
