/**
 * The audit log in words: each action code, entity type and role as a person says it, in zh-CN and en. One
 * table for the server (list, Excel export) and the web page, which imports this file; it imports nothing so
 * both builds can read it.
 */

type Words = { readonly 'zh-CN': string; readonly en: string };
type Lang = keyof Words;

export const AUDIT_ACTION_WORDS = {
  'auth.login': { 'zh-CN': '登录', en: 'Signed in' },
  'auth.login_failed': { 'zh-CN': '登录失败', en: 'Failed sign-in' },
  'auth.locked': { 'zh-CN': '密码错误次数过多，已锁定', en: 'Locked after wrong passwords' },
  'auth.logout': { 'zh-CN': '退出登录', en: 'Signed out' },
  'access.denied': { 'zh-CN': '越权访问被拒绝', en: 'Access refused' },
  'region.import': { 'zh-CN': '导入行政区划', en: 'Regions imported' },
  'user.create': { 'zh-CN': '新增用户', en: 'User created' },
  'user.update': { 'zh-CN': '修改用户', en: 'User changed' },
  'user.disable': { 'zh-CN': '停用用户', en: 'User disabled' },
  'user.enable': { 'zh-CN': '启用用户', en: 'User enabled' },
  'user.reset_password': { 'zh-CN': '重置密码', en: 'Password reset' },
  'user.change_password': { 'zh-CN': '修改本人密码', en: 'Own password changed' },
  'user.change_password_failed': { 'zh-CN': '修改本人密码失败', en: 'Own password change failed' },
  'resident.contact': { 'zh-CN': '修改参保人员联系信息', en: 'Contact details changed' },
  'enrolment.submit': { 'zh-CN': '提交参保登记申请', en: 'Enrolment application submitted' },
  'enrolment.import': { 'zh-CN': '批量导入参保登记申请', en: 'Enrolment applications imported' },
  'enrolment.township.approve': { 'zh-CN': '乡镇初审通过参保申请', en: 'Enrolment approved by the township' },
  'enrolment.township.reject': { 'zh-CN': '乡镇初审退回参保申请', en: 'Enrolment rejected by the township' },
  'enrolment.county.approve': { 'zh-CN': '县级审核确认参保', en: 'Enrolment confirmed by the county' },
  'enrolment.county.reject': { 'zh-CN': '县级审核退回参保申请', en: 'Enrolment rejected by the county' },
  'enrolment.terminate': { 'zh-CN': '终止参保关系', en: 'Enrolment ended' },
  'contribution.record': { 'zh-CN': '登记缴费', en: 'Premium recorded' },
  'contribution.reverse': { 'zh-CN': '冲正缴费', en: 'Premium reversed' },
  'job.queue': { 'zh-CN': '启动后台任务', en: 'Background job started' },
  'job.done': { 'zh-CN': '后台任务完成', en: 'Background job finished' },
  'pension.award': { 'zh-CN': '核定养老金待遇', en: 'Pension awarded' },
  'pension.award_batch': { 'zh-CN': '批量核定养老金待遇', en: 'Pensions awarded in one step' },
  'pension.certify': { 'zh-CN': '资格认证', en: 'Certified' },
  'pension.certify_resume': { 'zh-CN': '资格认证后恢复发放', en: 'Certified and resumed' },
  'pension.suspend_overdue': { 'zh-CN': '逾期未认证暂停发放', en: 'Suspended: certification overdue' },
  'pension.suspend_imprisonment': { 'zh-CN': '服刑暂停发放', en: 'Suspended: imprisonment' },
  'pension.resume_imprisonment': { 'zh-CN': '刑满恢复发放', en: 'Resumed after imprisonment' },
  'pension.stop': { 'zh-CN': '终止养老金', en: 'Pension stopped' },
  'pension.dual_benefit': { 'zh-CN': '重复领取结算', en: 'Dual benefit settled' },
  'death.settle': { 'zh-CN': '死亡待遇结算', en: 'Death settled' },
  'death.recover': { 'zh-CN': '登记追回多发待遇', en: 'Overpayment recovered' },
  'payroll.queue': { 'zh-CN': '生成发放名册', en: 'Payroll generated' },
  'payroll.approve': { 'zh-CN': '审核通过发放名册', en: 'Payroll approved' },
  'payroll.return': { 'zh-CN': '财务退回发放名册', en: 'Payroll sent back by finance' },
  'payroll.resubmit': { 'zh-CN': '重新提交发放名册', en: 'Payroll submitted again' },
  'payroll.bank_file': { 'zh-CN': '下载银行发放文件', en: 'Bank payment file downloaded' },
  'payroll.settle': { 'zh-CN': '银行回盘结算', en: 'Payroll settled with the bank return' },
  'fund.sweep': { 'zh-CN': '收入户资金归集', en: 'Income account swept' },
  'fund.allocate': { 'zh-CN': '财政拨付', en: 'Funds allocated' },
  'fund.subsidy_receipt': { 'zh-CN': '登记财政补助到账', en: 'Subsidy received' },
  'fund.subsidy_request': { 'zh-CN': '申请财政补助', en: 'Subsidy requested' },
  'fund.interest': { 'zh-CN': '登记存款利息', en: 'Deposit interest recorded' },
  'fund.opening': { 'zh-CN': '登记期初余额', en: 'Opening balances recorded' },
  'cycle.submit': { 'zh-CN': '月度经办报送', en: 'Month submitted to the level above' },
  'cycle.reopen': { 'zh-CN': '退回月度报送重报', en: 'Monthly submission reopened' },
  'audit.export': { 'zh-CN': '导出审计日志', en: 'Audit log exported' },
  'publicity.create': { 'zh-CN': '发布村级公示', en: 'Village publicity posted' },
  'publicity.objection': { 'zh-CN': '登记公示异议', en: 'Objection to a publicity recorded' },
  'publicity.objection_upheld': { 'zh-CN': '公示异议成立', en: 'Objection upheld' },
  'publicity.objection_dismissed': { 'zh-CN': '公示异议不成立', en: 'Objection dismissed' },
  'export.full_id': { 'zh-CN': '导出含完整身份证号码的名单', en: 'List exported with full ID numbers' },
  'enrolment.bank_account': { 'zh-CN': '更正银行账号', en: 'Bank account corrected' },
  'crosscheck.load': { 'zh-CN': '导入比对数据并比对', en: 'Registry file loaded and cross-checked' },
  'crosscheck.resolve': { 'zh-CN': '处理比对疑点', en: 'Cross-check hit dealt with' },
  'crosscheck.recheck': { 'zh-CN': '乡镇复核比对疑点', en: 'Cross-check hit re-checked by the township' },
  'indicator.hukou_import': { 'zh-CN': '导入户籍统计（应参保人数）', en: 'Hukou statistics imported' },
  'indicator.target': { 'zh-CN': '下达参保任务', en: 'Targets set' },
  'archive.document_upload': { 'zh-CN': '上传档案扫描件', en: 'Scanned document added to an archive record' },
  'archive.document_download': { 'zh-CN': '下载档案扫描件', en: 'Scanned document of an archive record downloaded' },
  'archive.lend': { 'zh-CN': '档案借出', en: 'Archive record lent' },
  'archive.return': { 'zh-CN': '档案归还', en: 'Archive record returned' },
  'archive.export': { 'zh-CN': '导出档案目录', en: 'Archive catalogue exported' },
  'assessment.compute': { 'zh-CN': '计算年度考核（草稿）', en: 'Yearly assessment computed (draft)' },
  'assessment.approve': { 'zh-CN': '审定年度考核结果', en: 'Yearly assessment approved' },
} as const satisfies Record<string, Words>;

export type AuditAction = keyof typeof AUDIT_ACTION_WORDS;
export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_WORDS) as AuditAction[];

export const AUDIT_ENTITY_WORDS = {
  staff_user: { 'zh-CN': '用户', en: 'User' },
  region: { 'zh-CN': '行政区划', en: 'Region' },
  route: { 'zh-CN': '功能', en: 'Function' },
  resident: { 'zh-CN': '参保人员', en: 'Resident' },
  enrolment: { 'zh-CN': '参保关系', en: 'Enrolment' },
  enrolment_application: { 'zh-CN': '参保登记申请', en: 'Enrolment application' },
  import_batch: { 'zh-CN': '导入批次', en: 'Import batch' },
  contribution: { 'zh-CN': '缴费记录', en: 'Premium' },
  job: { 'zh-CN': '后台任务', en: 'Background job' },
  pension: { 'zh-CN': '养老金待遇', en: 'Pension' },
  payroll: { 'zh-CN': '发放名册', en: 'Payroll' },
  death_settlement: { 'zh-CN': '待遇结算', en: 'Settlement' },
  ledger_journal: { 'zh-CN': '基金记账凭证', en: 'Fund journal' },
  subsidy_request: { 'zh-CN': '财政补助申请', en: 'Subsidy request' },
  audit_log: { 'zh-CN': '审计日志', en: 'Audit log' },
  publicity: { 'zh-CN': '村级公示', en: 'Village publicity' },
  publicity_objection: { 'zh-CN': '公示异议', en: 'Objection to a publicity' },
  cycle_submission: { 'zh-CN': '月度报送', en: 'Monthly submission' },
  cross_check_batch: { 'zh-CN': '比对批次', en: 'Cross-check batch' },
  cross_check_hit: { 'zh-CN': '比对疑点', en: 'Cross-check hit' },
  hukou_statistic: { 'zh-CN': '户籍统计', en: 'Hukou statistics' },
  indicator_target: { 'zh-CN': '参保任务', en: 'Target' },
  archive_record: { 'zh-CN': '档案', en: 'Archive record' },
  assessment: { 'zh-CN': '年度考核', en: 'Yearly assessment' },
} as const satisfies Record<string, Words>;

export type AuditEntity = keyof typeof AUDIT_ENTITY_WORDS;
export const AUDIT_ENTITIES = Object.keys(AUDIT_ENTITY_WORDS) as AuditEntity[];

export const ROLE_WORDS = {
  village_coordinator: { 'zh-CN': '村协办员', en: 'Village coordinator' },
  township_clerk: { 'zh-CN': '乡镇社保所经办员', en: 'Township clerk' },
  county_enrolment_auditor: { 'zh-CN': '参保稽核员', en: 'Enrolment auditor' },
  account_manager: { 'zh-CN': '个人账户管理员', en: 'Account manager' },
  benefit_reviewer: { 'zh-CN': '待遇审批员', en: 'Benefit reviewer' },
  finance_officer: { 'zh-CN': '财务人员', en: 'Finance officer' },
  archivist: { 'zh-CN': '档案管理员', en: 'Archivist' },
  county_director: { 'zh-CN': '中心主任', en: 'Centre director' },
  system_admin: { 'zh-CN': '系统管理员', en: 'System administrator' },
  finance_bureau: { 'zh-CN': '财政局', en: 'Finance bureau' },
  agent_bank: { 'zh-CN': '代理银行', en: 'Agent bank' },
  supervisor: { 'zh-CN': '监督员', en: 'Supervisor' },
} as const satisfies Record<string, Words>;

const OTHER_ACTION: Words = { 'zh-CN': '其他操作', en: 'Other action' };
const OTHER_ENTITY: Words = { 'zh-CN': '其他', en: 'Other' };
const SYSTEM: Words = { 'zh-CN': '系统', en: 'System' };

const has = <T extends object>(table: T, key: string): key is Extract<keyof T, string> => Object.prototype.hasOwnProperty.call(table, key);

export function auditActionText(action: string, lang: Lang): string {
  return (has(AUDIT_ACTION_WORDS, action) ? AUDIT_ACTION_WORDS[action] : OTHER_ACTION)[lang];
}

export function auditEntityText(entity: string, lang: Lang): string {
  return (has(AUDIT_ENTITY_WORDS, entity) ? AUDIT_ENTITY_WORDS[entity] : OTHER_ENTITY)[lang];
}

export function roleText(role: string | null | undefined, lang: Lang): string {
  return role && has(ROLE_WORDS, role) ? ROLE_WORDS[role][lang] : '';
}

/**
 * Who did it, as a person reads it: the user's name and role (张三（待遇审批员）); the system for background work;
 * for a sign-in by someone not (yet) known, the name they typed.
 */
export function auditActorText(actor: { name: string | null; username: string | null; role: string | null; userId: number | null }, lang: Lang): string {
  if (actor.userId === null && (actor.username === null || actor.username === 'system')) return SYSTEM[lang];
  const name = actor.name ?? actor.username ?? '';
  const role = roleText(actor.role, lang);
  if (!role) return name;
  return lang === 'zh-CN' ? `${name}（${role}）` : `${name} (${role})`;
}
