/**
 * The yearly assessment of townships and rewards to villages (年度考核与奖励, DOMAIN.md §9, issue 12 part 3).
 *
 * The inputs are measured set-based by the indicators module as of the rule's cut-off day (one statement for every
 * village; townships are sums of their villages, targets as set for the year): a township's participation
 * (enrolled ÷ should-enrol — the hukou statistics where imported, else the registry's count), its enrolment target,
 * the individual premiums of the year received by the cut-off (paid_on ≤ cut-off, not reversed by then) against its
 * collection target; a village's premiums received by the cut-off against its collection target. Data accuracy is
 * the cross-check hits of the township's villages still open when the assessment is computed. The scoring is the
 * pure rule `assessTownships` / `assessVillages` (src/rules/assessment.ts) with the county's dated parameter
 * `performanceAssessment` in force on 1 January of the year.
 *
 * One assessment per county and year, stored whole (the rule and its source, the ranked rows with their working):
 * a draft may be recomputed; the county director approves it (who, when) and it is then frozen (also by trigger).
 * Both steps are audited (assessment.compute, assessment.approve).
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../errors/app-error.js';
import { chinaToday, clockDate } from '../../http/clock.js';
import {
  assessTownships,
  assessVillages,
  monthDayIn,
  parameterAsOf,
  type LocalizedText,
  type ParameterSet,
  type PerformanceAssessmentRule,
  type TownshipAssessmentInput,
  type TownshipScore,
  type VillageAssessmentInput,
  type VillageScore,
} from '../../rules/index.js';
import { appendAudit, type AuditActor } from '../audit/service.js';
import { everyRegionIndicators } from '../indicators/service.js';

export interface AssessmentRuleRecord {
  readonly value: PerformanceAssessmentRule;
  readonly from: string;
  readonly to?: string;
  readonly level: string;
  /** The rule and its source in words (the parameter's citation). */
  readonly label: LocalizedText;
  readonly text: LocalizedText;
  readonly source: LocalizedText;
}

export interface Assessment {
  readonly countyCode: string;
  readonly year: number;
  readonly status: 'draft' | 'approved';
  readonly cutOff: string;
  readonly rule: AssessmentRuleRecord;
  readonly townships: readonly TownshipScore[];
  readonly villages: readonly VillageScore[];
  /** Rewards to villages in all, fen. */
  readonly villageRewards: number;
  readonly computedBy: string;
  readonly computedAt: Date;
  readonly approvedBy: string | null;
  readonly approvedAt: Date | null;
}

/** The rule of a year (in force on its 1 January) and its cut-off day; 409 ASSESSMENT_NO_RULE where there is none. */
export function assessmentRule(parameters: ParameterSet, year: number): { rule: AssessmentRuleRecord; cutOff: string } {
  const resolved = parameterAsOf(parameters, 'performanceAssessment', `${year}-01-01`);
  const value = resolved.value;
  if (value === null) throw new AppError('ASSESSMENT_NO_RULE', 409, { params: { year } });
  const c = resolved.citation;
  return {
    rule: { value, from: resolved.from, ...(resolved.to ? { to: resolved.to } : {}), level: resolved.level, label: c.label, text: c.value, source: c.source },
    cutOff: monthDayIn(year, value.cutOff),
  };
}

/** The figures of every township and village of a county at the cut-off day (what the rule scores). */
export async function assessmentInputs(db: Kysely<DB>, countyCode: string, cutOff: string): Promise<{ townships: TownshipAssessmentInput[]; villages: VillageAssessmentInput[] }> {
  const regions = await everyRegionIndicators(db, countyCode, cutOff);
  const hits = await sql<{ township: string; n: number }>`
    select substr(village_code, 1, 9) || '000' as township, count(*)::int as n from cross_check_hit
    where county_code = ${countyCode} and state = 'open' group by 1`.execute(db);
  const openHits = new Map(hits.rows.map((h) => [h.township, h.n]));
  const townshipNames = new Map(regions.filter((r) => r.level === 'township').map((r) => [r.code, r.name]));
  const townships = regions
    .filter((r) => r.level === 'township')
    .map((r): TownshipAssessmentInput => {
      const c = r.counts;
      const hukou = c.shouldEnrolHukou !== null && r.hukouMissing === 0;
      return {
        code: r.code,
        name: r.name,
        enrolled: c.enrolled,
        shouldEnrol: hukou ? c.shouldEnrolHukou! : c.shouldEnrolRegistry,
        shouldEnrolBasis: hukou ? 'hukou' : 'registry',
        targetEnrolled: c.targetEnrolled,
        collected: c.collected,
        targetCollected: c.targetCollected,
        openHits: openHits.get(r.code) ?? 0,
      };
    });
  const villages = regions
    .filter((r) => r.level === 'village')
    .map((r): VillageAssessmentInput => ({
      code: r.code,
      name: r.name,
      townshipName: townshipNames.get(`${r.code.slice(0, 9)}000`) ?? '',
      collected: r.counts.collected,
      targetCollected: r.counts.targetCollected,
    }));
  return { townships, villages };
}

async function staffName(db: Kysely<DB>, id: number | null): Promise<string | null> {
  if (id === null) return null;
  const row = await db.selectFrom('staff_user').select('display_name').where('id', '=', id).executeTakeFirst();
  return row?.display_name ?? null;
}

type AssessmentRow = Awaited<ReturnType<typeof readRow>>;

function readRow(db: Kysely<DB>, countyCode: string, year: number, forUpdate = false) {
  const q = db.selectFrom('assessment').selectAll().where('county_code', '=', countyCode).where('year', '=', year);
  return (forUpdate ? q.forUpdate() : q).executeTakeFirst();
}

async function toAssessment(db: Kysely<DB>, row: NonNullable<AssessmentRow>): Promise<Assessment> {
  const [computedBy, approvedBy] = await Promise.all([staffName(db, row.computed_by), staffName(db, row.approved_by)]);
  const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
  return {
    countyCode: row.county_code,
    year: row.year,
    status: row.status,
    cutOff: row.cut_off,
    rule: json<AssessmentRuleRecord>(row.rule),
    townships: json<TownshipScore[]>(row.townships),
    villages: json<VillageScore[]>(row.villages),
    villageRewards: row.village_rewards,
    computedBy: computedBy ?? '',
    computedAt: row.computed_at,
    approvedBy,
    approvedAt: row.approved_at,
  };
}

function approvedError(year: number, a: { approvedBy: string | null; approvedAt: Date | null }): AppError {
  return new AppError('ASSESSMENT_APPROVED', 409, { params: { year, by: a.approvedBy ?? '', at: a.approvedAt ? chinaToday(a.approvedAt.getTime()) : '' } });
}

/** The stored assessment of a county's year, or null when not computed. */
export async function getAssessment(db: Kysely<DB>, countyCode: string, year: number): Promise<Assessment | null> {
  const row = await readRow(db, countyCode, year);
  return row ? toAssessment(db, row) : null;
}

/**
 * Computes (or recomputes) the draft assessment of `year` for a county as of the rule's cut-off day and stores it.
 * `today` (China day) must be on or after the cut-off. Errors: 409 ASSESSMENT_NO_RULE (no county rule for the
 * year), 409 ASSESSMENT_BEFORE_CUT_OFF, 409 ASSESSMENT_APPROVED (frozen). Audited `assessment.compute`.
 */
export async function computeAssessment(db: Kysely<DB>, actor: AuditActor & { userId: number }, parameters: ParameterSet, countyCode: string, year: number, today: string): Promise<Assessment> {
  const { rule, cutOff } = assessmentRule(parameters, year);
  if (cutOff > today) throw new AppError('ASSESSMENT_BEFORE_CUT_OFF', 409, { params: { year, cutOff } });
  const before = await getAssessment(db, countyCode, year);
  if (before?.status === 'approved') throw approvedError(year, before);
  const inputs = await assessmentInputs(db, countyCode, cutOff);
  const townships = assessTownships(inputs.townships, rule.value);
  const villages = assessVillages(inputs.villages, rule.value);
  const villageRewards = villages.reduce((s, v) => s + v.reward, 0);
  await db.transaction().execute(async (tx) => {
    const locked = await readRow(tx, countyCode, year, true);
    if (locked?.status === 'approved') throw approvedError(year, await toAssessment(tx, locked));
    const values = {
      county_code: countyCode,
      year,
      cut_off: cutOff,
      rule: JSON.stringify(rule),
      townships: JSON.stringify(townships),
      villages: JSON.stringify(villages),
      village_rewards: villageRewards,
      computed_by: actor.userId,
      computed_at: clockDate(),
    };
    await tx
      .insertInto('assessment')
      .values(values)
      .onConflict((oc) => oc.columns(['county_code', 'year']).doUpdateSet({ cut_off: cutOff, rule: values.rule, townships: values.townships, villages: values.villages, village_rewards: villageRewards, computed_by: actor.userId, computed_at: values.computed_at }))
      .execute();
    await appendAudit(tx, actor, {
      action: 'assessment.compute',
      entity: 'assessment',
      entityId: String(year),
      regionCode: `${countyCode}000000`,
      before: before ? { villageRewards: before.villageRewards, townships: before.townships.map((t) => ({ code: t.code, total: t.total, prize: t.prize })) } : null,
      after: {
        cutOff,
        rule: { from: rule.from, level: rule.level },
        villageRewards,
        townships: townships.map((t) => ({ code: t.code, total: t.total, prize: t.prize })),
        villagesRewarded: villages.filter((v) => v.reward > 0).length,
      },
    });
  });
  return (await getAssessment(db, countyCode, year))!;
}

/**
 * Approves the draft of `year` (the county director): frozen from then on. 404 ASSESSMENT_NOT_FOUND when not
 * computed, 409 ASSESSMENT_APPROVED when already approved. Audited `assessment.approve`.
 */
export async function approveAssessment(db: Kysely<DB>, actor: AuditActor & { userId: number }, countyCode: string, year: number): Promise<Assessment> {
  await db.transaction().execute(async (tx) => {
    const row = await readRow(tx, countyCode, year, true);
    if (!row) throw new AppError('ASSESSMENT_NOT_FOUND', 404, { params: { year } });
    if (row.status === 'approved') throw approvedError(year, await toAssessment(tx, row));
    await tx.updateTable('assessment').set({ status: 'approved', approved_by: actor.userId, approved_at: clockDate() }).where('county_code', '=', countyCode).where('year', '=', year).execute();
    await appendAudit(tx, actor, {
      action: 'assessment.approve',
      entity: 'assessment',
      entityId: String(year),
      regionCode: `${countyCode}000000`,
      after: { cutOff: row.cut_off, villageRewards: row.village_rewards, computedAt: row.computed_at },
    });
  });
  return (await getAssessment(db, countyCode, year))!;
}
