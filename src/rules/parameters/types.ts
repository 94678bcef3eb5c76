/**
 * Policy parameters are dated data with their legal source (the OpenFisca idea, STYLE.md): each value
 * holds from an ISO date, optionally until a last day, and is looked up "as of" a date. Layers stack
 * county over province over the national defaults.
 */
import type { AccountSource } from '../account-sources.js';
import type { PerformanceAssessmentRule } from '../assessment.js';
import type { IsoDate, MonthDay } from '../dates.js';
import type { EnrolmentIdentity } from '../enrolment-identity.js';
import type { ParameterLevel, ParameterSource } from '../explanation.js';
import type { Fen } from '../money.js';
import type { Rate } from '../rate.js';

/** A subsidy that applies to every tier ≥ `minTier` (the band with the largest such `minTier` wins). */
export interface SubsidyBand {
  readonly minTier: Fen;
  readonly subsidy: Fen;
}

/**
 * When a contribution paid during the year starts earning interest:
 * - `fromMonthAfterPayment`: from the 1st of the month after payment;
 * - `fromNextJanuary`: not in the year of payment (from 1 January of the next year);
 * - `wholeYear`: for the whole year, as if paid on the first day of the interest period.
 */
export type InterestConvention = 'fromMonthAfterPayment' | 'fromNextJanuary' | 'wholeYear';

/** `actual/actual`: days ÷ days in the interest year; `actual/365`: days ÷ 365. */
export type DayCount = 'actual/actual' | 'actual/365';

/** 东部 / 中部 / 西部, as central finance classifies provinces. */
export type EconomicRegion = 'east' | 'central' | 'west';

export interface LongContributionExtra {
  /** Years of contribution beyond this number earn the extra (15 in most local rules). */
  readonly afterYears: number;
  /** Extra basic pension per month for each such year. */
  readonly perYear: Fen;
}

/**
 * For those with fewer than 15 years to the pension age when the scheme started (国发〔2009〕32号 §七):
 * - `everyYearSinceStart`: a premium for every year from the scheme start (missed years back-paid);
 * - `everyYearSinceEnrolment`: only for the years from their own enrolment.
 */
export type TransitionalObligation = 'everyYearSinceStart' | 'everyYearSinceEnrolment';

export interface InheritanceRule {
  /** Sources (with their interest) that go back to the pool on death instead of to the heirs. */
  readonly nonInheritableSources: readonly AccountSource[];
}

export interface DualBenefitRefundRule {
  readonly nonRefundableSources: readonly AccountSource[];
}

export interface FamilyBindingRule {
  readonly enabled: boolean;
  /** Children must have paid the year's premium by this day (2011 township plan: 31 March). */
  readonly paymentDeadline: MonthDay;
}

/** Share of the minimum tier the government pays (代缴) per enrolment identity; absent = nothing. */
export type HardshipShares = Readonly<Partial<Record<EnrolmentIdentity, Rate>>>;
export type CentralShares = Readonly<Record<EconomicRegion, Rate>>;

/** How the levels of local government below the centre share one kind of local money (shares add up to 100 %). */
export interface LocalLevelShares {
  readonly provincial: Rate;
  readonly prefecture: Rate;
  readonly county: Rate;
}

/**
 * Who pays each kind of local government money into the fund (基金筹集，分级负担): the contribution subsidy,
 * the payment for hardship groups, the local part of the basic pension (the floor beyond the central share and
 * the local top-up) and the long-contribution extra.
 */
export interface LocalFundingShares {
  readonly contributionSubsidy: LocalLevelShares;
  readonly hardshipPayment: LocalLevelShares;
  readonly basicPension: LocalLevelShares;
  readonly longContributionExtra: LocalLevelShares;
}

/** 收入户归集: the income account is swept to the fiscal special account every `intervalDays` days and, when `zeroAtMonthEnd`, emptied at each month end. */
export interface FundSweepRule {
  readonly intervalDays: number;
  readonly zeroAtMonthEnd: boolean;
}

/** 放假调休: one year's public holidays (ranges, each day off) and make-up working days (调休上班, a weekend day worked). */
export interface WorkingCalendar {
  readonly holidays: readonly { readonly from: IsoDate; readonly to: IsoDate; readonly name: string }[];
  readonly workdays: readonly IsoDate[];
}

/**
 * 月度经办时间表: the day of the month by which each level hands on its month (a day that is not a working day
 * moves to the next working day), and the agent bank's working days after the allocation to pay.
 */
export interface MonthlyCycleDeadlines {
  readonly villageDay: number;
  readonly townshipDay: number;
  readonly countyDay: number;
  readonly financeDay: number;
  readonly bankWorkingDays: number;
}

export interface ParameterValues {
  /** 缴费档次 (yearly premium tiers). */
  readonly contributionTiers: readonly Fen[];
  /** National floor for the local government contribution subsidy (not overridable). */
  readonly minimumContributionSubsidy: readonly SubsidyBand[];
  /** 缴费补贴: the local government contribution subsidy per tier (local). */
  readonly contributionSubsidy: readonly SubsidyBand[];
  /** Whether back-paid years (补缴) also earn the contribution subsidy (local). */
  readonly backPaySubsidy: boolean;
  /** 代缴 for hardship groups (local). */
  readonly hardshipPayment: HardshipShares;
  /** 中央确定的基础养老金最低标准, per month. */
  readonly centralBasicPension: Fen;
  /** Share of the central floor paid by central finance, by region. */
  readonly centralShare: CentralShares;
  /** Local increase of the basic pension, per month (local). */
  readonly localBasicPensionTopUp: Fen;
  /** 长缴多得: extra basic pension for long contribution (local). */
  readonly longContributionExtra: LongContributionExtra;
  readonly pensionAge: number;
  /** 年满16周岁 (full-time students excepted). */
  readonly minimumEnrolmentAge: number;
  readonly minimumContributionYears: number;
  /** Which years a person with fewer than 15 years to the pension age at the scheme start must pay (local). */
  readonly transitionalObligation: TransitionalObligation;
  /** 计发系数: account pension = balance ÷ divisor. */
  readonly accountPensionDivisor: number;
  /** Interest rate credited to individual accounts (PBOC one-year deposit rate by default). */
  readonly interestRate: Rate;
  readonly interestConvention: InterestConvention;
  /** 结息日. */
  readonly interestPostingDay: MonthDay;
  readonly interestDayCount: DayCount;
  readonly inheritance: InheritanceRule;
  /** Whether the months of a suspension for imprisonment (服刑) are paid back on release. */
  readonly imprisonmentBackPay: boolean;
  /** 重复领取: the sources not refunded when a pensioner also draws the employee / institution pension. */
  readonly dualBenefitRefund: DualBenefitRefundRule;
  /** 捆绑缴费: parents' basic pension tied to their children's contributions. */
  readonly familyBinding: FamilyBindingRule;
  /** Rolling period within which each pensioner must be re-certified (资格认证). */
  readonly certificationPeriodMonths: number;
  /** 丧葬补助 (local, optional). */
  readonly funeralGrant: Fen;
  /** Which level of local government pays each kind of local money (local; the province decides the split). */
  readonly localFundingShares: LocalFundingShares;
  /** When the income account is swept to the fiscal special account (local). */
  readonly fundSweep: FundSweepRule;
  /** 公示期: days a village publicity list stays posted (local). */
  readonly publicityDays: number;
  /** Whether a pension is awarded only to people on a village publicity whose period has ended (local). */
  readonly publicityBeforeAward: boolean;
  /** Where villagers raise an objection to a publicity, printed under the list (local). */
  readonly publicityContact: string;
  /** Public holidays and make-up working days of the year (State Council notice, yearly). */
  readonly workingCalendar: WorkingCalendar;
  /** The monthly timetable between village, township, county, finance bureau and bank (local). */
  readonly monthlyCycleDeadlines: MonthlyCycleDeadlines;
  /** 年度考核与奖励: the yearly assessment of townships and rewards to villages (local; none by default). */
  readonly performanceAssessment: PerformanceAssessmentRule | null;
}

export type ParameterName = keyof ParameterValues;

export interface DatedEntry<T> {
  readonly from: IsoDate;
  /** Last day the value holds (inclusive); open-ended when absent. */
  readonly to?: IsoDate;
  readonly value: T;
  /** The documents (and sections) the value comes from, or why it is a default: at least one. */
  readonly source: readonly ParameterSource[];
}

export type ParameterTables = { readonly [K in ParameterName]?: readonly DatedEntry<ParameterValues[K]>[] };

export interface ParameterLayer {
  readonly level: ParameterLevel;
  /** `CN` for the national layer, a 2-digit province or 6-digit county code. */
  readonly code: string;
  readonly name: string;
  /** The day the scheme started in this place, when known (寿光: pensions paid from December 2009). */
  readonly schemeStartDate?: IsoDate;
  readonly tables: ParameterTables;
  /**
   * National layers only: the day each table was last checked against the current documents. Tables that
   * change yearly (`YEARLY_PARAMETERS`) warn when this is more than 12 months ago.
   */
  readonly reviewedOn?: Readonly<Partial<Record<ParameterName, IsoDate>>>;
}
