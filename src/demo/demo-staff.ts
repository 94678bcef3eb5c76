import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { SYSTEM_ACTOR } from '../modules/audit/service.js';
import type { Role } from '../modules/staff/roles.js';
import { createUser } from '../modules/staff/service.js';

/** Printed in README.md; change both together. */
export const DEMO_PASSWORD = 'Demo@2024';

export interface DemoAccount {
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly regionCode: string;
}

/** One account per role in Shouguang; two township clerks so each can be shown the other's data is closed. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'admin', displayName: '系统管理员', role: 'system_admin', regionCode: '370783000000' },
  { username: 'director', displayName: '张主任', role: 'county_director', regionCode: '370783000000' },
  { username: 'auditor', displayName: '李稽核', role: 'county_enrolment_auditor', regionCode: '370783000000' },
  { username: 'accounts', displayName: '王账户', role: 'account_manager', regionCode: '370783000000' },
  { username: 'reviewer', displayName: '赵审批', role: 'benefit_reviewer', regionCode: '370783000000' },
  { username: 'finance', displayName: '刘会计', role: 'finance_officer', regionCode: '370783000000' },
  { username: 'archivist', displayName: '陈档案', role: 'archivist', regionCode: '370783000000' },
  { username: 'bureau', displayName: '财政局社保科', role: 'finance_bureau', regionCode: '370783000000' },
  { username: 'bank', displayName: '农行寿光支行', role: 'agent_bank', regionCode: '370783000000' },
  { username: 'supervisor', displayName: '纪检督查组', role: 'supervisor', regionCode: '370783000000' },
  { username: 'clerk_shengcheng', displayName: '孙经办（圣城街道）', role: 'township_clerk', regionCode: '370783001000' },
  { username: 'clerk_tianliu', displayName: '周经办（田柳镇）', role: 'township_clerk', regionCode: '370783106000' },
  { username: 'coord_shengcheng', displayName: '吴协办员', role: 'village_coordinator', regionCode: '370783001001' },
];

export async function createDemoStaff(db: Kysely<DB>): Promise<number> {
  for (const account of DEMO_ACCOUNTS) {
    await createUser(db, SYSTEM_ACTOR, { ...account, password: DEMO_PASSWORD });
  }
  return DEMO_ACCOUNTS.length;
}
