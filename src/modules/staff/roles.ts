import type { RegionLevel } from '../../rules/region-code.js';

/** The posts of the three-level network and its partners (DOMAIN.md §1). */
export const ROLES = [
  'village_coordinator', // 村协办员
  'township_clerk', // 乡镇(街道)社保所经办员
  'county_enrolment_auditor', // 参保稽核
  'account_manager', // 个人账户管理
  'benefit_reviewer', // 待遇审批
  'finance_officer', // 财务
  'archivist', // 办公室/档案
  'county_director', // 中心主任
  'system_admin', // 系统管理员
  'finance_bureau', // 财政局
  'agent_bank', // 代理银行
  'supervisor', // 纪检/督查 (read-only)
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'dashboard:view',
  'regions:view',
  'regions:import',
  'residents:view',
  'residents:edit',
  // 导出完整身份证号: person lists to Excel with the whole ID numbers (default masked), for the county posts that
  // exchange person files with outside bodies; every such file leaves an audit row (export.full_id).
  'residents:export_full_id',
  'users:admin',
  'audit:view',
  'enrolment:view',
  'enrolment:submit',
  'enrolment:review',
  'enrolment:confirm',
  'contributions:view',
  'contributions:collect',
  'contributions:reverse',
  'accounts:interest',
  'pensions:view',
  'pensions:award',
  'pensions:certify',
  'pensions:recover',
  'payroll:view',
  'payroll:generate',
  'payroll:approve',
  'payroll:bank',
  'fund:view',
  'fund:record',
  'fund:allocate',
  'publicity:view',
  'publicity:manage',
  'cycle:view',
  'cycle:submit',
  'cycle:reopen',
  'crosscheck:view', // 数据比对: the batches and the hits of one's region
  'crosscheck:load', // load an outside registry's file
  'crosscheck:resolve', // deal with the hits of one's kinds (see crosscheck/resolve.ts RESOLVERS)
  'indicators:view', // 管理指标: indicators, targets, weekly report of one's region, and the people behind each figure
  'targets:manage', // set the yearly targets and import the hukou statistics (the county)
  'archives:view', // 档案: the catalogue, records, their scans and loans in one's region
  'archives:manage', // 档案管理员: scans uploaded, the borrowing register (借阅登记)
  'assessment:view', // 年度考核: the county's yearly assessment of townships and rewards to villages, its PDF and Excel
  'assessment:compute', // compute (recompute) the draft assessment: whoever manages the targets
  'assessment:approve', // 审定: the county director approves the assessment, which freezes it
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** The level of region each role is bound to: a coordinator to one village, a clerk to one township. */
export const ROLE_REGION_LEVEL: Readonly<Record<Role, RegionLevel>> = {
  village_coordinator: 'village',
  township_clerk: 'township',
  county_enrolment_auditor: 'county',
  account_manager: 'county',
  benefit_reviewer: 'county',
  finance_officer: 'county',
  archivist: 'county',
  county_director: 'county',
  system_admin: 'county',
  finance_bureau: 'county',
  agent_bank: 'county',
  supervisor: 'county',
};

const EVERYONE: readonly Permission[] = ['dashboard:view', 'regions:view'];

/** Deny by default: a role holds only what is listed here. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  village_coordinator: [...EVERYONE, 'residents:view', 'residents:edit', 'enrolment:view', 'enrolment:submit', 'contributions:view', 'contributions:collect', 'pensions:view', 'pensions:certify', 'payroll:view', 'publicity:view', 'cycle:view', 'cycle:submit'],
  township_clerk: [...EVERYONE, 'residents:view', 'residents:edit', 'enrolment:view', 'enrolment:submit', 'enrolment:review', 'contributions:view', 'contributions:collect', 'pensions:view', 'pensions:certify', 'payroll:view', 'publicity:view', 'publicity:manage', 'cycle:view', 'cycle:submit', 'cycle:reopen', 'crosscheck:view', 'crosscheck:resolve', 'archives:view', 'indicators:view'],
  county_enrolment_auditor: [...EVERYONE, 'residents:view', 'residents:export_full_id', 'enrolment:view', 'enrolment:confirm', 'contributions:view', 'cycle:view', 'crosscheck:view', 'crosscheck:load', 'crosscheck:resolve', 'archives:view', 'indicators:view', 'targets:manage', 'assessment:view', 'assessment:compute'],
  account_manager: [...EVERYONE, 'residents:view', 'residents:export_full_id', 'enrolment:view', 'contributions:view', 'contributions:collect', 'contributions:reverse', 'accounts:interest', 'pensions:view', 'payroll:view', 'publicity:view', 'cycle:view', 'archives:view', 'indicators:view', 'assessment:view'],
  benefit_reviewer: [...EVERYONE, 'residents:view', 'residents:export_full_id', 'enrolment:view', 'contributions:view', 'pensions:view', 'pensions:award', 'pensions:certify', 'pensions:recover', 'payroll:view', 'payroll:generate', 'publicity:view', 'publicity:manage', 'cycle:view', 'cycle:reopen', 'crosscheck:view', 'crosscheck:load', 'crosscheck:resolve', 'archives:view', 'indicators:view', 'assessment:view'],
  finance_officer: [...EVERYONE, 'residents:view', 'contributions:view', 'pensions:view', 'pensions:recover', 'payroll:view', 'payroll:approve', 'fund:view', 'fund:record', 'cycle:view', 'archives:view'],
  archivist: [...EVERYONE, 'residents:view', 'enrolment:view', 'cycle:view', 'archives:view', 'archives:manage'],
  county_director: [...EVERYONE, 'residents:view', 'residents:export_full_id', 'audit:view', 'enrolment:view', 'contributions:view', 'pensions:view', 'payroll:view', 'fund:view', 'publicity:view', 'cycle:view', 'crosscheck:view', 'archives:view', 'indicators:view', 'assessment:view', 'assessment:approve'],
  system_admin: [...EVERYONE, 'regions:import', 'users:admin'],
  finance_bureau: [...EVERYONE, 'payroll:view', 'fund:view', 'fund:allocate', 'cycle:view'],
  agent_bank: [...EVERYONE, 'payroll:view', 'payroll:bank', 'cycle:view'],
  supervisor: [...EVERYONE, 'residents:view', 'audit:view', 'enrolment:view', 'contributions:view', 'pensions:view', 'payroll:view', 'fund:view', 'publicity:view', 'cycle:view', 'crosscheck:view', 'archives:view', 'indicators:view', 'assessment:view'],
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function roleHas(role: string, permission: Permission): boolean {
  return isRole(role) && ROLE_PERMISSIONS[role].includes(permission);
}
