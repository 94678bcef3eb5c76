export const ROLE_CODES = [
  'village_coordinator',
  'township_clerk',
  'county_enrolment_auditor',
  'account_manager',
  'benefit_reviewer',
  'finance_officer',
  'archivist',
  'county_director',
  'system_admin',
  'finance_bureau',
  'agent_bank',
  'supervisor',
] as const;

export type RoleCode = (typeof ROLE_CODES)[number];

/** The level of region each role is bound to (mirrors the server's ROLE_REGION_LEVEL). */
export const ROLE_REGION_LEVEL: Readonly<Record<RoleCode, 'county' | 'township' | 'village'>> = {
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

export function regionLevelForRole(role: string | undefined): 'county' | 'township' | 'village' | undefined {
  return role && role in ROLE_REGION_LEVEL ? ROLE_REGION_LEVEL[role as RoleCode] : undefined;
}
