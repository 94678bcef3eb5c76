import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Kysely view of the schema in migrations/. Migrations are the truth; keep this in step with them. */
export interface DB {
  schema_migration: SchemaMigrationTable;
  division: DivisionTable;
  region: RegionTable;
  staff_user: StaffUserTable;
  staff_session: StaffSessionTable;
  login_throttle: LoginThrottleTable;
  audit_log: AuditLogTable;
  household: HouseholdTable;
  resident: ResidentTable;
  import_batch: ImportBatchTable;
  enrolment_application: EnrolmentApplicationTable;
  enrolment: EnrolmentTable;
  contribution: ContributionTable;
  account_entry: AccountEntryTable;
  ledger_journal: LedgerJournalTable;
  fund_entry: FundEntryTable;
  account_balance: AccountBalanceTable;
  fund_month: FundMonthTable;
  subsidy_request: SubsidyRequestTable;
  job: JobTable;
  interest_posting: InterestPostingTable;
  pension: PensionTable;
  pension_paid_through: PensionPaidThroughTable;
  explanation_citation: ExplanationCitationTable;
  payroll: PayrollTable;
  pension_payment: PensionPaymentTable;
  certification: CertificationTable;
  death_settlement: DeathSettlementTable;
  publicity: PublicityTable;
  publicity_line: PublicityLineTable;
  publicity_objection: PublicityObjectionTable;
  cycle_submission: CycleSubmissionTable;
  cross_check_batch: CrossCheckBatchTable;
  cross_check_hit: CrossCheckHitTable;
  hukou_statistic: HukouStatisticTable;
  indicator_target: IndicatorTargetTable;
  indicator_snapshot: IndicatorSnapshotTable;
  assessment: AssessmentTable;
  archive_counter: ArchiveCounterTable;
  archive_record: ArchiveRecordTable;
  archive_document: ArchiveDocumentTable;
  archive_loan: ArchiveLoanTable;
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

/** Wrong passwords per user name and client address (login lock-out). */
export interface LoginThrottleTable {
  username: string;
  client: string;
  failures: number;
  locked_until: Date | null;
  last_failure_at: Date;
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
  /** A birth before 1900 or an age over 120 confirmed at enrolment (0010_plausibility.sql). */
  age_confirmed: Generated<boolean>;
  created_at: Timestamp;
  /** A full-time student until this day; employee pension scheme from this day (0020_indicators.sql). */
  student_until: ColumnType<string | null, string | null | undefined, string | null>;
  employee_scheme_from: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ImportBatchTable {
  county_code: string;
  id: Generated<number>;
  kind: string;
  file_name: string;
  sha256: string;
  row_count: number;
  created_by: number;
  created_at: Timestamp;
}

export type ApplicationStatus = 'submitted' | 'township_approved' | 'confirmed' | 'rejected';
export interface EnrolmentApplicationTable {
  county_code: string;
  id: Generated<number>;
  status: ColumnType<ApplicationStatus, ApplicationStatus | undefined, ApplicationStatus>;
  id_number: string;
  name: string;
  sex: 'M' | 'F';
  birth_date: string;
  ethnicity: Generated<string>;
  village_code: string;
  household_no: string | null;
  relation: string;
  phone: string | null;
  address: string | null;
  identity: string;
  card_number: string | null;
  bank_account: string | null;
  first_month: string;
  application_date: string;
  batch_id: number | null;
  batch_row: number | null;
  submitted_by: number;
  submitted_at: Timestamp;
  township_by: number | null;
  township_at: Date | null;
  county_by: number | null;
  county_at: Date | null;
  rejected_stage: 'township' | 'county' | null;
  reject_reason: string | null;
  resident_id: number | null;
  /** The submitter confirmed a birth before 1900 or an age over 120 (0010_plausibility.sql). */
  age_confirmed: Generated<boolean>;
}

export type TerminationReason = 'death' | 'abroad' | 'employee_pension' | 'other';
export interface EnrolmentTable {
  county_code: string;
  resident_id: number;
  village_code: string;
  identity: string;
  status: Generated<'normal' | 'suspended' | 'terminated'>;
  payment_status: Generated<'paying' | 'paused' | 'ended'>;
  first_month: string;
  card_number: string | null;
  bank_account: string | null;
  application_id: number | null;
  terminated_on: string | null;
  termination_reason: TerminationReason | null;
  termination_note: string | null;
  enrolled_at: Timestamp;
  updated_at: Timestamp;
}

export type ContributionChannel = 'cash' | 'bank' | 'counter';
export interface ContributionTable {
  county_code: string;
  id: Generated<number>;
  resident_id: number;
  village_code: string;
  year: number;
  kind: 'yearly' | 'backPay';
  tier: number;
  identity: string;
  individual: number;
  hardship_payment: number;
  government_subsidy: number;
  collective_subsidy: number;
  sponsorship: number;
  total_credited: number;
  paid_on: string;
  channel: ContributionChannel;
  receipt_no: string | null;
  bank_reference: string | null;
  status: ColumnType<'posted' | 'reversed', 'posted' | 'reversed' | undefined, 'posted' | 'reversed'>;
  reversal_reason: string | null;
  reversed_by: number | null;
  reversed_at: Date | null;
  recorded_by: number;
  recorded_at: Timestamp;
}

export type AccountEntryKind = 'contribution' | 'reversal' | 'interest' | 'pension' | 'transfer_in' | 'transfer_out' | 'refund' | 'inheritance' | 'pool';
export interface AccountEntryTable {
  county_code: string;
  id: Generated<number>;
  resident_id: number;
  posted_on: string;
  kind: AccountEntryKind;
  source: string;
  amount: number;
  year: number | null;
  contribution_id: number | null;
  /** The payroll line an account pension debit (or its reversal) belongs to. */
  payment_id: number | null;
  /** The ledger journal (null: written before the ledger, see the county's 'legacy' journal). */
  journal_id: number | null;
  created_at: Timestamp;
}

export type LedgerJournalKind =
  | 'legacy'
  | 'opening'
  | 'contribution'
  | 'contribution_reversal'
  | 'interest'
  | 'payroll'
  | 'payroll_withdrawal'
  | 'bank_settlement'
  | 'settlement'
  | 'settlement_release'
  | 'recovery'
  | 'sweep'
  | 'allocation'
  | 'subsidy_receipt'
  | 'fund_interest';
export interface LedgerJournalTable {
  county_code: string;
  id: Generated<number>;
  kind: LedgerJournalKind;
  posted_on: string;
  reference: string | null;
  memo: string | null;
  recorded_by: number | null;
  created_at: Timestamp;
}
export type FundAccount = 'income_bank' | 'special' | 'expenditure_bank' | 'receivable' | 'recoverable' | 'payable' | 'individual_accounts' | 'earmark' | 'opening' | 'income' | 'spending';
export interface FundEntryTable {
  county_code: string;
  id: Generated<number>;
  journal_id: number;
  posted_on: string;
  account: FundAccount;
  kind: Generated<string>;
  level: Generated<string>;
  amount: number;
}
export interface AccountBalanceTable {
  county_code: string;
  resident_id: number;
  source: string;
  balance: number;
}
export interface FundMonthTable {
  county_code: string;
  month: string;
  account: FundAccount;
  kind: Generated<string>;
  level: Generated<string>;
  amount: number;
}
export interface SubsidyRequestTable {
  county_code: string;
  id: Generated<number>;
  level: 'central' | 'provincial' | 'prefecture' | 'county';
  period_from: string;
  period_to: string;
  contribution_subsidy: number;
  hardship_payment: number;
  basic_pension_funding: number;
  amount: number;
  outstanding_before: number;
  created_by: number;
  created_at: Timestamp;
}

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';
export interface JobTable {
  id: Generated<number>;
  county_code: string;
  kind: 'interest' | 'payroll';
  period: string;
  status: ColumnType<JobStatus, JobStatus | undefined, JobStatus>;
  total: Generated<number>;
  done: Generated<number>;
  result: Json;
  error: string | null;
  created_by: number | null;
  created_at: Timestamp;
  started_at: Date | null;
  finished_at: Date | null;
}

export interface InterestPostingTable {
  county_code: string;
  year: number;
  resident_id: number;
  amount: number;
  job_id: number;
  posted_at: Timestamp;
}

export type PensionStatus = 'active' | 'suspended' | 'stopped';
export interface PensionTable {
  county_code: string;
  id: Generated<number>;
  resident_id: number;
  village_code: string;
  status: ColumnType<PensionStatus, PensionStatus | undefined, PensionStatus>;
  pension_age_date: string;
  start_month: string;
  category: 'noContribution' | 'transitional' | 'standard';
  contribution_years: number;
  central_basic: number;
  local_top_up: number;
  long_contribution_extra: number;
  basic_pension: number;
  account_balance: number;
  account_pension: number;
  monthly_pension: number;
  balances: Json;
  account_pension_by_source: Json;
  explanation: Json;
  awarded_by: number;
  awarded_at: Timestamp;
  last_certified_on: ColumnType<string, string | undefined, string>;
  suspended_from: string | null;
  stopped_on: string | null;
  stop_reason: 'death' | 'dual_benefit' | 'other' | null;
  suspension_reason: 'certification' | 'imprisonment' | null;
}

/**
 * A pension's paid-through month (YYYY-MM; null: nothing paid yet), one narrow row per pension made by a trigger
 * when the pension is inserted (migration 0025): the payroll moves it every month without rewriting the wide pension row.
 */
export interface PensionPaidThroughTable {
  county_code: string;
  pension_id: number;
  paid_through: string | null;
}

/** A parameter citation kept once, by the md5 of its JSON text (migration 0027, src/modules/explanations/store.ts). */
export interface ExplanationCitationTable {
  hash: string;
  citation: unknown;
}

export type PayrollStatus = 'generating' | 'generated' | 'returned' | 'approved' | 'settled';
export interface PayrollTable {
  county_code: string;
  month: string;
  status: ColumnType<PayrollStatus, PayrollStatus | undefined, PayrollStatus>;
  job_id: number;
  created_by: number | null;
  created_at: Timestamp;
  approved_by: number | null;
  approved_at: Date | null;
  returned_reason: string | null;
  returned_by: number | null;
  returned_at: Date | null;
  bank_file_at: Date | null;
  settled_by: number | null;
  settled_at: Date | null;
  return_sha256: string | null;
}

export type PaymentStatus = 'pending' | 'paid' | 'failed' | 'withdrawn';
export interface PensionPaymentTable {
  county_code: string;
  id: Generated<number>;
  month: string;
  pension_id: number;
  resident_id: number;
  village_code: string;
  kind: ColumnType<'regular' | 'repay', 'regular' | 'repay' | undefined, 'regular' | 'repay'>;
  from_month: string;
  to_month: string;
  months: number;
  basic_pension: number;
  from_account: number;
  from_pool: number;
  amount: number;
  bank_account: string | null;
  status: ColumnType<PaymentStatus, PaymentStatus | undefined, PaymentStatus>;
  failure_reason: string | null;
  repays: number | null;
  repaid_in: string | null;
  withdrawn_reason: string | null;
  withdrawn_on: string | null;
  withheld_basic: Generated<number>;
  withheld_reason: string | null;
  funded_central: Generated<number>;
  funded_provincial: Generated<number>;
  funded_prefecture: Generated<number>;
  funded_county: Generated<number>;
}

export type CertificationMethod = 'data' | 'face' | 'visit' | 'other';
export interface CertificationTable {
  county_code: string;
  id: Generated<number>;
  pension_id: number;
  resident_id: number;
  village_code: string;
  certified_on: string;
  method: CertificationMethod;
  note: string | null;
  resumed_from: string | null;
  recorded_by: number;
  recorded_at: Timestamp;
}

export interface DeathSettlementTable {
  county_code: string;
  id: Generated<number>;
  resident_id: number;
  village_code: string;
  pension_id: number | null;
  death_date: string;
  last_payable_month: string;
  overpaid_months: number;
  basic_to_recover: number;
  account_to_recover: number;
  amount_to_recover: number;
  balance: number;
  inheritable: number;
  returned_to_pool: number;
  funeral_grant: number;
  inheritable_by_source: Json;
  returned_by_source: Json;
  explanation: Json;
  recovered: Generated<number>;
  recovery_status: 'none' | 'open' | 'recovered';
  kind: Generated<'death' | 'dual_benefit'>;
  other_benefit_from: string | null;
  refunded_premiums: Generated<number>;
  arrears_months: Generated<number>;
  arrears_to_heirs: Generated<number>;
  overpaid_lines: ColumnType<unknown, string | undefined, string>;
  settled_by: number;
  settled_at: Timestamp;
}

/** 缴费公示 / 待遇领取公示 / 暂停、终止公示. */
export type PublicityKind = 'contributions' | 'awards' | 'stops';
export type ObjectionOutcome = 'upheld' | 'dismissed';

export interface PublicityTable {
  county_code: string;
  id: Generated<number>;
  village_code: string;
  kind: PublicityKind;
  period: string;
  posted_from: string;
  posted_to: string;
  contact: string;
  line_count: number;
  total: number;
  created_by: number;
  created_at: Timestamp;
}

export interface PublicityLineTable {
  county_code: string;
  id: Generated<number>;
  publicity_id: number;
  kind: PublicityKind;
  period: string;
  resident_id: number;
  line_no: number;
  name: string;
  id_number_masked: string;
  amount: number;
  from_month: string | null;
  detail: Json;
}

export interface PublicityObjectionTable {
  county_code: string;
  id: Generated<number>;
  publicity_id: number;
  line_id: number;
  resident_id: number;
  raised_by: string;
  raised_on: string;
  content: string;
  recorded_by: number;
  recorded_at: Timestamp;
  outcome: ObjectionOutcome | null;
  outcome_reason: string | null;
  decided_by: number | null;
  decided_at: Date | null;
}

export type CycleLevel = 'village' | 'township';
export type CycleSubmissionStatus = 'submitted' | 'reopened';
/** 月度经办: a village's or township's month handed to the level above (migration 0016). */
export interface CycleSubmissionTable {
  county_code: string;
  month: string;
  unit_code: string;
  level: CycleLevel;
  status: CycleSubmissionStatus;
  first_submitted_on: string;
  submitted_on: string;
  closed_at: Timestamp | null;
  submitted_by: number;
  applications: number;
  changes: number;
  deaths: number;
  certifications: number;
  villages_submitted: number | null;
  villages_total: number | null;
  reopened_by: number | null;
  reopened_on: string | null;
  reopen_reason: string | null;
}

/** Outside registries a cross-check file comes from (0017_cross_checks.sql). */
export type CrossCheckRegistry = 'employee_pension' | 'institution_pension' | 'death' | 'bank_card';
export type CrossCheckKind = 'dual_benefit' | 'death' | 'bank_mismatch' | 'recheck';
export type CrossCheckState = 'open' | 'resolved' | 'dismissed';
export type CrossCheckResolution = 'stopped' | 'death_registered' | 'account_corrected' | 'dismissed';
export interface CrossCheckBatchTable {
  county_code: string;
  id: Generated<number>;
  registry: CrossCheckRegistry;
  file_name: string;
  sha256: string;
  row_count: Generated<number>;
  people_compared: Generated<number>;
  matched: Generated<number>;
  millis: Generated<number>;
  loaded_by: number;
  loaded_at: Timestamp;
}
export interface CrossCheckHitTable {
  county_code: string;
  id: Generated<number>;
  batch_id: number;
  registry: CrossCheckRegistry;
  kind: CrossCheckKind;
  reason: string;
  proposed_kind: 'dual_benefit' | 'death' | null;
  resident_id: number;
  village_code: string;
  pension_id: number | null;
  registry_row: number | null;
  registry_id_number: string | null;
  registry_name: string | null;
  registry_date: string | null;
  registry_card: string | null;
  registry_note: string | null;
  our_account: string | null;
  state: Generated<CrossCheckState>;
  resolution: CrossCheckResolution | null;
  resolution_note: string | null;
  settlement_id: number | null;
  resolved_by: number | null;
  resolved_at: Date | null;
  rechecked_by: number | null;
  rechecked_at: Date | null;
  recheck_note: string | null;
}

/** The hukou statistics of a village for a year (0020_indicators.sql). */
export interface HukouStatisticTable {
  county_code: string;
  year: number;
  village_code: string;
  population: number;
  should_enrol: number;
  file_name: string;
  imported_by: number;
  imported_at: Timestamp;
}

/** A township's or village's yearly target (0020_indicators.sql). */
export interface IndicatorTargetTable {
  county_code: string;
  year: number;
  region_code: string;
  level: 'township' | 'village';
  enrolled: number;
  collected: number | null;
  set_by: number;
  set_at: Timestamp;
}

/** The indicators of a region as they stood on a Friday (0020_indicators.sql). */
export interface IndicatorSnapshotTable {
  county_code: string;
  taken_on: string;
  region_code: string;
  level: 'county' | 'township' | 'village';
  should_enrol_hukou: number | null;
  should_enrol_registry: number;
  enrolled: number;
  payers: number;
  paid_this_year: number;
  renewals: number;
  renewal_base: number;
  pensioners: number;
  enrolled_60_plus: number;
  collected: number;
  target_enrolled: number | null;
  target_collected: number | null;
  taken_at: Timestamp;
}

/** The yearly assessment of a county (0024_assessment.sql); frozen once approved. */
export interface AssessmentTable {
  county_code: string;
  year: number;
  status: Generated<'draft' | 'approved'>;
  cut_off: string;
  rule: Json;
  townships: Json;
  villages: Json;
  village_rewards: number;
  computed_by: number;
  computed_at: Timestamp;
  approved_by: number | null;
  approved_at: Date | null;
}

/** 档案 (0021_archives.sql): categories of the file number (CB 参保, DY 待遇, BG 变更, SW 死亡, FF 发放). */
export type ArchiveCategory = 'enrolment' | 'award' | 'change' | 'death' | 'payroll';
export interface ArchiveCounterTable {
  county_code: string;
  year: number;
  category: ArchiveCategory;
  last_seq: number;
}
export interface ArchiveRecordTable {
  county_code: string;
  id: Generated<number>;
  file_no: string;
  year: number;
  category: ArchiveCategory;
  seq: number;
  kind: string;
  title: string;
  filed_on: string;
  source_kind: string;
  source_id: string;
  resident_id: number | null;
  region_code: string;
  detail: ColumnType<unknown, string | undefined, string>;
  created_by: number | null;
  created_at: Timestamp;
}
export interface ArchiveDocumentTable {
  county_code: string;
  id: Generated<number>;
  record_id: number;
  file_name: string;
  content_type: 'application/pdf' | 'image/jpeg' | 'image/png';
  size: number;
  sha256: string;
  content: Uint8Array;
  uploaded_by: number;
  uploaded_at: Timestamp;
}
export interface ArchiveLoanTable {
  county_code: string;
  id: Generated<number>;
  record_id: number;
  borrower: string;
  borrower_unit: string | null;
  purpose: string;
  lent_on: string;
  due_on: string;
  returned_on: string | null;
  lent_by: number;
  returned_by: number | null;
  created_at: Timestamp;
}
