/**
 * Enrolment identities (参保身份) that decide whether the government pays part or all of the minimum
 * premium (代缴) — 国发〔2009〕32号 §四(三), 国发〔2014〕8号 §四(三); DOMAIN.md §2–3.
 */
import type { LocalizedText } from './explanation.js';

export const ENROLMENT_IDENTITIES = [
  'ordinary',
  'disabledGrade1', // 一级重度残疾
  'disabledGrade2', // 二级重度残疾
  'disabledGrade3',
  'extremeHardship', // 特困人员
  'poverty', // 贫困人口
  'minimumLivingAllowance', // 低保对象
  'familyPlanningSupport', // 计划生育特别扶助
  'other',
] as const;

export type EnrolmentIdentity = (typeof ENROLMENT_IDENTITIES)[number];

export const ENROLMENT_IDENTITY_LABELS: Readonly<Record<EnrolmentIdentity, LocalizedText>> = {
  ordinary: { 'zh-CN': '普通参保人', en: 'ordinary' },
  disabledGrade1: { 'zh-CN': '一级残疾', en: 'disabled, grade 1' },
  disabledGrade2: { 'zh-CN': '二级残疾', en: 'disabled, grade 2' },
  disabledGrade3: { 'zh-CN': '三级残疾', en: 'disabled, grade 3' },
  extremeHardship: { 'zh-CN': '特困人员', en: 'extreme hardship (特困)' },
  poverty: { 'zh-CN': '贫困人口', en: 'poverty' },
  minimumLivingAllowance: { 'zh-CN': '低保对象', en: 'minimum living allowance (低保)' },
  familyPlanningSupport: { 'zh-CN': '计划生育特别扶助', en: 'family-planning special support' },
  other: { 'zh-CN': '其他', en: 'other' },
};

export function isEnrolmentIdentity(value: string): value is EnrolmentIdentity {
  return (ENROLMENT_IDENTITIES as readonly string[]).includes(value);
}
