// The yearly assessment of townships and rewards to villages (年度考核与奖励), issue 12 part 3, over the real app on both
// databases, with Shouguang's rule (params/county-370783.json: cut-off 31 March; participation 4 points by the best
// township's rate, −4 for an unfinished task; ±1 for collection on time with accurate data; 1/2/3 prizes; villages
// 600 yuan, 1,500 / 1,000 / 500 more for the three furthest above, 10 points × the part missing deducted).
// A worked example with invented figures, computed by hand. Everything is measured at 2026-03-31.
//
// Every village has hukou statistics (should enrol), so the rates are hukou-based. Each enrolled person pays 100 yuan.
//   圣城街道 (A) 东关村: 9 enrolled of 10, all 9 paid (the last on 31 March itself: counted)        →   900.00 yuan
//               西关村: 10 enrolled of 10 (an 11th from April is not yet), 8 paid by 15 March, 2 on 2 April → 800.00
//     enrolled 19 ÷ 20 = 95.0 % (the best); target 18 people → met (19 ÷ 18 = 105.6 %); collected 1,700 ≥ 1,600
//     yuan target, no open hit (one dismissed) → +1.   participation 95.0 ÷ 95.0 × 4 = 4.00; total 5.00; first prize.
//   田柳镇 (B)   田柳村: 8 of 10, 7 paid 100 and 1 paid 300                                         → 1,000.00
//               北台头村: 8 of 10, 6 paid (a 7th payment reversed on 20 March is not counted)        →   600.00
//     16 ÷ 20 = 80.0 %; target 18 → not met (16 ÷ 18 = 88.9 %) → −4.00; 1,600 ≥ 1,600 on time, no hit → +1; −3.00.
//   文家街道 (C) 桃园村: 9 of 10, all paid                                                         →   900.00
//     90.0 %: 90.0 ÷ 95.0 × 4 = 3.789… → 3.79; target 9 met (100.0 %); 900 ≥ 850 but one hit open → −1; 2.79;
//     second prize (the second township by completion among those that met their task).
//   古城街道 (D) 古城村: 6 of 8, all paid, no targets at all                                          →   600.00
//     75.0 %: 75.0 ÷ 95.0 × 4 = 3.157… → 3.16; no target → cannot be on time → −1; 2.16.
//   Ranked: A 5.00, C 2.79, D 2.16, B −3.00.
//
// Villages (collected by 31 March ÷ collection target):
//   田柳村 1,000 ÷ 800 = 125.0 % → 600 + 1,500 = 2,100      东关村 900 ÷ 800 = 112.5 % → 600 + 1,000 = 1,600
//   桃园村 900 ÷ 850 = 105.88… % → 105.9 % → 600 + 500 = 1,100   西关村 800 ÷ 800 = 100.0 % → 600 (met, not above)
//   北台头村 600 ÷ 800 = 75.0 % → nothing, 10 × (100 % − 75.0 %) = 2.50 points deducted
//   古城村 no collection target → not assessed.        Rewards in all 2,100 + 1,600 + 1,100 + 600 = 5,400.00 yuan.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTestClock } from '../src/http/clock.js';
import { buildParameterLibrary, readParameterDir } from '../src/modules/calculator/library.js';
import { computeAssessment } from '../src/modules/assessment/service.js';
import { NATIONAL_PARAMETERS } from '../src/rules/index.js';
import { pdfText } from './support/pdf-text.js';
import { createTestApp, type Session, type TestApp } from './support/test-app.js';

let t: TestApp;
let auditor: Session;
let director: Session;
let staffId = 0;
let serial = 100;

const A1 = '370783001001';
const A2 = '370783001002';
const B1 = '370783106001';
const B2 = '370783106002';
const C1 = '370783002001';
const D1 = '370783003001';

async function json<T = Record<string, any>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

async function person(village: string, firstMonth = '2015-01'): Promise<number> {
  serial += 1;
  const r = await t.database.db
    .insertInto('resident')
    .values({ county_code: '370783', id_number: `37078319800101${serial}X`, name: `参保${serial}`, sex: 'M', birth_date: '1980-01-01', village_code: village, household_id: 1, relation: '其他' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.database.db.insertInto('enrolment').values({ county_code: '370783', resident_id: r.id, village_code: village, identity: 'ordinary', first_month: firstMonth }).execute();
  return r.id;
}

async function pay(id: number, village: string, paidOn: string, individual = 10000, reversedAt?: string) {
  await t.database.db
    .insertInto('contribution')
    .values({
      county_code: '370783',
      resident_id: id,
      village_code: village,
      year: 2026,
      kind: 'yearly',
      tier: individual,
      identity: 'ordinary',
      individual,
      hardship_payment: 0,
      government_subsidy: 3000,
      collective_subsidy: 0,
      sponsorship: 0,
      total_credited: individual + 3000,
      paid_on: paidOn,
      channel: 'bank',
      recorded_by: staffId,
      ...(reversedAt ? { status: 'reversed', reversal_reason: '录入错误', reversed_by: staffId, reversed_at: new Date(reversedAt) } : {}),
    })
    .execute();
}

/** `count` people enrolled in a village, the first `paying` of them paid 100 yuan on `paidOn`. */
async function village(code: string, count: number, paying: number, paidOn = '2026-03-15'): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) ids.push(await person(code));
  for (const id of ids.slice(0, paying)) await pay(id, code, paidOn);
  return ids;
}

let openHit = 0;

beforeAll(async () => {
  setTestClock('2026-03-20T10:00:00+08:00');
  t = await createTestApp({}, { parameters: buildParameterLibrary(readParameterDir('params')) });
  const db = t.database.db;
  staffId = (await db.selectFrom('staff_user').select('id').where('username', '=', t.users.account_manager).executeTakeFirstOrThrow()).id;
  auditor = await t.signIn(t.users.county_enrolment_auditor);
  director = await t.signIn(t.users.county_director);
  for (const [code, name, parent] of [
    ['370783002000', '文家街道', '370783000000'],
    [C1, '桃园村', '370783002000'],
    ['370783003000', '古城街道', '370783000000'],
    [D1, '古城村', '370783003000'],
  ] as const) {
    await db.insertInto('region').values({ code, county_code: '370783', level: code.endsWith('000') ? 'township' : 'village', name, parent_code: parent }).execute();
  }
  for (const [code, should] of [[A1, 10], [A2, 10], [B1, 10], [B2, 10], [C1, 10], [D1, 8]] as const) {
    await db.insertInto('hukou_statistic').values({ county_code: '370783', year: 2026, village_code: code, population: should + 3, should_enrol: should, file_name: 'hukou.xlsx', imported_by: staffId }).execute();
  }
  // 圣城街道: 东关村 8 paid on 15 March and the 9th on 31 March; 西关村 8 by 15 March, 2 on 2 April, and one enrolled from April.
  const a1 = await village(A1, 9, 8);
  await pay(a1[8]!, A1, '2026-03-31');
  const a2 = await village(A2, 10, 8);
  for (const id of a2.slice(8)) await pay(id, A2, '2026-04-02');
  await person(A2, '2026-04');
  // 田柳镇: 田柳村 7 × 100 + 1 × 300; 北台头村 6 paid, a 7th reversed on 20 March.
  const b1 = await village(B1, 8, 7);
  await pay(b1[7]!, B1, '2026-03-15', 30000);
  const b2 = await village(B2, 8, 6);
  await pay(b2[6]!, B2, '2026-03-15', 10000, '2026-03-20T09:00:00+08:00');
  const c1 = await village(C1, 9, 9);
  const d1 = await village(D1, 6, 6);
  // A cross-check hit left open in 桃园村, one dismissed in 东关村.
  const batch = await db.insertInto('cross_check_batch').values({ county_code: '370783', registry: 'death', file_name: 'deaths.xlsx', sha256: 'a'.repeat(64), loaded_by: staffId }).returning('id').executeTakeFirstOrThrow();
  const hit = (resident: number, code: string, dismissed: boolean) =>
    db
      .insertInto('cross_check_hit')
      .values({ county_code: '370783', batch_id: batch.id, registry: 'death', kind: 'recheck', proposed_kind: 'death', reason: 'name_differs', resident_id: resident, village_code: code, ...(dismissed ? { state: 'dismissed', resolution: 'dismissed', resolved_by: staffId, resolved_at: new Date() } : {}) })
      .returning('id')
      .executeTakeFirstOrThrow();
  openHit = (await hit(c1[0]!, C1, false)).id;
  await hit(a1[0]!, A1, true);
  void d1;
  // Targets through the API as the county sets them (townships with a collection target; villages with theirs).
  const res = await auditor.send('PUT', '/api/indicators/targets', {
    year: 2026,
    targets: [
      { regionCode: '370783001000', enrolled: 18, collected: '1,600.00' },
      { regionCode: '370783106000', enrolled: 18, collected: '1,600.00' },
      { regionCode: '370783002000', enrolled: 9, collected: '850.00' },
      { regionCode: A1, enrolled: 9, collected: '800.00' },
      { regionCode: A2, enrolled: 9, collected: '800.00' },
      { regionCode: B1, enrolled: 9, collected: '800.00' },
      { regionCode: B2, enrolled: 9, collected: '800.00' },
      { regionCode: C1, enrolled: 9, collected: '850.00' },
    ],
  });
  expect(res.status).toBe(200);
});

afterAll(async () => {
  setTestClock(null);
  await t.close();
});

type Row = Record<string, any>;

describe('the yearly assessment', () => {
  it('cannot be computed before the cut-off, nor where the county has no rule', async () => {
    const early = await auditor.send('POST', '/api/assessment/compute', { year: 2026 });
    expect(early.status).toBe(409);
    expect(await json(early)).toMatchObject({ code: 'ASSESSMENT_BEFORE_CUT_OFF', message: '2026 年考核以 2026-03-31 实际到账为准，截止日尚未到，暂不能计算' });
    await expect(computeAssessment(t.database.db, { userId: staffId, username: 'x', role: 'county_enrolment_auditor', regionCode: '370783000000', requestId: null, ip: null }, NATIONAL_PARAMETERS, '370783', 2026, '2026-12-01')).rejects.toMatchObject({ code: 'ASSESSMENT_NO_RULE' });
  });

  it('shows the rule with its source before anything is computed', async () => {
    setTestClock('2026-04-10T10:00:00+08:00');
    const body = await json(await director.get('/api/assessment?year=2026'));
    expect(body).toMatchObject({ year: 2026, cutOff: '2026-03-31', assessment: null, rule: { from: '2010-01-01', level: 'county' } });
    expect(body.rule.source['zh-CN']).toContain('寿光市社会保障经办向乡镇（街道）延伸的做法');
    expect(body.rule.text['zh-CN']).toContain('完成任务补助 600.00 元');
  });

  it('scores the townships and rewards the villages as worked by hand', async () => {
    expect((await director.send('POST', '/api/assessment/compute', { year: 2026 })).status).toBe(403);
    const res = await auditor.send('POST', '/api/assessment/compute', { year: 2026 });
    expect(res.status).toBe(200);
    const a = await json(res);
    expect(a).toMatchObject({ year: 2026, status: 'draft', cutOff: '2026-03-31', villageRewards: 540000, computedBy: 'county_enrolment_auditor', approvedBy: null });
    expect(a.townships.map((r: Row) => [r.name, r.participationRate, r.completionRate, r.participationScore, r.punctualityScore, r.total, r.rank, r.prize])).toEqual([
      ['圣城街道', 950, 1056, 400, 100, 500, 1, 'first'],
      ['文家街道', 900, 1000, 379, -100, 279, 2, 'second'],
      ['古城街道', 750, null, 316, -100, 216, 3, null],
      ['田柳镇', 800, 889, -400, 100, -300, 4, null],
    ]);
    const wenjia = a.townships[1].working.map((w: Row) => w['zh-CN']);
    expect(wenjia).toContain('参保率 90.0% ÷ 最高 95.0%（圣城街道）× 4 = 3.79 分（完成参保任务 100.0%）');
    expect(wenjia).toContain('截至 3月31日 征缴 900.00 元 ≥ 征缴任务 850.00 元，按时完成；尚有 1 条数据比对疑点未处理（信息不准确）：扣 1 分');
    expect(a.townships[3].working.map((w: Row) => w['zh-CN'])).toContain('参保任务 18 人，完成 88.9%，未完成任务：参保率不得分，扣 4 分 → -4.00 分');
    expect(a.villages.map((v: Row) => [v.name, v.collected, v.targetCollected, v.completionRate, v.reward, v.pointsDeducted, v.rank])).toEqual([
      ['田柳村', 100000, 80000, 1250, 210000, 0, 1],
      ['东关村', 90000, 80000, 1125, 160000, 0, 2],
      ['桃园村', 90000, 85000, 1059, 110000, 0, 3],
      ['西关村', 80000, 80000, 1000, 60000, 0, 4],
      ['北台头村', 60000, 80000, 750, 0, 250, 5],
      ['古城村', 60000, null, null, 0, 0, 6],
    ]);
    expect(a.villages[4].working.map((w: Row) => w['zh-CN'])).toEqual(['截至 3月31日 实际到账 600.00 元 ÷ 征缴任务 800.00 元 = 75.0%', '未完成任务：扣绩效积分 10 × (100% − 75.0%) = 2.50 分']);
  });

  it('recomputes a draft from the data as it now is', async () => {
    await t.database.db.updateTable('cross_check_hit').set({ state: 'dismissed', resolution: 'dismissed', resolved_by: staffId, resolved_at: new Date() }).where('id', '=', openHit).execute();
    const a = await json(await auditor.send('POST', '/api/assessment/compute', { year: 2026 }));
    // 文家街道 now accurate: 3.79 + 1 = 4.79, still second.
    expect(a.townships.map((r: Row) => [r.name, r.total])).toEqual([
      ['圣城街道', 500],
      ['文家街道', 479],
      ['古城街道', 216],
      ['田柳镇', -300],
    ]);
  });

  it('prints the ranked tables with their working as PDF and Excel', async () => {
    const pdf = await director.get('/api/assessment/report.pdf?year=2026');
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    writeFileSync(join(tmpdir(), 'xnb-assessment-2026.pdf'), bytes);
    const text = pdfText(bytes).text.replace(/\s+/g, '');
    expect(text).toContain('寿光市2026年度城乡居民养老保险工作考核结果');
    expect(text).toContain('草稿，未经审定');
    expect(text).toContain('一等奖：圣城街道');
    expect(text).toContain('5,400.00');
    expect(text).toContain('参保率90.0%÷最高95.0%（圣城街道）×4=3.79分');
    const xlsx = await director.get('/api/assessment/report.xlsx?year=2026');
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsx.arrayBuffer()) as ArrayBuffer);
    const towns = wb.getWorksheet('乡镇考核')!;
    expect(towns.getRow(5).values).toEqual([undefined, '1', '圣城街道', '95.0%', '105.6%', '4.00', '+1.00', '5.00', '一等奖', expect.stringContaining('参保率 95.0% ÷ 最高 95.0%（圣城街道）× 4 = 4.00 分')]);
    const villages = wb.getWorksheet('村居奖励')!;
    expect(villages.getRow(4).values).toEqual([undefined, '1', '田柳村', '田柳镇', '800.00', '1,000.00', '125.0%', '2,100.00', '', expect.stringContaining('超额完成第 1 名：再奖励 1,500.00 元，共 2,100.00 元')]);
    expect(villages.getRow(10).getCell(7).value).toBe('5,400.00');
  });

  it('settles requests sent at once: computes all answer, one approval wins', async () => {
    const computes = await Promise.all([1, 2, 3, 4].map(() => auditor.send('POST', '/api/assessment/compute', { year: 2026 })));
    expect(computes.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const approvals = await Promise.all([1, 2, 3, 4].map(() => director.send('POST', '/api/assessment/approve', { year: 2026 })));
    expect(approvals.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
  });

  it('is approved by the director and frozen from then on', async () => {
    expect((await auditor.send('POST', '/api/assessment/approve', { year: 2026 })).status).toBe(403);
    const a = await json(await director.get('/api/assessment?year=2026')).then((b) => b.assessment);
    expect(a).toMatchObject({ status: 'approved', approvedBy: 'county_director' });
    expect(a.approvedAt).toMatch(/^2026-04-10T0[12]:/);
    const again = await auditor.send('POST', '/api/assessment/compute', { year: 2026 });
    expect(again.status).toBe(409);
    expect(await json(again)).toMatchObject({ code: 'ASSESSMENT_APPROVED' });
    expect((await json(await director.send('POST', '/api/assessment/approve', { year: 2026 }))).code).toBe('ASSESSMENT_APPROVED');
    expect((await json(await director.send('POST', '/api/assessment/approve', { year: 2025 }))).code).toBe('ASSESSMENT_NOT_FOUND');
    await expect(sql`update assessment set village_rewards = 0 where year = 2026`.execute(t.database.db)).rejects.toThrow(/frozen/);
    await expect(sql`delete from assessment where year = 2026`.execute(t.database.db)).rejects.toThrow(/frozen/);
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'username']).where('entity', '=', 'assessment').orderBy('id').execute();
    expect(audit.map((r) => r.action)).toEqual([...Array(6).fill('assessment.compute'), 'assessment.approve']);
    const pdf = pdfText(new Uint8Array(await (await director.get('/api/assessment/report.pdf?year=2026')).arrayBuffer())).text.replace(/\s+/g, '');
    expect(pdf).toContain('已审定（county_director2026-04-10）');
  });
});
