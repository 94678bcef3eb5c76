/**
 * Archives (档案), issue 12 part 4: every enrolment, award, change, death and payroll the county files leaves an
 * archive record in the transaction of the event (`fileArchives`, one statement for a batch of any size), filed by
 * person (一人一档) and by year and numbered county-year-category-sequence (370783-2026-CB-000123, see
 * 0021_archives.sql); scanned documents per record; the archivist's borrowing register (借阅登记).
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { ArchiveCategory, DB } from '../../db/schema.js';
import { AppError } from '../../errors/app-error.js';
import { chinaToday } from '../../http/clock.js';
import { appendAudit, type AuditActor } from '../audit/service.js';
import { assertPastDate } from '../plausibility.js';
import { maskIdNumber } from '../registry/service.js';

export const ARCHIVE_CATEGORIES = ['enrolment', 'award', 'change', 'death', 'payroll'] as const satisfies readonly ArchiveCategory[];
/** The letters of each category in the file number. */
export const CATEGORY_CODE: Readonly<Record<ArchiveCategory, string>> = { enrolment: 'CB', award: 'DY', change: 'BG', death: 'SW', payroll: 'FF' };
export const ARCHIVE_KINDS = ['enrolment', 'award', 'bank_account', 'suspension', 'resumption', 'termination', 'death', 'payroll'] as const;
export type ArchiveKind = (typeof ARCHIVE_KINDS)[number];
const KIND_CATEGORY: Readonly<Record<ArchiveKind, ArchiveCategory>> = {
  enrolment: 'enrolment', award: 'award', bank_account: 'change', suspension: 'change', resumption: 'change', termination: 'change', death: 'death', payroll: 'payroll',
};
/** The kind in words, as the title starts (zh-CN as filed). */
export const KIND_TITLE: Readonly<Record<ArchiveKind, string>> = {
  enrolment: '参保登记', award: '待遇核定', bank_account: '银行账户变更', suspension: '暂停发放', resumption: '恢复发放', termination: '终止参保', death: '死亡登记及待遇结算', payroll: '待遇发放',
};

/** One event to file. `filedOn` defaults to today's business date (China time). */
export interface ArchiveEntry {
  readonly kind: ArchiveKind;
  readonly sourceKind: 'enrolment_application' | 'enrolment' | 'pension' | 'certification' | 'death_settlement' | 'payroll';
  readonly sourceId: string | number;
  /** The person (omit for a payroll). */
  readonly residentId?: number | null;
  /** The person's name, for the title. */
  readonly name?: string | null;
  /** The person's village, or the county's 12-digit code for a payroll. */
  readonly regionCode: string;
  /** What the title adds after the name, e.g. （2026-12 起）. */
  readonly note?: string;
  readonly detail?: Record<string, unknown>;
  readonly filedOn?: string;
}

/**
 * Files archive records for events of one county in the caller's transaction, in one statement whatever their
 * number (the file numbers of a batch are one range of the year's and category's sequence; a name left out is
 * read from the registry, one query for the batch). Returns how many. Call it before the transaction's first
 * appendAudit: it locks the year's and category's counter row, and taking that before the audit chain's lock
 * everywhere keeps two filing transactions from waiting on each other.
 */
export async function fileArchives(tx: Kysely<DB>, countyCode: string, actorId: number | null, entries: readonly ArchiveEntry[]): Promise<number> {
  if (entries.length === 0) return 0;
  const today = chinaToday();
  const unnamed = [...new Set(entries.filter((e) => e.name == null && e.residentId != null).map((e) => e.residentId!))];
  const names = new Map(
    unnamed.length === 0 ? [] : (await tx.selectFrom('resident').select(['id', 'name']).where('county_code', '=', countyCode).where('id', 'in', unnamed).execute()).map((r) => [r.id, r.name]),
  );
  const rows = entries.map((e) => ({ ...e, name: e.name ?? (e.residentId != null ? names.get(e.residentId) : undefined) ?? null })).map((e) => ({
    category: KIND_CATEGORY[e.kind],
    kind: e.kind,
    filed_on: e.filedOn ?? today,
    title: `${KIND_TITLE[e.kind]}：${e.name ?? ''}${e.note ?? ''}`,
    source_kind: e.sourceKind,
    source_id: String(e.sourceId),
    resident_id: e.residentId ?? null,
    region_code: e.regionCode,
    detail: { ...(e.name ? { name: e.name } : {}), ...e.detail },
    created_by: actorId,
  }));
  const result = await sql<{ n: number }>`select archive_insert(${countyCode}, ${JSON.stringify(rows)}::jsonb) as n`.execute(tx);
  return result.rows[0]?.n ?? 0;
}

/** Files the events of every county that have no record yet (0021_archives.sql archive_backfill); returns how many. */
export async function backfillArchives(db: Kysely<DB>): Promise<number> {
  const result = await sql<{ n: number }>`select archive_backfill() as n`.execute(db);
  return result.rows[0]?.n ?? 0;
}

export interface ArchiveScope {
  readonly countyCode: string;
  readonly scopePrefix: string;
}

export interface ArchiveFilter extends ArchiveScope {
  /** Name (part of) or ID number (whole, or its last digits) of the person. */
  readonly q?: string | undefined;
  readonly year?: number | undefined;
  readonly category?: ArchiveCategory | undefined;
  readonly fileNo?: string | undefined;
  readonly residentId?: number | undefined;
  /** yes: out on loan now; overdue: out past its due date. */
  readonly lent?: 'yes' | 'overdue' | undefined;
  readonly today?: string | undefined;
}

export interface ArchiveRecord {
  readonly id: number;
  readonly fileNo: string;
  readonly year: number;
  readonly category: ArchiveCategory;
  readonly kind: string;
  readonly title: string;
  readonly filedOn: string;
  readonly sourceKind: string;
  readonly sourceId: string;
  readonly residentId: number | null;
  readonly name: string | null;
  readonly idNumberMasked: string | null;
  readonly regionCode: string;
  readonly regionName: string;
  readonly townshipName: string | null;
  readonly detail: Record<string, unknown>;
  readonly documents: number;
  /** The open loan: who has it and until when. */
  readonly lentTo: string | null;
  readonly dueOn: string | null;
}

function filtered(db: Kysely<DB>, f: ArchiveFilter) {
  let q = db
    .selectFrom('archive_record as a')
    .leftJoin('resident as r', (j) => j.onRef('r.county_code', '=', 'a.county_code').onRef('r.id', '=', 'a.resident_id'))
    .where('a.county_code', '=', f.countyCode)
    .where('a.region_code', 'like', `${f.scopePrefix}%`);
  if (f.year !== undefined) q = q.where('a.year', '=', f.year);
  if (f.category) q = q.where('a.category', '=', f.category);
  if (f.residentId !== undefined) q = q.where('a.resident_id', '=', f.residentId);
  if (f.fileNo?.trim()) q = q.where('a.file_no', 'like', `%${f.fileNo.trim().replace(/[%_\\]/g, '')}%`);
  const text = f.q?.trim();
  if (text) {
    if (/^\d{6,17}[\dXx]$/.test(text) && text.length >= 15) q = q.where('r.id_number', '=', text.toUpperCase());
    else if (/^\d{4}[\dXx]?$/.test(text)) q = q.where('r.id_number', 'like', `%${text.toUpperCase()}`);
    else q = q.where('r.name', 'like', `%${text.replace(/[%_\\]/g, '')}%`);
  }
  if (f.lent) {
    const today = f.today ?? chinaToday();
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('archive_loan as l')
          .select(sql`1`.as('one'))
          .whereRef('l.county_code', '=', 'a.county_code')
          .whereRef('l.record_id', '=', 'a.id')
          .where('l.returned_on', 'is', null)
          .$if(f.lent === 'overdue', (s) => s.where('l.due_on', '<', today)),
      ),
    );
  }
  return q;
}

function selectRecords(db: Kysely<DB>, f: ArchiveFilter) {
  return filtered(db, f)
    .innerJoin('region as v', 'v.code', 'a.region_code')
    .leftJoin('region as t', 't.code', 'v.parent_code')
    .select([
      'a.id', 'a.file_no', 'a.year', 'a.category', 'a.kind', 'a.title', 'a.filed_on', 'a.source_kind', 'a.source_id', 'a.resident_id', 'a.region_code', 'a.detail',
      'r.name', 'r.id_number', 'v.name as region_name', 'v.level as region_level', 't.name as township_name',
    ])
    .select((eb) => [
      eb.selectFrom('archive_document as d').select((e) => e.fn.countAll<number>().as('n')).whereRef('d.county_code', '=', 'a.county_code').whereRef('d.record_id', '=', 'a.id').as('documents'),
      eb.selectFrom('archive_loan as l').select('l.borrower').whereRef('l.county_code', '=', 'a.county_code').whereRef('l.record_id', '=', 'a.id').where('l.returned_on', 'is', null).as('lent_to'),
      eb.selectFrom('archive_loan as l').select('l.due_on').whereRef('l.county_code', '=', 'a.county_code').whereRef('l.record_id', '=', 'a.id').where('l.returned_on', 'is', null).as('due_on'),
    ]);
}

type RecordRow = Awaited<ReturnType<ReturnType<typeof selectRecords>['execute']>>[number];

function toRecord(r: RecordRow): ArchiveRecord {
  return {
    id: r.id,
    fileNo: r.file_no,
    year: r.year,
    category: r.category,
    kind: r.kind,
    title: r.title,
    filedOn: r.filed_on,
    sourceKind: r.source_kind,
    sourceId: r.source_id,
    residentId: r.resident_id,
    name: r.name ?? null,
    idNumberMasked: r.id_number ? maskIdNumber(r.id_number) : null,
    regionCode: r.region_code,
    regionName: r.region_name,
    townshipName: r.region_level === 'village' ? (r.township_name ?? null) : null,
    detail: (r.detail ?? {}) as Record<string, unknown>,
    documents: Number(r.documents ?? 0),
    lentTo: r.lent_to ?? null,
    dueOn: r.due_on ?? null,
  };
}

/** The catalogue (档案目录) of the region, newest filing first, a page at a time, with counts by category. */
export async function listArchives(db: Kysely<DB>, f: ArchiveFilter & { page: number; pageSize: number }): Promise<{ items: ArchiveRecord[]; total: number; byCategory: Record<ArchiveCategory, number> }> {
  const [rows, counts] = await Promise.all([
    selectRecords(db, f).orderBy('a.filed_on', 'desc').orderBy('a.id', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute(),
    filtered(db, f).select(['a.category']).select((eb) => eb.fn.countAll<number>().as('n')).groupBy('a.category').execute(),
  ]);
  const byCategory = Object.fromEntries(ARCHIVE_CATEGORIES.map((c) => [c, 0])) as Record<ArchiveCategory, number>;
  for (const c of counts) byCategory[c.category] = Number(c.n);
  return { items: rows.map(toRecord), total: Object.values(byCategory).reduce((a, b) => a + b, 0), byCategory };
}

/** The catalogue for Excel, `pageSize` records at a time in file-number order (a county's catalogue does not fit in memory as cells). */
export async function* archiveExportPages(db: Kysely<DB>, f: ArchiveFilter, pageSize = 5000): AsyncGenerator<ArchiveRecord[]> {
  let after: string | null = null;
  for (;;) {
    let q = selectRecords(db, f);
    if (after !== null) q = q.where('a.file_no', '>', after);
    const rows = await q.orderBy('a.file_no').limit(pageSize).execute();
    if (rows.length === 0) return;
    yield rows.map(toRecord);
    after = rows[rows.length - 1]!.file_no;
    if (rows.length < pageSize) return;
  }
}

export type DocumentType = 'application/pdf' | 'image/jpeg' | 'image/png';

export interface ArchiveDocumentInfo {
  readonly id: number;
  readonly fileName: string;
  readonly contentType: DocumentType;
  readonly size: number;
  readonly sha256: string;
  readonly uploadedBy: string;
  readonly uploadedAt: string;
}

export interface ArchiveLoan {
  readonly id: number;
  readonly recordId: number;
  readonly fileNo: string;
  readonly title: string;
  readonly borrower: string;
  readonly borrowerUnit: string | null;
  readonly purpose: string;
  readonly lentOn: string;
  readonly dueOn: string;
  readonly returnedOn: string | null;
  readonly lentBy: string;
  readonly returnedBy: string | null;
  /** Not returned and past its due date. */
  readonly overdue: boolean;
}

export interface ArchiveDetail extends ArchiveRecord {
  readonly documentList: ArchiveDocumentInfo[];
  readonly loans: ArchiveLoan[];
}

/** One record with its documents and its borrowing history. Errors: ARCHIVE_NOT_FOUND (404) outside the scope. */
export async function getArchive(db: Kysely<DB>, scope: ArchiveScope, id: number, today = chinaToday()): Promise<ArchiveDetail> {
  const row = await selectRecords(db, scope).where('a.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('ARCHIVE_NOT_FOUND', 404, { params: { id } });
  const docs = await db
    .selectFrom('archive_document as d')
    .innerJoin('staff_user as u', 'u.id', 'd.uploaded_by')
    .select(['d.id', 'd.file_name', 'd.content_type', 'd.size', 'd.sha256', 'u.display_name', 'd.uploaded_at'])
    .where('d.county_code', '=', scope.countyCode)
    .where('d.record_id', '=', id)
    .orderBy('d.id')
    .execute();
  const { items: loans } = await listLoans(db, { ...scope, recordId: id, page: 1, pageSize: 1000, today });
  return {
    ...toRecord(row),
    documentList: docs.map((d) => ({ id: d.id, fileName: d.file_name, contentType: d.content_type, size: d.size, sha256: d.sha256, uploadedBy: d.display_name, uploadedAt: d.uploaded_at.toISOString() })),
    loans,
  };
}

/** How many records a person has (the count beside 档案 on the resident's record). */
export async function archiveCountOf(db: Kysely<DB>, countyCode: string, residentId: number): Promise<number> {
  const row = await db.selectFrom('archive_record').select((eb) => eb.fn.countAll<number>().as('n')).where('county_code', '=', countyCode).where('resident_id', '=', residentId).executeTakeFirst();
  return Number(row?.n ?? 0);
}

// --- Scanned documents ---------------------------------------------------------------------------------------

const SIGNATURES: readonly { type: DocumentType; bytes: readonly number[]; ext: readonly string[] }[] = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], ext: ['pdf'] }, // %PDF-
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff], ext: ['jpg', 'jpeg'] },
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], ext: ['png'] },
];

/**
 * The type of a scanned document from its first bytes (PDF `%PDF-`, JPEG `FF D8 FF`, PNG's 8-byte signature), or
 * null for anything else; the name's extension must agree. Errors: ARCHIVE_FILE_TYPE (400, field file).
 */
export function documentType(fileName: string, data: Uint8Array): DocumentType {
  const found = SIGNATURES.find((s) => data.length >= s.bytes.length && s.bytes.every((b, i) => data[i] === b));
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (!found || !found.ext.includes(ext)) throw new AppError('ARCHIVE_FILE_TYPE', 400, { field: 'file', params: { name: fileName } });
  return found.type;
}

/**
 * Attaches a scanned document to a record (stored in the database, bytea), audited. `maxBytes` from the
 * configuration (ARCHIVE_MAX_UPLOAD_MB). Errors: ARCHIVE_NOT_FOUND (404), ARCHIVE_FILE_TYPE (400),
 * ARCHIVE_FILE_TOO_LARGE (413), ARCHIVE_FILE_EMPTY (400).
 */
export async function addDocument(
  db: Kysely<DB>,
  actor: AuditActor & { userId: number },
  scope: ArchiveScope,
  recordId: number,
  file: { name: string; data: Uint8Array },
  maxBytes: number,
): Promise<ArchiveDocumentInfo> {
  if (file.data.length === 0) throw new AppError('ARCHIVE_FILE_EMPTY', 400, { field: 'file' });
  if (file.data.length > maxBytes) throw new AppError('ARCHIVE_FILE_TOO_LARGE', 413, { field: 'file', params: { mb: Math.floor(maxBytes / 1024 / 1024) } });
  const contentType = documentType(file.name, file.data);
  const name = file.name.replace(/[/\\]/g, '_').slice(-200);
  const sha256 = createHash('sha256').update(file.data).digest('hex');
  return db.transaction().execute(async (tx) => {
    const record = await recordInScope(tx, scope, recordId);
    const row = await tx
      .insertInto('archive_document')
      .values({ county_code: scope.countyCode, record_id: recordId, file_name: name, content_type: contentType, size: file.data.length, sha256, content: file.data, uploaded_by: actor.userId })
      .returning(['id', 'uploaded_at'])
      .executeTakeFirstOrThrow();
    await appendAudit(tx, actor, {
      action: 'archive.document_upload',
      entity: 'archive_record',
      entityId: String(recordId),
      regionCode: record.region_code,
      after: { fileNo: record.file_no, documentId: row.id, fileName: name, contentType, size: file.data.length, sha256 },
    });
    const user = await tx.selectFrom('staff_user').select('display_name').where('id', '=', actor.userId).executeTakeFirstOrThrow();
    return { id: row.id, fileName: name, contentType, size: file.data.length, sha256, uploadedBy: user.display_name, uploadedAt: row.uploaded_at.toISOString() };
  });
}

/** A document's bytes for download, audited (who read which record's scan). Errors: ARCHIVE_NOT_FOUND (404). */
export async function readDocument(db: Kysely<DB>, actor: AuditActor, scope: ArchiveScope, recordId: number, documentId: number): Promise<{ fileName: string; contentType: string; data: Uint8Array }> {
  return db.transaction().execute(async (tx) => {
    const record = await recordInScope(tx, scope, recordId);
    const doc = await tx.selectFrom('archive_document').select(['file_name', 'content_type', 'content', 'sha256']).where('county_code', '=', scope.countyCode).where('record_id', '=', recordId).where('id', '=', documentId).executeTakeFirst();
    if (!doc) throw new AppError('ARCHIVE_NOT_FOUND', 404, { params: { id: documentId } });
    await appendAudit(tx, actor, { action: 'archive.document_download', entity: 'archive_record', entityId: String(recordId), regionCode: record.region_code, after: { fileNo: record.file_no, documentId, fileName: doc.file_name } });
    return { fileName: doc.file_name, contentType: doc.content_type, data: new Uint8Array(doc.content) };
  });
}

async function recordInScope(tx: Kysely<DB>, scope: ArchiveScope, id: number, lock = false) {
  let q = tx.selectFrom('archive_record').select(['id', 'file_no', 'title', 'region_code']).where('county_code', '=', scope.countyCode).where('id', '=', id);
  if (lock) q = q.forUpdate();
  const record = await q.executeTakeFirst();
  if (!record || !record.region_code.startsWith(scope.scopePrefix)) throw new AppError('ARCHIVE_NOT_FOUND', 404, { params: { id } });
  return record;
}

// --- Borrowing register (借阅登记) ------------------------------------------------------------------------------

export interface LoanInput {
  readonly borrower: string;
  readonly borrowerUnit?: string | undefined;
  readonly purpose: string;
  readonly lentOn: string;
  readonly dueOn: string;
}

/**
 * Lends a record (借出): who, their unit, why, the day, due back. A record already out is refused with
 * ARCHIVE_ON_LOAN (409) — also when two requests lend it at once: the partial unique index archive_loan_out
 * lets only one commit. `lentOn` is a past fact (not after today); `dueOn` lies ahead, checked only to be on or
 * after `lentOn`. Errors: ARCHIVE_NOT_FOUND (404), DATE_IN_FUTURE / ARCHIVE_DUE_BEFORE_LENT (400).
 */
export async function lendRecord(db: Kysely<DB>, actor: AuditActor & { userId: number }, scope: ArchiveScope, recordId: number, input: LoanInput, today = chinaToday()): Promise<ArchiveLoan> {
  assertPastDate(input.lentOn, { field: 'lentOn', today, label: { 'zh-CN': '借出日期', en: 'Date lent' } });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.dueOn)) throw new AppError('DATE_FORMAT', 400, { field: 'dueOn', params: { field: 'dueOn', value: input.dueOn } });
  if (input.dueOn < input.lentOn) throw new AppError('ARCHIVE_DUE_BEFORE_LENT', 400, { field: 'dueOn' });
  const id = await db.transaction().execute(async (tx) => {
    const record = await recordInScope(tx, scope, recordId);
    const out = await tx.selectFrom('archive_loan').select(['borrower', 'due_on']).where('county_code', '=', scope.countyCode).where('record_id', '=', recordId).where('returned_on', 'is', null).executeTakeFirst();
    if (out) throw new AppError('ARCHIVE_ON_LOAN', 409, { params: { fileNo: record.file_no, borrower: out.borrower, due: out.due_on } });
    const row = await tx
      .insertInto('archive_loan')
      .values({
        county_code: scope.countyCode, record_id: recordId, borrower: input.borrower.trim(), borrower_unit: input.borrowerUnit?.trim() || null, purpose: input.purpose.trim(),
        lent_on: input.lentOn, due_on: input.dueOn, lent_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(tx, actor, {
      action: 'archive.lend',
      entity: 'archive_record',
      entityId: String(recordId),
      regionCode: record.region_code,
      after: { fileNo: record.file_no, loanId: row.id, borrower: input.borrower.trim(), purpose: input.purpose.trim(), lentOn: input.lentOn, dueOn: input.dueOn },
    });
    return row.id;
  });
  return loanById(db, scope, id, today);
}

/** Records a loan's return (归还) on a day not after today and not before it was lent. Errors: ARCHIVE_LOAN_NOT_FOUND (404), ARCHIVE_LOAN_RETURNED (409). */
export async function returnLoan(db: Kysely<DB>, actor: AuditActor & { userId: number }, scope: ArchiveScope, loanId: number, returnedOn: string, today = chinaToday()): Promise<ArchiveLoan> {
  assertPastDate(returnedOn, { field: 'returnedOn', today, label: { 'zh-CN': '归还日期', en: 'Date returned' } });
  await db.transaction().execute(async (tx) => {
    const loan = await tx.selectFrom('archive_loan').select(['id', 'record_id', 'lent_on', 'returned_on']).where('county_code', '=', scope.countyCode).where('id', '=', loanId).forUpdate().executeTakeFirst();
    if (!loan) throw new AppError('ARCHIVE_LOAN_NOT_FOUND', 404, { params: { id: loanId } });
    const record = await recordInScope(tx, scope, loan.record_id).catch(() => {
      throw new AppError('ARCHIVE_LOAN_NOT_FOUND', 404, { params: { id: loanId } });
    });
    if (loan.returned_on) throw new AppError('ARCHIVE_LOAN_RETURNED', 409, { params: { on: loan.returned_on } });
    if (returnedOn < loan.lent_on) throw new AppError('ARCHIVE_DUE_BEFORE_LENT', 400, { field: 'returnedOn' });
    await tx.updateTable('archive_loan').set({ returned_on: returnedOn, returned_by: actor.userId }).where('county_code', '=', scope.countyCode).where('id', '=', loanId).execute();
    await appendAudit(tx, actor, { action: 'archive.return', entity: 'archive_record', entityId: String(loan.record_id), regionCode: record.region_code, after: { fileNo: record.file_no, loanId, returnedOn } });
  });
  return loanById(db, scope, loanId, today);
}

export interface LoanFilter extends ArchiveScope {
  readonly recordId?: number | undefined;
  /** out: not returned; overdue: not returned and past due; returned. */
  readonly state?: 'out' | 'overdue' | 'returned' | undefined;
  readonly q?: string | undefined;
  readonly today: string;
}

function loanQuery(db: Kysely<DB>, f: LoanFilter) {
  let q = db
    .selectFrom('archive_loan as l')
    .innerJoin('archive_record as a', (j) => j.onRef('a.county_code', '=', 'l.county_code').onRef('a.id', '=', 'l.record_id'))
    .where('l.county_code', '=', f.countyCode)
    .where('a.region_code', 'like', `${f.scopePrefix}%`);
  if (f.recordId !== undefined) q = q.where('l.record_id', '=', f.recordId);
  if (f.state === 'out') q = q.where('l.returned_on', 'is', null);
  if (f.state === 'overdue') q = q.where('l.returned_on', 'is', null).where('l.due_on', '<', f.today);
  if (f.state === 'returned') q = q.where('l.returned_on', 'is not', null);
  const text = f.q?.trim().replace(/[%_\\]/g, '');
  if (text) q = q.where((eb) => eb.or([eb('l.borrower', 'like', `%${text}%`), eb('a.file_no', 'like', `%${text}%`), eb('a.title', 'like', `%${text}%`)]));
  return q;
}

function loanSelect(db: Kysely<DB>, f: LoanFilter) {
  return loanQuery(db, f)
    .innerJoin('staff_user as lb', 'lb.id', 'l.lent_by')
    .leftJoin('staff_user as rb', 'rb.id', 'l.returned_by')
    .select(['l.id', 'l.record_id', 'a.file_no', 'a.title', 'l.borrower', 'l.borrower_unit', 'l.purpose', 'l.lent_on', 'l.due_on', 'l.returned_on', 'lb.display_name as lent_by', 'rb.display_name as returned_by']);
}

type LoanRow = Awaited<ReturnType<ReturnType<typeof loanSelect>['execute']>>[number];
const toLoan = (today: string) => (l: LoanRow): ArchiveLoan => ({
  id: l.id, recordId: l.record_id, fileNo: l.file_no, title: l.title, borrower: l.borrower, borrowerUnit: l.borrower_unit, purpose: l.purpose,
  lentOn: l.lent_on, dueOn: l.due_on, returnedOn: l.returned_on, lentBy: l.lent_by, returnedBy: l.returned_by ?? null,
  overdue: l.returned_on === null && l.due_on < today,
});

/** The borrowing register, loans still out first, then newest. */
export async function listLoans(db: Kysely<DB>, f: LoanFilter & { page: number; pageSize: number }): Promise<{ items: ArchiveLoan[]; total: number; out: number; overdue: number }> {
  const [rows, counts] = await Promise.all([
    loanSelect(db, f).orderBy(sql`l.returned_on is null`, 'desc').orderBy('l.lent_on', 'desc').orderBy('l.id', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute(),
    loanQuery(db, f)
      .select((eb) => [
        eb.fn.countAll<number>().as('total'),
        sql<number>`count(*) filter (where l.returned_on is null)`.as('out'),
        sql<number>`count(*) filter (where l.returned_on is null and l.due_on < ${f.today})`.as('overdue'),
      ])
      .executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toLoan(f.today)), total: Number(counts.total), out: Number(counts.out), overdue: Number(counts.overdue) };
}

async function loanById(db: Kysely<DB>, scope: ArchiveScope, id: number, today: string): Promise<ArchiveLoan> {
  const row = await loanSelect(db, { ...scope, today }).where('l.id', '=', id).executeTakeFirstOrThrow();
  return toLoan(today)(row);
}
