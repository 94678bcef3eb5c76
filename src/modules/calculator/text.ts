/** The calculator's answer as plain text, for the CLI's `--format text` (what a clerk reads out). */
import { formatYuan, type Locale } from '../../rules/index.js';
import { renderExplanation } from '../explanations/render.js';
import type { CalcResult } from './calculate.js';

const TITLES = {
  contribution: { 'zh-CN': '年度缴费计算', en: 'Yearly contribution' },
  obligation: { 'zh-CN': '缴费义务测算', en: 'Contribution obligation' },
  benefit: { 'zh-CN': '养老金待遇核定', en: 'Pension award' },
  interest: { 'zh-CN': '个人账户年度计息', en: 'Yearly account interest' },
  death: { 'zh-CN': '死亡待遇结算', en: 'Settlement on death' },
} as const;

export function calcResultText(result: CalcResult, locale: Locale): string {
  const lines = [`${TITLES[result.kind][locale]} — ${result.scope.name}`, ''];
  renderExplanation(result.explanation, locale).forEach((step, i) => {
    const amount = step.amount === undefined ? '' : `  [${formatYuan(step.amount, locale)}${locale === 'zh-CN' ? ' 元' : ' yuan'}]`;
    lines.push(`${String(i + 1).padStart(2)}. ${step.text}${amount}`);
    for (const p of step.parameters) lines.push(`      ${p.line}`);
  });
  return lines.join('\n');
}
