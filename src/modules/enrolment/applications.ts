/**
 * Enrolment applications (参保登记申请), DOMAIN.md §1–§2: a village coordinator (or the township office)
 * submits an application, one at a time or as an Excel/CSV batch; the township office reviews it first; the
 * county enrolment auditor confirms it, which adds the person to the registry (and a new household when
 * needed) and opens the enrolment. Rejections carry a reason. Every step is audited in its transaction.
 */
import { fileArchives, type ArchiveEntry } from '../archives/service.js';
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { countInWindows, type VillageWindow } from '../../db/windows.js';
import type { ApplicationStatus, DB } from '../../db/schema.js';
import { AppError, type RowError } from '../../errors/app-error.js';
import type { ErrorCode } from '../../errors/messages.js';
import {
  addMonths,
  ageOn,
  checkEnrolmentApplication,
  ENROLMENT_IDENTITIES,
  isIsoDate,
  looksLikeBankCard,
  luhnValid,
  parameterAsOf,
  regionLevelOf,
  yearMonthOf,
  type EnrolmentIdentity,
  type IsoDate,
  type ParameterSet,
} from '../../rules/index.js';
import { appendAudit, type AuditActor } from '../audit/service.js';
import { readTableFile, type ColumnSpec } from '../files/table-file.js';
import { implausibleAge, pastDateError } from '../plausibility.js';
import { maskIdNumber } from '../registry/service.js';
import { RELATIONS } from './relations.js';
import { personSearch } from '../../db/search.js';

export { RELATIONS };

export interface ApplicationInput {
  readonly idNumber: string;
  readonly name: string;
  readonly sex?: 'M' | 'F' | undefined;
  readonly birthDate?: string | undefined;
  readonly ethnicity?: string | undefined;
  readonly villageCode: string;
  /** An existing household of the village, or empty for a new one. */
  readonly householdNo?: string | undefined;
  readonly relation: string;
  readonly phone?: string | undefined;
  readonly address?: string | undefined;
  readonly identity?: string | undefined;
  readonly cardNumber?: string | undefined;
  readonly bankAccount?: string | undefined;
  /** YYYY-MM; default: the month of the application. */
  readonly firstMonth?: string | undefined;
  readonly notFullTimeStudent: boolean;
  readonly noOtherStatePension: boolean;
  /** The submitter checked the ID document of someone born before 1900 or older than 120 (else refused). */
  readonly confirmImplausibleAge?: boolean | undefined;
}

interface Checked {
  readonly row: number | undefined;
  readonly input: ApplicationInput;
  readonly idNumber: string;
  readonly name: string;
  readonly sex: 'M' | 'F';
  readonly birthDate: IsoDate;
  readonly identity: EnrolmentIdentity;
  readonly firstMonth: string;
  /** An implausible age (before 1900, over 120) that was confirmed: flagged on the application and the resident. */
  readonly ageConfirmed: boolean;
}

export interface SubmitContext {
  readonly actor: AuditActor;
  /** The actor's region prefix: applications only for villages under it. */
  readonly scopePrefix: string;
  readonly countyCode: string;
  readonly parameters: ParameterSet;
  /** The day of the application (today in China), given by the caller: services read no clock for rules. */
  readonly today: IsoDate;
}

const PHONE = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;
const BANK_ACCOUNT = /^\d{12,30}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function optional(text: string | undefined): string | undefined {
  const t = text?.normalize('NFKC').trim();
  return t ? t : undefined;
}

/** DATE_IN_FUTURE on idNumber when the number's birth digits are a real date after today, else undefined. */
function futureBirthInIdNumber(idNumber: string, today: IsoDate, row: number | undefined): RowError | undefined {
  const text = idNumber.normalize('NFKC').trim();
  const digits = /^\d{17}[\dXx]$/.test(text) ? text.slice(6, 14) : /^\d{15}$/.test(text) ? `19${text.slice(6, 12)}` : undefined;
  if (!digits) return undefined;
  const birth = `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6)}`;
  if (!isIsoDate(birth) || birth <= today) return undefined;
  return pastDateError(birth, { field: 'idNumber', today, label: { 'zh-CN': '身份证号码中的出生日期', en: 'The birth date in the ID number' }, ...(row === undefined ? {} : { row }) });
}

/** Field checks that need no database; problems are pushed with the row (batch) or without (form). */
function checkFields(input: ApplicationInput, ctx: SubmitContext, row: number | undefined, errors: RowError[]): Checked | undefined {
  const push = (code: ErrorCode, field: string, params: Record<string, unknown> = {}) => errors.push({ code, field, params: { field, ...params }, ...(row === undefined ? {} : { row }) });
  const before = errors.length;
  // A birth has happened: a typed birth date after today is refused as such (not only as disagreeing with the ID).
  let typedBirth = optional(input.birthDate);
  const futureBirth = typedBirth !== undefined && isIsoDate(typedBirth) ? pastDateError(typedBirth, { field: 'birthDate', today: ctx.today, ...(row === undefined ? {} : { row }) }) : undefined;
  if (futureBirth) {
    errors.push(futureBirth);
    typedBirth = undefined;
  }
  const check = checkEnrolmentApplication(
    {
      idNumber: input.idNumber ?? '',
      name: input.name ?? '',
      sex: input.sex,
      birthDate: typedBirth,
      asOf: ctx.today,
      notFullTimeStudent: input.notFullTimeStudent,
      noOtherStatePension: input.noOtherStatePension,
    },
    ctx.parameters,
  );
  for (const p of check.problems) {
    // A birth date inside the ID number that is a real date after today: said as such, not as "not a valid date".
    const future = p.code === 'ID_BIRTH_DATE' ? futureBirthInIdNumber(input.idNumber ?? '', ctx.today, row) : undefined;
    if (future) errors.push(future);
    else push(p.code, p.field, p.params);
  }
  // Born before 1900 or older than 120 on the day of the application: only with an explicit confirmation.
  const implausible = check.birthDate ? implausibleAge(check.birthDate, ctx.today) : undefined;
  if (implausible && input.confirmImplausibleAge !== true) push('ENROL_AGE_IMPLAUSIBLE', 'birthDate', { birthDate: check.birthDate ?? '', age: implausible.age });
  const identity = optional(input.identity) ?? 'ordinary';
  if (!(ENROLMENT_IDENTITIES as readonly string[]).includes(identity)) push('ENROL_IDENTITY', 'identity', { value: identity });
  if (!(RELATIONS as readonly string[]).includes(input.relation?.trim() ?? '')) push('ENROL_RELATION', 'relation', { value: input.relation ?? '', allowed: RELATIONS.join('、') });
  const phone = optional(input.phone);
  if (phone !== undefined && !PHONE.test(phone)) push('ENROL_PHONE', 'phone', { value: phone });
  const bank = optional(input.bankAccount)?.replace(/\s/g, '');
  if (bank !== undefined && !BANK_ACCOUNT.test(bank)) push('ENROL_BANK_ACCOUNT', 'bankAccount', { value: bank });
  const firstMonth = optional(input.firstMonth) ?? yearMonthOf(ctx.today);
  if (!MONTH.test(firstMonth) || firstMonth > addMonths(yearMonthOf(ctx.today), 1)) push('ENROL_MONTH', 'firstMonth', { value: firstMonth });
  const village = input.villageCode?.trim() ?? '';
  if (regionLevelOf(village) !== 'village' || !village.startsWith(ctx.scopePrefix)) push('ENROL_VILLAGE', 'villageCode', { value: village });
  if ((optional(input.ethnicity)?.length ?? 0) > 20) push('ENROL_ETHNICITY', 'ethnicity', { value: input.ethnicity });
  if ((optional(input.address)?.length ?? 0) > 200) push('VALIDATION_FAILED', 'address', { detail: '≤ 200' });
  if (errors.length > before || !check.idNumber || !check.birthDate || !check.sex) return undefined;
  return { row, input, idNumber: check.idNumber, name: input.name.normalize('NFKC').trim(), sex: check.sex, birthDate: check.birthDate, identity: identity as EnrolmentIdentity, firstMonth, ageConfirmed: implausible !== undefined };
}

/** Checks against what is stored: the village, the registry, open applications and enrolments. */
async function checkAgainstDatabase(db: Kysely<DB>, ctx: SubmitContext, items: readonly Checked[], errors: RowError[]): Promise<void> {
  if (items.length === 0) return;
  const push = (item: Checked, code: ErrorCode, field: string, params: Record<string, unknown> = {}) =>
    errors.push({ code, field, params: { field, ...params }, ...(item.row === undefined ? {} : { row: item.row }) });
  const ids = [...new Set(items.map((i) => i.idNumber))];
  const villages = [...new Set(items.map((i) => i.input.villageCode.trim()))];
  const [villageRows, residents, open, enrolled] = await Promise.all([
    db.selectFrom('region').select('code').where('code', 'in', villages).where('level', '=', 'village').execute(),
    db.selectFrom('resident').select(['id_number', 'name', 'village_code']).where('county_code', '=', ctx.countyCode).where('id_number', 'in', ids).execute(),
    db
      .selectFrom('enrolment_application')
      .select(['id_number', 'id', 'village_code'])
      .where('county_code', '=', ctx.countyCode)
      .where('id_number', 'in', ids)
      .where('status', 'in', ['submitted', 'township_approved'])
      .execute(),
    db
      .selectFrom('enrolment as e')
      .innerJoin('resident as r', (j) => j.onRef('r.county_code', '=', 'e.county_code').onRef('r.id', '=', 'e.resident_id'))
      .select(['r.id_number', 'e.status', 'e.village_code'])
      .where('e.county_code', '=', ctx.countyCode)
      .where('r.id_number', 'in', ids)
      .where('e.status', '!=', 'terminated')
      .execute(),
  ]);
  const knownVillages = new Set(villageRows.map((v) => v.code));
  const registry = new Map(residents.map((r) => [r.id_number, r]));
  const openById = new Map(open.map((a) => [a.id_number, a.id]));
  const enrolledIds = new Set(enrolled.map((e) => e.id_number));
  // A person registered, enrolled or applying in a village outside the caller's region: the caller learns
  // only that, never the name, village, status or application of someone they may not see.
  const inScope = (village: string) => village.startsWith(ctx.scopePrefix);
  const elsewhere = new Set([
    ...residents.filter((r) => !inScope(r.village_code)).map((r) => r.id_number),
    ...open.filter((a) => !inScope(a.village_code)).map((a) => a.id_number),
    ...enrolled.filter((e) => !inScope(e.village_code)).map((e) => e.id_number),
  ]);
  const households = new Map<string, string>();
  const wanted = [...new Set(items.flatMap((i) => optional(i.input.householdNo) ?? []))];
  if (wanted.length > 0) {
    for (const h of await db.selectFrom('household').select(['household_no', 'village_code']).where('county_code', '=', ctx.countyCode).where('household_no', 'in', wanted).execute()) {
      households.set(h.household_no, h.village_code);
    }
  }
  const firstRowOf = new Map<string, number | undefined>();
  for (const item of items) {
    const village = item.input.villageCode.trim();
    if (!knownVillages.has(village)) push(item, 'ENROL_VILLAGE', 'villageCode', { value: village });
    if (firstRowOf.has(item.idNumber)) push(item, 'ENROL_DUPLICATE_IN_FILE', 'idNumber', { value: maskIdNumber(item.idNumber), firstRow: firstRowOf.get(item.idNumber) ?? '' });
    else firstRowOf.set(item.idNumber, item.row);
    if (elsewhere.has(item.idNumber)) {
      push(item, 'ENROL_REGISTERED_ELSEWHERE', 'idNumber', { value: maskIdNumber(item.idNumber) });
      continue;
    }
    if (enrolledIds.has(item.idNumber)) push(item, 'ENROL_ALREADY_ENROLLED', 'idNumber', { value: maskIdNumber(item.idNumber) });
    const openId = openById.get(item.idNumber);
    if (openId !== undefined) push(item, 'ENROL_APPLICATION_OPEN', 'idNumber', { value: maskIdNumber(item.idNumber), application: openId });
    const person = registry.get(item.idNumber);
    if (person && person.name !== item.name) push(item, 'ENROL_REGISTRY_NAME', 'name', { value: item.name, registry: person.name });
    if (person && person.village_code !== village) push(item, 'ENROL_REGISTRY_VILLAGE', 'villageCode', { value: village, registry: person.village_code });
    const householdNo = optional(item.input.householdNo);
    if (!person && householdNo !== undefined && households.has(householdNo) && households.get(householdNo) !== village) {
      push(item, 'ENROL_HOUSEHOLD_VILLAGE', 'householdNo', { value: householdNo });
    }
  }
}

function applicationRow(item: Checked, ctx: SubmitContext, batch?: { id: number }) {
  const i = item.input;
  return {
    county_code: ctx.countyCode,
    id_number: item.idNumber,
    name: item.name,
    sex: item.sex,
    birth_date: item.birthDate,
    ethnicity: optional(i.ethnicity) ?? '汉族',
    village_code: i.villageCode.trim(),
    household_no: optional(i.householdNo) ?? null,
    relation: i.relation.trim(),
    phone: optional(i.phone) ?? null,
    address: optional(i.address) ?? null,
    identity: item.identity,
    card_number: optional(i.cardNumber) ?? null,
    bank_account: optional(i.bankAccount)?.replace(/\s/g, '') ?? null,
    first_month: item.firstMonth,
    application_date: ctx.today,
    age_confirmed: item.ageConfirmed,
    batch_id: batch?.id ?? null,
    batch_row: batch ? (item.row ?? null) : null,
    submitted_by: ctx.actor.userId ?? 0,
  };
}

function invalid(errors: RowError[], single: boolean): AppError {
  errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  if (single) {
    const first = errors[0]!;
    return new AppError(first.code, 400, { ...(first.field ? { field: first.field } : {}), params: first.params ?? {}, errors });
  }
  return new AppError('IMPORT_INVALID', 400, { field: 'file', params: { count: errors.length }, errors });
}

/** One application from the form. Every problem is returned in `errors`; the first one is the headline. */
export async function submitApplication(db: Kysely<DB>, ctx: SubmitContext, input: ApplicationInput): Promise<ApplicationDetail> {
  const errors: RowError[] = [];
  const checked = checkFields(input, ctx, undefined, errors);
  if (checked) await checkAgainstDatabase(db, ctx, [checked], errors);
  if (errors.length > 0 || !checked) throw invalid(errors, true);
  const id = await db.transaction().execute(async (tx) => {
    const row = await tx.insertInto('enrolment_application').values(applicationRow(checked, ctx)).returning('id').executeTakeFirstOrThrow();
    await appendAudit(tx, ctx.actor, {
      action: 'enrolment.submit',
      entity: 'enrolment_application',
      entityId: String(row.id),
      regionCode: checked.input.villageCode,
      after: { idNumber: maskIdNumber(checked.idNumber), name: checked.name, identity: checked.identity, ...(checked.ageConfirmed ? { ageConfirmed: true } : {}) },
    });
    return row.id;
  });
  return getApplication(db, ctx.countyCode, id);
}

const IMPORT_COLUMNS: readonly ColumnSpec[] = [
  { field: 'idNumber', kind: 'text', headers: ['idNumber', '身份证号码', '身份证号', '公民身份号码'] },
  { field: 'name', headers: ['name', '姓名'] },
  { field: 'sex', optional: true, headers: ['sex', '性别'] },
  { field: 'birthDate', optional: true, kind: 'date', headers: ['birthDate', '出生日期'] },
  { field: 'ethnicity', optional: true, headers: ['ethnicity', '民族'] },
  { field: 'villageCode', headers: ['villageCode', '村代码', '村（居）代码', '户籍村代码'] },
  { field: 'householdNo', optional: true, kind: 'text', headers: ['householdNo', '户号'] },
  { field: 'relation', headers: ['relation', '与户主关系'] },
  { field: 'phone', optional: true, headers: ['phone', '联系电话', '电话'] },
  { field: 'address', optional: true, headers: ['address', '住址', '地址'] },
  { field: 'identity', optional: true, headers: ['identity', '参保身份'] },
  { field: 'bankAccount', optional: true, kind: 'text', headers: ['bankAccount', '银行账号'] },
  { field: 'firstMonth', optional: true, kind: 'month', headers: ['firstMonth', '参保年月'] },
  { field: 'declarations', headers: ['declarations', '声明', '非在校学生且未参加其他养老保险'] },
  { field: 'ageConfirmed', optional: true, headers: ['ageConfirmed', '年龄核实', '年龄已核实'] },
];
export const IMPORT_TEMPLATE_HEADERS = ['身份证号码', '姓名', '性别', '出生日期', '民族', '村代码', '户号', '与户主关系', '联系电话', '住址', '参保身份', '银行账号', '参保年月', '非在校学生且未参加其他养老保险', '年龄核实'];

const SEX_TEXT: Record<string, 'M' | 'F'> = { 男: 'M', 女: 'F', M: 'M', F: 'F', m: 'M', f: 'F' };
const IDENTITY_TEXT: Record<string, string> = {
  普通: 'ordinary',
  普通参保人: 'ordinary',
  一级残疾: 'disabledGrade1',
  二级残疾: 'disabledGrade2',
  三级残疾: 'disabledGrade3',
  特困人员: 'extremeHardship',
  贫困人口: 'poverty',
  低保对象: 'minimumLivingAllowance',
  计划生育特别扶助: 'familyPlanningSupport',
  其他: 'other',
};
const YES = new Set(['是', 'Y', 'y', 'yes', 'Yes', 'YES', '1', 'true', 'TRUE', '√']);

/** Applications one file may hold: a village's batch, small enough to check and review. */
export const MAX_IMPORT_ROWS = 5000;

export interface ImportResult {
  readonly batchId: number;
  readonly submitted: number;
  /** Imported, but worth checking: a bank card number that fails its Luhn check digit (BANK_CARD_LUHN). */
  readonly warnings: readonly RowError[];
}

/** Bank card numbers whose check digit is wrong: the coordinator checks them, the import goes ahead. */
function bankCardWarnings(items: readonly Checked[]): RowError[] {
  return items.flatMap((item) => {
    const bank = optional(item.input.bankAccount)?.replace(/\s/g, '');
    if (bank === undefined || !looksLikeBankCard(bank) || luhnValid(bank)) return [];
    return [{ code: 'BANK_CARD_LUHN' as const, field: 'bankAccount', params: { value: bank }, ...(item.row === undefined ? {} : { row: item.row }) }];
  });
}

/**
 * A batch of applications from a CSV or Excel file: every row is checked, all are submitted in one
 * transaction or none is; the same file (by SHA-256) is accepted once per county.
 */
export async function importApplications(db: Kysely<DB>, ctx: SubmitContext, fileName: string, data: Uint8Array): Promise<ImportResult> {
  const sha256 = createHash('sha256').update(data).digest('hex');
  const already = await db.selectFrom('import_batch').select(['id', 'created_at', 'row_count']).where('county_code', '=', ctx.countyCode).where('kind', '=', 'enrolment').where('sha256', '=', sha256).executeTakeFirst();
  if (already) {
    throw new AppError('IMPORT_ALREADY_DONE', 409, { field: 'file', params: { batch: already.id, rows: already.row_count, at: already.created_at.toISOString().slice(0, 10) } });
  }
  const rows = await readTableFile(fileName, data, IMPORT_COLUMNS, { maxRows: MAX_IMPORT_ROWS });
  const errors: RowError[] = [];
  const checked: Checked[] = [];
  for (const { row, values } of rows) {
    const sexText = optional(values.sex);
    const identityText = optional(values.identity);
    const birth = optional(values.birthDate)?.replace(/[./年月]/g, '-').replace(/日$/, '');
    const input: ApplicationInput = {
      idNumber: values.idNumber ?? '',
      name: values.name ?? '',
      sex: sexText === undefined ? undefined : SEX_TEXT[sexText],
      birthDate: birth && /^\d{8}$/.test(birth) ? `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}` : birth,
      ethnicity: values.ethnicity,
      villageCode: values.villageCode ?? '',
      householdNo: values.householdNo,
      relation: values.relation ?? '',
      phone: values.phone,
      address: values.address,
      identity: identityText === undefined ? undefined : (IDENTITY_TEXT[identityText] ?? identityText),
      bankAccount: values.bankAccount,
      firstMonth: optional(values.firstMonth)?.replace(/[./年]/g, '-').replace(/月$/, ''),
      notFullTimeStudent: YES.has(optional(values.declarations) ?? ''),
      noOtherStatePension: YES.has(optional(values.declarations) ?? ''),
      confirmImplausibleAge: YES.has(optional(values.ageConfirmed) ?? ''),
    };
    if (sexText !== undefined && input.sex === undefined) errors.push({ code: 'ENROL_SEX_UNKNOWN', row, field: 'sex', params: { field: 'sex', value: sexText } });
    if (input.birthDate !== undefined && !isIsoDate(input.birthDate)) {
      errors.push({ code: 'ENROL_BIRTH_DATE_MISMATCH', row, field: 'birthDate', params: { field: 'birthDate', value: values.birthDate ?? '', fromId: 'YYYY-MM-DD' } });
      continue;
    }
    const item = checkFields(input, ctx, row, errors);
    if (item) checked.push(item);
  }
  if (errors.length > 0) {
    await checkAgainstDatabase(db, ctx, checked, errors);
    throw invalid(errors, false);
  }
  return db.transaction().execute(async (tx) => {
    // The batch row claims the file first: the same file sent again at the same time waits on its unique
    // key and is then refused (409), instead of being checked against applications not yet committed.
    const again = await tx.selectFrom('import_batch').select(['id', 'created_at', 'row_count']).where('county_code', '=', ctx.countyCode).where('kind', '=', 'enrolment').where('sha256', '=', sha256).executeTakeFirst();
    if (again) throw new AppError('IMPORT_ALREADY_DONE', 409, { field: 'file', params: { batch: again.id, rows: again.row_count, at: again.created_at.toISOString().slice(0, 10) } });
    const batch = await tx
      .insertInto('import_batch')
      .values({ county_code: ctx.countyCode, kind: 'enrolment', file_name: fileName.slice(0, 200), sha256, row_count: checked.length, created_by: ctx.actor.userId ?? 0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await checkAgainstDatabase(tx, ctx, checked, errors);
    if (errors.length > 0) throw invalid(errors, false);
    for (let i = 0; i < checked.length; i += 500) {
      await tx.insertInto('enrolment_application').values(checked.slice(i, i + 500).map((c) => applicationRow(c, ctx, batch))).execute();
    }
    await appendAudit(tx, ctx.actor, { action: 'enrolment.import', entity: 'import_batch', entityId: String(batch.id), after: { fileName, sha256, rows: checked.length } });
    return { batchId: batch.id, submitted: checked.length, warnings: bankCardWarnings(checked) };
  });
}

export interface ApplicationSummary {
  readonly id: number;
  readonly status: ApplicationStatus;
  readonly idNumberMasked: string;
  readonly name: string;
  readonly sex: 'M' | 'F';
  readonly birthDate: string;
  readonly villageCode: string;
  readonly villageName: string;
  readonly identity: string;
  readonly applicationDate: string;
  readonly batchId: number | null;
  readonly rejectedStage: 'township' | 'county' | null;
  readonly rejectReason: string | null;
  /** Born before 1900 or older than 120, confirmed by the submitter. */
  readonly ageConfirmed: boolean;
}

export interface ApplicationDetail extends ApplicationSummary {
  readonly ethnicity: string;
  readonly householdNo: string | null;
  readonly relation: string;
  readonly phone: string | null;
  readonly address: string | null;
  readonly firstMonth: string;
  readonly bankAccountMasked: string | null;
  readonly submittedBy: string | null;
  readonly submittedAt: string;
  readonly townshipBy: string | null;
  readonly townshipAt: string | null;
  readonly countyBy: string | null;
  readonly countyAt: string | null;
  readonly residentId: number | null;
}

export interface ApplicationFilter {
  readonly countyCode: string;
  readonly scopePrefix: string;
  readonly status?: ApplicationStatus | undefined;
  readonly q?: string | undefined;
  readonly batchId?: number | undefined;
  readonly page: number;
  readonly pageSize: number;
}

function baseQuery(db: Kysely<DB>, countyCode: string) {
  return db
    .selectFrom('enrolment_application as a')
    .innerJoin('region as v', 'v.code', 'a.village_code')
    .where('a.county_code', '=', countyCode);
}

/** Applications in scope, matched by name or ID number start, and by batch; the status is applied by the caller. */
function filteredQuery(db: Kysely<DB>, filter: Omit<ApplicationFilter, 'page' | 'pageSize'>) {
  let query = baseQuery(db, filter.countyCode).where('a.village_code', 'like', `${filter.scopePrefix}%`);
  const q = filter.q?.trim();
  if (q) query = query.where(personSearch('a.id_number', 'a.name', q));
  if (filter.batchId !== undefined) query = query.where('a.batch_id', '=', filter.batchId);
  return query;
}

function summary(r: {
  id: number; status: ApplicationStatus; id_number: string; name: string; sex: 'M' | 'F'; birth_date: string; village_code: string; village_name: string;
  identity: string; application_date: string; batch_id: number | null; rejected_stage: 'township' | 'county' | null; reject_reason: string | null; age_confirmed: boolean;
}): ApplicationSummary {
  return {
    id: r.id,
    status: r.status,
    idNumberMasked: maskIdNumber(r.id_number),
    name: r.name,
    sex: r.sex,
    birthDate: r.birth_date,
    villageCode: r.village_code,
    villageName: r.village_name,
    identity: r.identity,
    applicationDate: r.application_date,
    batchId: r.batch_id,
    rejectedStage: r.rejected_stage,
    rejectReason: r.reject_reason,
    ageConfirmed: r.age_confirmed,
  };
}

const SUMMARY_COLUMNS = [
  'a.id', 'a.status', 'a.id_number', 'a.name', 'a.sex', 'a.birth_date', 'a.village_code', 'v.name as village_name', 'a.identity',
  'a.application_date', 'a.batch_id', 'a.rejected_stage', 'a.reject_reason', 'a.age_confirmed',
] as const;

export async function listApplications(db: Kysely<DB>, filter: ApplicationFilter): Promise<{ items: ApplicationSummary[]; total: number; byStatus: Record<ApplicationStatus, number> }> {
  let query = filteredQuery(db, filter);
  const counted = await query.select(['a.status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('a.status').execute();
  const byStatus = { submitted: 0, township_approved: 0, confirmed: 0, rejected: 0 } as Record<ApplicationStatus, number>;
  for (const c of counted) byStatus[c.status] = c.n;
  if (filter.status) query = query.where('a.status', '=', filter.status);
  const rows = await query.select([...SUMMARY_COLUMNS]).orderBy('a.id', 'desc').limit(filter.pageSize).offset((filter.page - 1) * filter.pageSize).execute();
  const total = filter.status ? byStatus[filter.status] : Object.values(byStatus).reduce((a, b) => a + b, 0);
  return { items: rows.map(summary), total, byStatus };
}

/** Every application matching the filter (newest first, at most `limit`), for an Excel export. */
export async function exportApplications(db: Kysely<DB>, filter: Omit<ApplicationFilter, 'page' | 'pageSize'>, limit = 100_000): Promise<ApplicationSummary[]> {
  let query = filteredQuery(db, filter);
  if (filter.status) query = query.where('a.status', '=', filter.status);
  const rows = await query.select([...SUMMARY_COLUMNS]).orderBy('a.id', 'desc').limit(limit).execute();
  return rows.map(summary);
}

export async function getApplication(db: Kysely<DB>, countyCode: string, id: number): Promise<ApplicationDetail> {
  const r = await baseQuery(db, countyCode)
    .leftJoin('staff_user as s', 's.id', 'a.submitted_by')
    .leftJoin('staff_user as t', 't.id', 'a.township_by')
    .leftJoin('staff_user as c', 'c.id', 'a.county_by')
    .select([
      ...SUMMARY_COLUMNS, 'a.ethnicity', 'a.household_no', 'a.relation', 'a.phone', 'a.address', 'a.first_month', 'a.bank_account', 'a.submitted_at',
      'a.township_at', 'a.county_at', 'a.resident_id', 's.display_name as submitted_name', 't.display_name as township_name', 'c.display_name as county_name',
    ])
    .where('a.id', '=', id)
    .executeTakeFirst();
  if (!r) throw new AppError('APPLICATION_NOT_FOUND', 404, { params: { id } });
  return {
    ...summary(r),
    ethnicity: r.ethnicity,
    householdNo: r.household_no,
    relation: r.relation,
    phone: r.phone,
    address: r.address,
    firstMonth: r.first_month,
    bankAccountMasked: r.bank_account ? `****${r.bank_account.slice(-4)}` : null,
    submittedBy: r.submitted_name,
    submittedAt: r.submitted_at.toISOString(),
    townshipBy: r.township_name,
    townshipAt: r.township_at?.toISOString() ?? null,
    countyBy: r.county_name,
    countyAt: r.county_at?.toISOString() ?? null,
    residentId: r.resident_id,
  };
}

export type Decision = { readonly approve: true } | { readonly approve: false; readonly reason: string };

export interface DecisionResult {
  readonly approved: number;
  readonly rejected: number;
  /** For confirmations: people added to the registry and households opened. */
  readonly residentsCreated?: number;
  readonly householdsCreated?: number;
}

/**
 * The township's first review (`submitted` → `township_approved` or `rejected`) of applications in its
 * villages. All the ids must be waiting at this stage and in scope, or nothing changes.
 */
export async function townshipReview(db: Kysely<DB>, actor: AuditActor & { userId: number }, scope: { countyCode: string; scopePrefix: string }, ids: readonly number[], decision: Decision): Promise<DecisionResult> {
  return decide(db, actor, scope, ids, decision, 'submitted', async (tx, rows) => {
    const now = new Date();
    await tx
      .updateTable('enrolment_application')
      .set(
        decision.approve
          ? { status: 'township_approved', township_by: actor.userId, township_at: now }
          : { status: 'rejected', township_by: actor.userId, township_at: now, rejected_stage: 'township', reject_reason: decision.reason },
      )
      .where('county_code', '=', scope.countyCode)
      .where('id', 'in', rows.map((r) => r.id))
      .execute();
    return {};
  }, 'township');
}

/**
 * The county's confirmation (`township_approved` → `confirmed` or `rejected`). Confirming adds each person
 * to the registry when not there yet (in the household named, or a new one) and opens the enrolment:
 * paying, or — at or over the pension age — not paying (payment ended) and waiting for the pension award.
 */
export async function countyConfirm(
  db: Kysely<DB>,
  actor: AuditActor & { userId: number },
  scope: { countyCode: string; scopePrefix: string; parameters: ParameterSet },
  ids: readonly number[],
  decision: Decision,
): Promise<DecisionResult> {
  return decide(db, actor, scope, ids, decision, 'township_approved', async (tx, rows) => {
    const now = new Date();
    if (!decision.approve) {
      await tx
        .updateTable('enrolment_application')
        .set({ status: 'rejected', county_by: actor.userId, county_at: now, rejected_stage: 'county', reject_reason: decision.reason })
        .where('county_code', '=', scope.countyCode)
        .where('id', 'in', rows.map((r) => r.id))
        .execute();
      return {};
    }
    const full = await tx.selectFrom('enrolment_application').selectAll().where('county_code', '=', scope.countyCode).where('id', 'in', rows.map((r) => r.id)).orderBy('id').execute();
    const existing = new Map(
      (await tx.selectFrom('resident').select(['id', 'id_number']).where('county_code', '=', scope.countyCode).where('id_number', 'in', full.map((a) => a.id_number)).execute()).map((r) => [r.id_number, r.id]),
    );
    const enrolled = new Set(
      (await tx.selectFrom('enrolment').select('resident_id').where('county_code', '=', scope.countyCode).where('resident_id', 'in', [...existing.values(), -1]).where('status', '!=', 'terminated').execute()).map((e) => e.resident_id),
    );
    let residentsCreated = 0;
    let householdsCreated = 0;
    const filed: ArchiveEntry[] = [];
    for (const a of full) {
      let residentId = existing.get(a.id_number);
      if (residentId !== undefined && enrolled.has(residentId)) {
        throw new AppError('ENROL_ALREADY_ENROLLED', 409, { field: 'ids', params: { value: maskIdNumber(a.id_number), id: a.id } });
      }
      if (residentId === undefined) {
        let householdId: number | undefined;
        if (a.household_no) {
          householdId = (await tx.selectFrom('household').select('id').where('county_code', '=', scope.countyCode).where('household_no', '=', a.household_no).where('village_code', '=', a.village_code).executeTakeFirst())?.id;
        }
        if (householdId === undefined) {
          const householdNo = a.household_no ?? (await nextHouseholdNo(tx, scope.countyCode, a.village_code));
          householdId = (await tx.insertInto('household').values({ county_code: scope.countyCode, village_code: a.village_code, household_no: householdNo, address: a.address }).returning('id').executeTakeFirstOrThrow()).id;
          householdsCreated++;
        }
        residentId = (
          await tx
            .insertInto('resident')
            .values({
              county_code: scope.countyCode, id_number: a.id_number, name: a.name, sex: a.sex, birth_date: a.birth_date, ethnicity: a.ethnicity,
              village_code: a.village_code, household_id: householdId, relation: a.relation, phone: a.phone, address: a.address,
              age_confirmed: a.age_confirmed,
            })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
        residentsCreated++;
      } else if (a.age_confirmed) {
        // A person already in the registry whose implausible age was confirmed on this application: flag the record too.
        await tx.updateTable('resident').set({ age_confirmed: true }).where('county_code', '=', scope.countyCode).where('id', '=', residentId).execute();
      }
      const firstDay = `${a.first_month}-01`;
      const pensionAge = parameterAsOf(scope.parameters, 'pensionAge', firstDay).value;
      await tx
        .insertInto('enrolment')
        .values({
          county_code: scope.countyCode, resident_id: residentId, village_code: a.village_code, identity: a.identity, first_month: a.first_month,
          payment_status: ageOn(a.birth_date, firstDay) >= pensionAge ? 'ended' : 'paying',
          card_number: a.card_number ?? a.id_number, bank_account: a.bank_account, application_id: a.id,
        })
        .onConflict((oc) => oc.columns(['county_code', 'resident_id']).doUpdateSet({
          identity: a.identity, status: 'normal', first_month: a.first_month, application_id: a.id, updated_at: now, village_code: a.village_code,
          terminated_on: null, termination_reason: null, termination_note: null, bank_account: a.bank_account,
          payment_status: ageOn(a.birth_date, firstDay) >= pensionAge ? 'ended' : 'paying',
        }))
        .execute();
      await tx.updateTable('enrolment_application').set({ status: 'confirmed', county_by: actor.userId, county_at: now, resident_id: residentId }).where('county_code', '=', scope.countyCode).where('id', '=', a.id).execute();
      filed.push({ kind: 'enrolment', sourceKind: 'enrolment_application', sourceId: a.id, residentId, name: a.name, regionCode: a.village_code, detail: { firstMonth: a.first_month } });
    }
    // 参保登记 archive records of the whole batch, one statement.
    await fileArchives(tx, scope.countyCode, actor.userId, filed);
    return { residentsCreated, householdsCreated };
  }, 'county');
}

async function nextHouseholdNo(tx: Kysely<DB>, countyCode: string, villageCode: string): Promise<string> {
  const last = await tx
    .selectFrom('household')
    .select((eb) => eb.fn.max('household_no').as('no'))
    .where('county_code', '=', countyCode)
    .where('village_code', '=', villageCode)
    .where(sql<boolean>`household_no ~ ${`^${villageCode}\\d{4}$`}`)
    .executeTakeFirst();
  const n = last?.no ? Number(last.no.slice(12)) + 1 : 1;
  return villageCode + String(n).padStart(4, '0');
}

async function decide(
  db: Kysely<DB>,
  actor: AuditActor,
  scope: { countyCode: string; scopePrefix: string },
  ids: readonly number[],
  decision: Decision,
  from: ApplicationStatus,
  apply: (tx: Kysely<DB>, rows: { id: number; village_code: string }[]) => Promise<Partial<DecisionResult>>,
  stage: 'township' | 'county',
): Promise<DecisionResult> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) throw new AppError('VALIDATION_FAILED', 400, { field: 'ids', params: { field: 'ids', detail: '≥ 1' } });
  if (!decision.approve && !decision.reason.trim()) throw new AppError('REJECT_REASON_REQUIRED', 400, { field: 'reason' });
  return db.transaction().execute(async (tx) => {
    // Lock the rows: two reviewers deciding the same application cannot both win.
    const rows = await tx
      .selectFrom('enrolment_application')
      .select(['id', 'status', 'village_code'])
      .where('county_code', '=', scope.countyCode)
      .where('id', 'in', unique)
      .forUpdate()
      .execute();
    const found = new Map(rows.map((r) => [r.id, r]));
    for (const id of unique) {
      const row = found.get(id);
      if (!row || !row.village_code.startsWith(scope.scopePrefix)) throw new AppError('APPLICATION_NOT_FOUND', 404, { field: 'ids', params: { id } });
      if (row.status !== from) throw new AppError('APPLICATION_WRONG_STATUS', 409, { field: 'ids', params: { id, status: row.status } });
    }
    const extra = await apply(tx, rows);
    for (const r of rows) {
      await appendAudit(tx, actor, {
        action: `enrolment.${stage}.${decision.approve ? 'approve' : 'reject'}`,
        entity: 'enrolment_application',
        entityId: String(r.id),
        regionCode: r.village_code,
        before: { status: from },
        after: decision.approve ? { status: stage === 'township' ? 'township_approved' : 'confirmed' } : { status: 'rejected', reason: decision.reason },
      });
    }
    return { approved: decision.approve ? rows.length : 0, rejected: decision.approve ? 0 : rows.length, ...extra };
  });
}

/** 月度经办: how many applications (参保登记申请) each village submitted within its window of recording time. */
export function applicationsInWindows(db: Kysely<DB>, countyCode: string, windows: readonly VillageWindow[]): Promise<Map<string, number>> {
  return countInWindows(db, { table: 'enrolment_application', at: 'submitted_at', village: 'village_code', where: sql`t.county_code = ${countyCode}` }, windows);
}
