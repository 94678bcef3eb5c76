/**
 * The demo county's archives (档案): every event of its invented history filed by the same backfill a migration runs
 * (archive_backfill: enrolments taken over, confirmations, awards, suspensions, deaths, approved payrolls), and the
 * archivist's borrowing register — two loans returned, one out and due later, one overdue (shown in red) — and a
 * placeholder scan (a one-page PDF saying it stands for the scanned form) on the records lent.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { backfillArchives } from '../modules/archives/service.js';
import { startPlainPdf } from '../modules/files/pdf.js';
import { addDays } from '../rules/index.js';

export interface DemoArchivesSummary {
  readonly archives: number;
  readonly loans: number;
  readonly scans: number;
}

/** A one-page A4 PDF standing in for a scanned form (Helvetica: no CJK font needed). */
async function placeholderScan(fileNo: string): Promise<Buffer> {
  const { doc, done } = startPlainPdf(`Demo scan ${fileNo}`, { margin: 60 });
  doc.fontSize(20).text(`Archive record ${fileNo}`);
  doc.moveDown().fontSize(12).text('Demo data: this page stands in for the scanned paper form of the record (invented, not a real document).');
  doc.rect(60, 200, 475, 500).stroke();
  doc.end();
  return Buffer.from(await done);
}

/** Files the demo's history and writes four loans dated around `today` (China date). */
export async function createDemoArchives(db: Kysely<DB>, countyCode: string, today: string): Promise<DemoArchivesSummary> {
  const archives = await backfillArchives(db);
  const archivist = await db.selectFrom('staff_user').select('id').where('username', '=', 'archivist').executeTakeFirst();
  if (!archivist) return { archives, loans: 0, scans: 0 };
  const pick = (category: string) =>
    db.selectFrom('archive_record').select('id').where('county_code', '=', countyCode).where('category', '=', category as never).orderBy('filed_on', 'desc').orderBy('id').limit(2).execute();
  const [awards, deaths, payrolls, enrolments] = await Promise.all([pick('award'), pick('death'), pick('payroll'), pick('enrolment')]);
  const loans = [
    // Returned: the fund audit borrowed last month's payroll; a township checked an enrolment form.
    { record: payrolls[1] ?? payrolls[0], borrower: '审计局 周审计', unit: '寿光市审计局', purpose: '基金审计核对发放表', lent: -40, due: -30, returned: -32 },
    { record: enrolments[0], borrower: '孙经办', unit: '圣城街道社保所', purpose: '核对参保登记表', lent: -25, due: -18, returned: -20 },
    // Out and due later.
    { record: awards[0], borrower: '赵审批', unit: '待遇审批科', purpose: '复核待遇核定表', lent: -3, due: 11, returned: null },
    // Overdue: lent a month ago for two weeks.
    { record: deaths[0], borrower: '李稽核', unit: '参保稽核科', purpose: '死亡待遇结算稽核', lent: -30, due: -16, returned: null },
  ].filter((l) => l.record);
  for (const l of loans) {
    await db
      .insertInto('archive_loan')
      .values({
        county_code: countyCode, record_id: l.record!.id, borrower: l.borrower, borrower_unit: l.unit, purpose: l.purpose,
        lent_on: addDays(today, l.lent), due_on: addDays(today, l.due), returned_on: l.returned === null ? null : addDays(today, l.returned),
        lent_by: archivist.id, returned_by: l.returned === null ? null : archivist.id,
      })
      .execute();
  }
  const lent = await db.selectFrom('archive_record').select(['id', 'file_no']).where('county_code', '=', countyCode).where('id', 'in', [...loans.map((l) => l.record!.id), -1]).orderBy('id').execute();
  for (const r of lent) {
    const pdf = await placeholderScan(r.file_no);
    await db
      .insertInto('archive_document')
      .values({ county_code: countyCode, record_id: r.id, file_name: `${r.file_no}.pdf`, content_type: 'application/pdf', size: pdf.length, sha256: createHash('sha256').update(pdf).digest('hex'), content: pdf, uploaded_by: archivist.id })
      .execute();
  }
  return { archives, loans: loans.length, scans: lent.length };
}
