// The yearly assessment worked by hand (rules/assessment.ts; the Shouguang report 四(三) and the 2011 township plan
// 四、考核办法, with the figures of params/county-370783.json).
import { describe, expect, it } from 'vitest';
import { assessTownships, assessVillages, formatPoints, type PerformanceAssessmentRule, type TownshipAssessmentInput } from './assessment.js';

const RULE: PerformanceAssessmentRule = {
  cutOff: '03-31',
  participationPoints: 4,
  benchmark: 'best',
  unfinishedDeduction: 4,
  punctualityBonus: 1,
  punctualityDeduction: 1,
  prizes: { first: 1, second: 2, third: 3 },
  villageTaskReward: 60000,
  villageExcessRewards: [150000, 100000, 50000],
  villageShortfallPoints: 10,
};

const township = (code: string, name: string, enrolled: number, shouldEnrol: number, targetEnrolled: number | null, collected: number, targetCollected: number | null, openHits = 0): TownshipAssessmentInput => ({
  code,
  name,
  enrolled,
  shouldEnrol,
  shouldEnrolBasis: 'hukou',
  targetEnrolled,
  collected,
  targetCollected,
  openHits,
});

describe('assessTownships', () => {
  const towns = [
    // 甲镇: 931 ÷ 1,000 = 93.1 %; 93.1 ÷ 96.0 × 4 = 3.879… → 3.88; target 900 met (103.4 %); 100,000 ≥ 95,000 yuan, no hits → +1; 4.88.
    township('370783001000', '甲镇', 931, 1000, 900, 10_000_000, 9_500_000),
    // 乙镇: 96.0 %, the best → 4.00; target 950 met (101.1 %); 90,000 < 95,000 yuan → −1; 3.00.
    township('370783002000', '乙镇', 960, 1000, 950, 9_000_000, 9_500_000),
    // 丙镇: 850 < target 900 (94.4 %) → −4; money on time, no hits → +1; −3.00.
    township('370783003000', '丙镇', 850, 1000, 900, 9_600_000, 9_500_000),
    // 丁镇: 470 ÷ 500 = 94.0 %; 94.0 ÷ 96.0 × 4 = 3.916… → 3.92; no targets at all → not on time → −1; 2 hits open; 2.92.
    township('370783004000', '丁镇', 470, 500, null, 4_000_000, null, 2),
  ];
  const scores = assessTownships(towns, RULE);

  it('scores participation by the index, deducts 4 for an unfinished task and ±1 for punctuality', () => {
    expect(scores.map((s) => [s.name, s.participationScore, s.punctualityScore, s.total, s.rank])).toEqual([
      ['甲镇', 388, 100, 488, 1],
      ['乙镇', 400, -100, 300, 2],
      ['丁镇', 392, -100, 292, 3],
      ['丙镇', -400, 100, -300, 4],
    ]);
    expect(scores.map((s) => s.participationRate)).toEqual([931, 960, 940, 850]);
    expect(scores.map((s) => s.completionRate)).toEqual([1034, 1011, null, 944]);
  });

  it('gives the prizes by completion to those that met their task', () => {
    expect(scores.map((s) => s.prize)).toEqual(['first', 'second', null, null]);
  });

  it('writes each score’s working', () => {
    const jia = scores[0]!.working.map((w) => w['zh-CN']);
    expect(jia).toContain('参保率 93.1% ÷ 最高 96.0%（乙镇）× 4 = 3.88 分（完成参保任务 103.4%）');
    expect(jia.at(-1)).toBe('完成参保任务，完成率 103.4% 居完成任务乡镇第 1 位：一等奖');
    expect(scores[3]!.working.map((w) => w['zh-CN'])).toContain('参保任务 900 人，完成 94.4%，未完成任务：参保率不得分，扣 4 分 → -4.00 分');
    expect(scores[2]!.working.map((w) => w['zh-CN']).join('\n')).toContain('尚有 2 条数据比对疑点未处理（信息不准确）：扣 1 分');
    expect(scores[1]!.working.at(-2)!['zh-CN']).toBe('合计 4.00 − 1.00 = 3.00 分');
  });

  it('scores against the own target when the benchmark is the target (capped at 100 %)', () => {
    const s = assessTownships(towns, { ...RULE, benchmark: 'target' });
    // 甲 103.4 % → 4.00 + 1; 乙 101.1 % → 4.00 − 1; 丁 no target → 0 − 1; 丙 unfinished → −4 + 1.
    expect(s.map((x) => [x.name, x.participationScore, x.total])).toEqual([
      ['甲镇', 400, 500],
      ['乙镇', 400, 300],
      ['丁镇', 0, -100],
      ['丙镇', -400, -300],
    ]);
  });
});

describe('assessVillages', () => {
  const v = (code: string, collected: number, target: number | null) => ({ code, name: `村${code.slice(-2)}`, townshipName: '甲镇', collected, targetCollected: target });
  const rows = assessVillages(
    [
      v('370783001001', 1_200_000, 1_000_000), // 120.0 % → 600 + 1,500
      v('370783001002', 1_100_000, 1_000_000), // 110.0 % → 600 + 1,000
      v('370783001003', 1_050_000, 1_000_000), // 105.0 % → 600 + 500
      v('370783001004', 1_010_000, 1_000_000), // 101.0 %, fourth above → 600
      v('370783001005', 1_000_000, 1_000_000), // exactly 100 % → 600, not above
      v('370783001006', 850_000, 1_000_000), // 85.0 % → 10 × 15.0 % = 1.50 points
      v('370783001007', 500_000, null), // no target → not assessed
      v('370783001008', 333_300, 999_900), // 33.3 % → 10 × 66.7 % = 6.67 points
    ],
    RULE,
  );

  it('pays 600 yuan for a met task and 1,500 / 1,000 / 500 more to the three furthest above', () => {
    expect(rows.map((r) => [r.code.slice(-2), r.completionRate, r.taskReward, r.excessReward, r.reward, r.pointsDeducted, r.rank])).toEqual([
      ['01', 1200, 60000, 150000, 210000, 0, 1],
      ['02', 1100, 60000, 100000, 160000, 0, 2],
      ['03', 1050, 60000, 50000, 110000, 0, 3],
      ['04', 1010, 60000, 0, 60000, 0, 4],
      ['05', 1000, 60000, 0, 60000, 0, 5],
      ['06', 850, 0, 0, 0, 150, 6],
      ['08', 333, 0, 0, 0, 667, 7],
      ['07', null, 0, 0, 0, 0, 8],
    ]);
    expect(rows.reduce((s, r) => s + r.reward, 0)).toBe(600000);
    expect(rows[0]!.working.map((w) => w['zh-CN'])).toEqual(['截至 3月31日 实际到账 12,000.00 元 ÷ 征缴任务 10,000.00 元 = 120.0%', '完成任务：补助 600.00 元', '超额完成第 1 名：再奖励 1,500.00 元，共 2,100.00 元']);
    expect(rows[5]!.working[1]!['zh-CN']).toBe('未完成任务：扣绩效积分 10 × (100% − 85.0%) = 1.50 分');
    expect(rows[7]!.met).toBeNull();
  });

  it('formats points', () => {
    expect([formatPoints(388), formatPoints(-400), formatPoints(5), formatPoints(0)]).toEqual(['3.88', '-4.00', '0.05', '0.00']);
  });
});
