import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Kysely view of the schema in migrations/. Migrations are the truth; keep this in step with them. */
export interface DB {
  schema_migration: SchemaMigrationTable;
  division: DivisionTable;
  region: RegionTable;
  staff_user: StaffUserTable;
  staff_session: StaffSessionTable;
  audit_log: AuditLogTable;
  household: HouseholdTable;
  resident: ResidentTable;
}

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | null, string | null>;

export interface SchemaMigrationTable {
  version: number;
  name: string;
  checksum: string;
  applied_at: Generated<Date>;
}

export type DivisionLevel = 'province' | 'prefecture' | 'county' | 'township';
export interface DivisionTable {
  code: string;
  level: DivisionLevel;
  name: string;
  parent_code: string | null;
  edition: string;
}

export type RegionLevel = 'county' | 'township' | 'village';
export interface RegionTable {
  code: string;
  county_code: string;
  level: RegionLevel;
  name: string;
  parent_code: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export type RegionRow = Selectable<RegionTable>;

export interface StaffUserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  role: string;
  region_code: string;
  password_hash: string;
  disabled: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  last_login_at: Date | null;
  password_changed_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export type StaffUserRow = Selectable<StaffUserTable>;
export type NewStaffUser = Insertable<StaffUserTable>;
export type StaffUserUpdate = Updateable<StaffUserTable>;

export interface StaffSessionTable {
  token_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
}

export interface AuditLogTable {
  id: number;
  at: Date;
  user_id: number | null;
  username: string | null;
  role: string | null;
  region_code: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before: Json;
  after: Json;
  request_id: string | null;
  ip: string | null;
  prev_hash: string;
  hash: string;
}
export type AuditLogRow = Selectable<AuditLogTable>;

export interface HouseholdTable {
  county_code: string;
  id: Generated<number>;
  village_code: string;
  household_no: string;
  address: string | null;
  created_at: Timestamp;
}

export interface ResidentTable {
  county_code: string;
  id: Generated<number>;
  id_number: string;
  name: string;
  sex: 'M' | 'F';
  birth_date: string;
  ethnicity: Generated<string>;
  village_code: string;
  household_id: number;
  relation: string;
  phone: string | null;
  address: string | null;
  created_at: Timestamp;
}
