/**
 * The yearly assessment of townships and the rewards to villages (年度考核与奖励, DOMAIN.md §9, issue 12 part 3),
 * scored from figures measured at the cut-off day by the dated county rule `performanceAssessment`.
 *
 * Sources: the Shouguang report (seed shouguang-township-extension.txt, 四(三) 建立考核奖惩机制): "the new rural
 * insurance participation rate will be scored out of 4 points by the comprehensive index method, and 4 points will
 * be deducted if the task is not finished; if the collection task is completed on time and all the insured
 * information is accurately entered, add 1 point; otherwise … 1 point will be deducted … first, second and third
 * prizes according to the completion of the task"; the 2011 township work plan (seed nrpi-duties-guideline-reports.txt,
 * 第三篇 四、考核办法): "完成任务的村居，给予600元补助；超额完成任务的取前三名，分别再给予1500/1000/500元奖励；未完成任务的
 * 村居，按完成情况扣减绩效考核积分；完成任务情况以3月31日实际到账总额为准".
 *
 * How this system reads them (each choice documented where it is made, so a county can check it by hand):
 * - Points are kept in hundredths of a point (388 = 3.88 分), rates in tenths of a percent as the indicators show
 *   them (rules/indicators.ts), and every division rounds half up on integers: no float.
 * - 综合指数法 (comprehensive index): `benchmark: 'best'` scores a township's participation rate against the best
 *   township's: points × rate ÷ best rate (the index of the best is 1, so the best scores full points);
 *   `benchmark: 'target'` scores it against its own task: points × min(completion, 100 %). Both use the rates as
 *   shown (one decimal), so the working printed beside each score gives the same figure on a calculator.
 * - The task (参保任务) is the township's enrolment target of the year; not finished (enrolled at the cut-off below
 *   the target) → the participation item scores nothing and `unfinishedDeduction` points are taken off (−4).
 *   A township without a target is scored by the index and nothing is deducted (the working says so).
 * - On time (按时完成征缴任务): the money collected by the cut-off reaches the township's collection target; without a
 *   collection target, its enrolment task finished by the cut-off. Accurate (参保信息准确录入): no cross-check hit of
 *   its villages left open (数据比对疑点未处理). Both → +`punctualityBonus`; otherwise −`punctualityDeduction`.
 * - Prizes (一、二、三等奖) go to the townships that finished their task, by completion rate (enrolled ÷ target,
 *   compared exactly), `prizes.first` townships the first prize, the next `prizes.second` the second, and so on.
 * - Villages: completion = premiums received by the cut-off ÷ the village's collection target of the year (money,
 *   "实际到账总额"). Met (≥ 100 %) → `villageTaskReward`; of the villages above their target, the furthest above by
 *   completion rate (exactly compared) get `villageExcessRewards` in order (1500 / 1000 / 500 yuan); not met →
 *   `villageShortfallPoints` × (100 % − completion) performance points deducted. A village without a collection
 *   target is not assessed.
 */
import { roundHalfUp, formatYuan, type Fen } from './money.js';
import type { LocalizedText } from './explanation.js';
import { formatPerMille, ratePerMille, type PerMille } from './indicators.js';
import type { MonthDay } from './dates.js';

/** The county's rule (dated parameter `performanceAssessment`; the national default is none). */
export interface PerformanceAssessmentRule {
  /** 完成任务以此日实际到账为准: the day of the assessed year at which everything is measured (03-31). */
  readonly cutOff: MonthDay;
  /** 参保率满分 (4). */
  readonly participationPoints: number;
  /** 综合指数法的比较基准: the best township's rate, or the township's own task. */
  readonly benchmark: 'best' | 'target';
  /** Points deducted when the task is not finished (4). */
  readonly unfinishedDeduction: number;
  /** Points added when collection is on time and the data accurate (1), deducted otherwise (1). */
  readonly punctualityBonus: number;
  readonly punctualityDeduction: number;
  /** How many townships get each prize. */
  readonly prizes: { readonly first: number; readonly second: number; readonly third: number };
  /** 完成任务的村居补助 (600 yuan). */
  readonly villageTaskReward: Fen;
  /** 超额完成前几名再奖励, in rank order (1500 / 1000 / 500 yuan). */
  readonly villageExcessRewards: readonly Fen[];
  /** Performance points a village that collected nothing would lose; less in proportion to what it collected. */
  readonly villageShortfallPoints: number;
}

/** Hundredths of a point (388 = 3.88 分). */
export type Points = number;

export interface TownshipAssessmentInput {
  readonly code: string;
  readonly name: string;
  /** 参保人数 at the cut-off. */
  readonly enrolled: number;
  /** 应参保人数 the rate is made of (hukou statistics where imported, else the registry's count). */
  readonly shouldEnrol: number;
  readonly shouldEnrolBasis: 'hukou' | 'registry';
  /** 参保任务 of the year (people), null where none was set. */
  readonly targetEnrolled: number | null;
  /** Individual premiums of the year received by the cut-off, fen; and the collection target, fen. */
  readonly collected: Fen;
  readonly targetCollected: Fen | null;
  /** Cross-check hits of the township's villages still open (信息不准确的疑点). */
  readonly openHits: number;
}

export type Prize = 'first' | 'second' | 'third';

export interface TownshipScore {
  readonly code: string;
  readonly name: string;
  readonly participationRate: PerMille;
  readonly completionRate: PerMille;
  /** Null without a target. */
  readonly taskFinished: boolean | null;
  readonly participationScore: Points;
  readonly collectionOnTime: boolean | null;
  readonly dataAccurate: boolean;
  readonly punctualityScore: Points;
  readonly total: Points;
  /** 1 = first, by total, then completion, then code. */
  readonly rank: number;
  readonly prize: Prize | null;
  /** Each score's working in words. */
  readonly working: readonly LocalizedText[];
}

export interface VillageAssessmentInput {
  readonly code: string;
  readonly name: string;
  readonly townshipName: string;
  readonly collected: Fen;
  readonly targetCollected: Fen | null;
}

export interface VillageScore {
  readonly code: string;
  readonly name: string;
  readonly townshipName: string;
  readonly collected: Fen;
  readonly targetCollected: Fen | null;
  readonly completionRate: PerMille;
  /** Null when not assessed (no collection target). */
  readonly met: boolean | null;
  /** 1–n for the villages above target that earn an extra reward, else null. */
  readonly excessRank: number | null;
  readonly taskReward: Fen;
  readonly excessReward: Fen;
  readonly reward: Fen;
  readonly pointsDeducted: Points;
  /** 1 = first, by completion (exactly), then code; villages not assessed last. */
  readonly rank: number;
  readonly working: readonly LocalizedText[];
}

const text = (zh: string, en: string): LocalizedText => ({ 'zh-CN': zh, en });

/** Hundredths of a point as text with two decimals: 388 → "3.88", −400 → "-4.00". */
export function formatPoints(points: Points): string {
  const sign = points < 0 ? '-' : '';
  const a = Math.abs(points);
  return `${sign}${Math.trunc(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

const pct = (r: PerMille) => `${formatPerMille(r)}%`;
const yuan = (fen: Fen) => formatYuan(fen, 'zh-CN');
const md = (d: MonthDay) => `${Number(d.slice(0, 2))}月${Number(d.slice(3, 5))}日`;

/** a/b > c/d exactly (b, d > 0). */
function ratioCompare(a: number, b: number, c: number, d: number): number {
  const left = BigInt(a) * BigInt(d);
  const right = BigInt(c) * BigInt(b);
  return left > right ? 1 : left < right ? -1 : 0;
}

/**
 * Scores the townships of a county (see the file's comment for each item's reading). Pure; the inputs are the
 * figures at the cut-off. Returns them ranked (rank 1 first).
 */
export function assessTownships(inputs: readonly TownshipAssessmentInput[], rule: PerformanceAssessmentRule): TownshipScore[] {
  const full = rule.participationPoints * 100;
  const rates = new Map(inputs.map((t) => [t.code, t.shouldEnrol > 0 ? ratePerMille(t.enrolled, t.shouldEnrol) : null]));
  const best = Math.max(0, ...[...rates.values()].map((r) => r ?? 0));
  const bestName = inputs.find((t) => rates.get(t.code) === best)?.name ?? '';
  const scored = inputs.map((t) => {
    const rate = rates.get(t.code) ?? null;
    const completion = t.targetEnrolled !== null && t.targetEnrolled > 0 ? ratePerMille(t.enrolled, t.targetEnrolled) : null;
    const taskFinished = t.targetEnrolled === null ? null : t.enrolled >= t.targetEnrolled;
    const basis = t.shouldEnrolBasis === 'hukou' ? text('户籍', 'hukou') : text('系统测算', 'registry');
    const working: LocalizedText[] = [];
    let participationScore: Points;
    const rateWords = text(
      `参保 ${t.enrolled.toLocaleString('en')} 人 ÷ 应参保（${basis['zh-CN']}）${t.shouldEnrol.toLocaleString('en')} 人 = 参保率 ${rate === null ? '—' : pct(rate)}`,
      `enrolled ${t.enrolled.toLocaleString('en')} ÷ should enrol (${basis.en}) ${t.shouldEnrol.toLocaleString('en')} = participation ${rate === null ? '—' : pct(rate)}`,
    );
    working.push(rateWords);
    if (taskFinished === false) {
      participationScore = -rule.unfinishedDeduction * 100;
      working.push(
        text(
          `参保任务 ${t.targetEnrolled!.toLocaleString('en')} 人，完成 ${pct(completion)}，未完成任务：参保率不得分，扣 ${rule.unfinishedDeduction} 分 → ${formatPoints(participationScore)} 分`,
          `target ${t.targetEnrolled!.toLocaleString('en')}, ${pct(completion)} done, task not finished: no points for participation, ${rule.unfinishedDeduction} deducted → ${formatPoints(participationScore)}`,
        ),
      );
    } else if (rule.benchmark === 'best') {
      participationScore = rate === null || best === 0 ? 0 : Number(roundHalfUp(BigInt(full) * BigInt(rate), BigInt(best)));
      const noTask = taskFinished === null ? text('（未下达参保任务，不扣分）', ' (no target set: nothing deducted)') : text(`（完成参保任务 ${pct(completion)}）`, ` (target ${pct(completion)} done)`);
      working.push(
        rate === null || best === 0
          ? text(`无应参保人数，参保率不得分 → 0.00 分${noTask['zh-CN']}`, `no should-enrol count: 0.00${noTask.en}`)
          : text(
              `参保率 ${pct(rate)} ÷ 最高 ${pct(best)}（${bestName}）× ${rule.participationPoints} = ${formatPoints(participationScore)} 分${noTask['zh-CN']}`,
              `participation ${pct(rate)} ÷ best ${pct(best)} (${bestName}) × ${rule.participationPoints} = ${formatPoints(participationScore)}${noTask.en}`,
            ),
      );
    } else if (completion === null) {
      participationScore = 0;
      working.push(text('未下达参保任务，按任务计分无从比较 → 0.00 分', 'no target set: nothing to score against → 0.00'));
    } else {
      participationScore = Number(roundHalfUp(BigInt(full) * BigInt(Math.min(completion, 1000)), 1000n));
      working.push(
        text(
          `任务完成率 ${pct(completion)}${completion > 1000 ? '（超过 100% 按 100% 计）' : ''} × ${rule.participationPoints} = ${formatPoints(participationScore)} 分`,
          `target ${pct(completion)} done${completion > 1000 ? ' (counted as 100%)' : ''} × ${rule.participationPoints} = ${formatPoints(participationScore)}`,
        ),
      );
    }
    const collectionOnTime = t.targetCollected !== null ? t.collected >= t.targetCollected : taskFinished;
    const dataAccurate = t.openHits === 0;
    const punctualityScore = collectionOnTime === true && dataAccurate ? rule.punctualityBonus * 100 : -rule.punctualityDeduction * 100;
    const cut = md(rule.cutOff);
    const onTimeWords =
      t.targetCollected !== null
        ? text(
            `截至 ${cut} 征缴 ${yuan(t.collected)} 元${collectionOnTime ? ' ≥ ' : ' < '}征缴任务 ${yuan(t.targetCollected)} 元，${collectionOnTime ? '按时完成' : '未按时完成'}`,
            `collected ${yuan(t.collected)} by ${cut}${collectionOnTime ? ' ≥ ' : ' < '}target ${yuan(t.targetCollected)}: ${collectionOnTime ? 'on time' : 'not on time'}`,
          )
        : collectionOnTime === null
          ? text('未下达征缴任务和参保任务，无法认定按时完成', 'no collection or enrolment target: cannot be on time')
          : text(`未下达征缴任务，以截至 ${cut} 参保任务${collectionOnTime ? '已' : '未'}完成认定${collectionOnTime ? '按时完成' : '未按时完成'}`, `no collection target: the enrolment target ${collectionOnTime ? 'was' : 'was not'} met by ${cut}`);
    const accurateWords = dataAccurate ? text('数据比对疑点均已处理（信息准确）', 'no cross-check hit left open (data accurate)') : text(`尚有 ${t.openHits} 条数据比对疑点未处理（信息不准确）`, `${t.openHits} cross-check hits still open (data not accurate)`);
    working.push(
      text(
        `${onTimeWords['zh-CN']}；${accurateWords['zh-CN']}：${punctualityScore > 0 ? '加' : '扣'} ${Math.abs(punctualityScore) / 100} 分`,
        `${onTimeWords.en}; ${accurateWords.en}: ${punctualityScore > 0 ? '+' : '−'}${Math.abs(punctualityScore) / 100}`,
      ),
    );
    const total = participationScore + punctualityScore;
    working.push(text(`合计 ${formatPoints(participationScore)} ${punctualityScore >= 0 ? '+' : '−'} ${formatPoints(Math.abs(punctualityScore))} = ${formatPoints(total)} 分`, `total ${formatPoints(participationScore)} ${punctualityScore >= 0 ? '+' : '−'} ${formatPoints(Math.abs(punctualityScore))} = ${formatPoints(total)}`));
    return { t, rate, completion, taskFinished, participationScore, collectionOnTime, dataAccurate, punctualityScore, total, working };
  });
  // Prizes by completion among the townships that finished their task.
  const finished = scored.filter((s) => s.taskFinished === true && s.t.targetEnrolled! > 0);
  finished.sort((a, b) => -ratioCompare(a.t.enrolled, a.t.targetEnrolled!, b.t.enrolled, b.t.targetEnrolled!) || a.t.code.localeCompare(b.t.code));
  const prizes = new Map<string, Prize>();
  const { first, second, third } = rule.prizes;
  finished.forEach((s, i) => {
    const prize: Prize | null = i < first ? 'first' : i < first + second ? 'second' : i < first + second + third ? 'third' : null;
    if (prize) prizes.set(s.t.code, prize);
  });
  const byCompletion = (a: (typeof scored)[number], b: (typeof scored)[number]): number => {
    const ta = a.t.targetEnrolled;
    const tb = b.t.targetEnrolled;
    if (ta && tb) return -ratioCompare(a.t.enrolled, ta, b.t.enrolled, tb);
    return ta ? -1 : tb ? 1 : 0;
  };
  const ranked = [...scored].sort((a, b) => b.total - a.total || byCompletion(a, b) || a.t.code.localeCompare(b.t.code));
  const PRIZE_WORDS: Record<Prize, LocalizedText> = { first: text('一等奖', 'first prize'), second: text('二等奖', 'second prize'), third: text('三等奖', 'third prize') };
  return ranked.map((s, i) => {
    const prize = prizes.get(s.t.code) ?? null;
    const working = prize
      ? [...s.working, text(`完成参保任务，完成率 ${pct(s.completion)} 居完成任务乡镇第 ${finished.indexOf(s) + 1} 位：${PRIZE_WORDS[prize]['zh-CN']}`, `target met, ${pct(s.completion)}, number ${finished.indexOf(s) + 1} of those who met it: ${PRIZE_WORDS[prize].en}`)]
      : s.working;
    return {
      code: s.t.code,
      name: s.t.name,
      participationRate: s.rate,
      completionRate: s.completion,
      taskFinished: s.taskFinished,
      participationScore: s.participationScore,
      collectionOnTime: s.collectionOnTime,
      dataAccurate: s.dataAccurate,
      punctualityScore: s.punctualityScore,
      total: s.total,
      rank: i + 1,
      prize,
      working,
    };
  });
}

/**
 * The villages' rewards and deductions (2011 plan, 四、考核办法), from the premiums received by the cut-off against
 * each village's collection target. Returns them ranked by completion (villages not assessed last).
 */
export function assessVillages(inputs: readonly VillageAssessmentInput[], rule: PerformanceAssessmentRule): VillageScore[] {
  const cut = md(rule.cutOff);
  const assessed = inputs.filter((v) => v.targetCollected !== null && v.targetCollected > 0);
  const sorted = [...assessed].sort((a, b) => -ratioCompare(a.collected, a.targetCollected!, b.collected, b.targetCollected!) || a.code.localeCompare(b.code));
  const above = sorted.filter((v) => v.collected > v.targetCollected!);
  const excessRank = new Map(above.slice(0, rule.villageExcessRewards.length).map((v, i) => [v.code, i + 1]));
  const rows: VillageScore[] = sorted.map((v, i) => {
    const target = v.targetCollected!;
    const completion = ratePerMille(v.collected, target)!;
    const met = v.collected >= target;
    const rank = excessRank.get(v.code) ?? null;
    const taskReward = met ? rule.villageTaskReward : 0;
    const excessReward = rank === null ? 0 : rule.villageExcessRewards[rank - 1]!;
    const pointsDeducted = met ? 0 : Number(roundHalfUp(BigInt(rule.villageShortfallPoints * 100) * BigInt(Math.max(0, 1000 - completion)), 1000n));
    const working: LocalizedText[] = [
      text(
        `截至 ${cut} 实际到账 ${yuan(v.collected)} 元 ÷ 征缴任务 ${yuan(target)} 元 = ${pct(completion)}`,
        `received by ${cut} ${yuan(v.collected)} ÷ target ${yuan(target)} = ${pct(completion)}`,
      ),
      met
        ? text(`完成任务：补助 ${yuan(taskReward)} 元`, `target met: ${yuan(taskReward)} yuan`)
        : text(
            `未完成任务：扣绩效积分 ${rule.villageShortfallPoints} × (100% − ${pct(completion)}) = ${formatPoints(pointsDeducted)} 分`,
            `target not met: ${rule.villageShortfallPoints} × (100% − ${pct(completion)}) = ${formatPoints(pointsDeducted)} performance points deducted`,
          ),
    ];
    if (rank !== null) working.push(text(`超额完成第 ${rank} 名：再奖励 ${yuan(excessReward)} 元，共 ${yuan(taskReward + excessReward)} 元`, `number ${rank} above target: ${yuan(excessReward)} more, ${yuan(taskReward + excessReward)} in all`));
    return { code: v.code, name: v.name, townshipName: v.townshipName, collected: v.collected, targetCollected: target, completionRate: completion, met, excessRank: rank, taskReward, excessReward, reward: taskReward + excessReward, pointsDeducted, rank: i + 1, working };
  });
  const notAssessed = inputs
    .filter((v) => !(v.targetCollected !== null && v.targetCollected > 0))
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((v, i): VillageScore => ({
      code: v.code,
      name: v.name,
      townshipName: v.townshipName,
      collected: v.collected,
      targetCollected: v.targetCollected,
      completionRate: null,
      met: null,
      excessRank: null,
      taskReward: 0,
      excessReward: 0,
      reward: 0,
      pointsDeducted: 0,
      rank: rows.length + i + 1,
      working: [text(`未下达征缴任务，不参加考核（截至 ${cut} 到账 ${yuan(v.collected)} 元）`, `no collection target: not assessed (received ${yuan(v.collected)} by ${cut})`)],
    }));
  return [...rows, ...notAssessed];
}
