/**
 * The Friday summary of the monthly cycle (周报, DOMAIN.md §9: progress collected every Friday): the board of a
 * month as it stood on a Friday, one row per township and village with its deadline, the day it submitted,
 * on time / late / missing (late and missing in red) and what it handed on; then the county, finance and bank
 * steps and the tally. An Excel workbook (exceljs) the director prints or forwards.
 */
import ExcelJS from 'exceljs';
import { addDays, dayNumber, formatYuan, type Timeliness } from '../../rules/index.js';
import type { CycleBoard, CycleStep, CycleUnit, UnitState } from './service.js';

/** The Friday on or before `date` (China ISO day): the day the week's summary is as of. */
export function fridayOnOrBefore(date: string): string {
  const weekday = (((dayNumber(date) + 3) % 7) + 7) % 7; // 0 = Monday … 4 = Friday
  return addDays(date, -((weekday - 4 + 7) % 7));
}

export const TIMELINESS_WORDS: Readonly<Record<Timeliness, string>> = { onTime: '按时', late: '逾期', missing: '逾期未报', pending: '未到期' };
export const STATE_WORDS: Readonly<Record<UnitState, string>> = { open: '未报送', submitted: '已报送', reopened: '退回重报' };

const RED = 'FFC00000';

function unitRow(sheet: ExcelJS.Worksheet, township: string, u: CycleUnit): void {
  const row = sheet.addRow([
    township,
    u.level === 'village' ? u.name : '（乡镇汇总）',
    u.due,
    u.firstSubmittedOn ?? '',
    STATE_WORDS[u.state],
    TIMELINESS_WORDS[u.timeliness],
    u.level === 'township' ? `${u.villagesSubmitted ?? 0}/${u.villagesTotal ?? 0}` : '',
    u.counts.applications,
    u.counts.changes,
    u.counts.deaths,
    u.counts.certifications,
  ]);
  if (u.timeliness === 'late' || u.timeliness === 'missing') row.getCell(6).font = { color: { argb: RED }, bold: true };
  if (u.level === 'township') row.font = { ...row.font, bold: true };
}

function stepRow(sheet: ExcelJS.Worksheet, name: string, step: CycleStep, detail: string): void {
  const row = sheet.addRow([name, detail, step.due ?? '（拨付后起算）', step.doneOn ?? '', step.doneOn ? '已完成' : '未完成', TIMELINESS_WORDS[step.timeliness]]);
  if (step.timeliness === 'late' || step.timeliness === 'missing') row.getCell(6).font = { color: { argb: RED }, bold: true };
}

/** The workbook of `board` (built as of the Friday), for `countyName`, prepared by `preparedBy` on `printedOn`. */
export function weeklySummaryWorkbook(board: CycleBoard, meta: { countyName: string; preparedBy: string; printedOn: string }): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('月度经办周报');
  sheet.columns = [{ width: 14 }, { width: 16 }, { width: 12 }, { width: 12 }, { width: 10 }, { width: 10 }, { width: 10 }, { width: 10 }, { width: 8 }, { width: 8 }, { width: 8 }];
  sheet.addRow([`${meta.countyName} 城乡居民养老保险月度经办周报（${board.month}）`]).font = { bold: true, size: 14 };
  sheet.addRow([`截至 ${board.today}（周五）　制表：${meta.preparedBy}　打印日期：${meta.printedOn}`]);
  const d = board.deadlines;
  sheet.addRow([`时限（遇节假日顺延）：村 ${d.village.due}，乡镇 ${d.township.due}，县级 ${d.county.due}，财政 ${d.finance.due}，银行拨付后 ${d.bankWorkingDays} 个工作日内`]);
  const v = board.tally.villages;
  const t = board.tally.townships;
  sheet.addRow([`村：按时 ${v.onTime}，逾期 ${v.late}，逾期未报 ${v.missing}，未到期 ${v.pending}；乡镇：按时 ${t.onTime}，逾期 ${t.late}，逾期未报 ${t.missing}，未到期 ${t.pending}`]);
  sheet.addRow([]);
  sheet.addRow(['乡镇（街道）', '村（居）', '截止日期', '报送日期', '状态', '时效', '已报村数', '新参保申请', '变更', '死亡', '认证']).font = { bold: true };
  for (const township of board.townships) {
    unitRow(sheet, township.name, township);
    for (const village of township.villages ?? []) unitRow(sheet, township.name, village);
  }
  sheet.addRow([]);
  sheet.addRow(['环节', '内容', '截止日期', '完成日期', '状态', '时效']).font = { bold: true };
  const p = board.county.payroll;
  stepRow(sheet, '县级审核报财政', board.county, p ? `发放名册 ${p.lines} 笔 ${formatYuan(p.amount, 'zh-CN')} 元，新增待遇 ${p.newPensioners} 人` : '尚未生成发放名册');
  stepRow(sheet, '财政拨付银行', board.finance, board.finance.doneOn ? `拨付 ${formatYuan(board.finance.amount, 'zh-CN')} 元` : '');
  stepRow(sheet, '银行发放', board.bank, board.bank.doneOn ? `失败退回 ${board.bank.failed} 笔 ${formatYuan(board.bank.failedAmount, 'zh-CN')} 元` : '');
  return workbook;
}
