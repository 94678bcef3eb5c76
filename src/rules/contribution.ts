/**
 * One year's contribution (缴费) and what it credits to the individual account, split by source:
 * the premium at the chosen tier (paid by the resident, or partly/fully by the government for hardship
 * groups — 代缴), the local government contribution subsidy, the collective subsidy and sponsorship.
 * 国发〔2009〕32号 §四–§五; 国发〔2014〕8号 §四; DOMAIN.md §3.
 */
import { sourceAmounts, type SourceAmounts } from './account-sources.js';
import { parseIsoDate, type IsoDate } from './dates.js';
import { ENROLMENT_IDENTITY_LABELS, type EnrolmentIdentity } from './enrolment-identity.js';
import { RuleError } from './errors.js';
import { explain, type Explanation, type ExplanationStep } from './explanation.js';
import { assertNonNegativeFen, formatYuan, sumFen, type Fen } from './money.js';
import { applyRate, formatRate } from './rate.js';
import { parameterAsOf, type ParameterSet } from './parameters/parameter-set.js';
import type { SubsidyBand } from './parameters/types.js';

/** `yearly`: the current year's premium; `backPay`: a missed or pre-scheme year paid later (补缴). */
export type ContributionKind = 'yearly' | 'backPay';

export interface YearlyContributionInput {
  /** The contribution year (缴费年度) the payment counts for. */
  readonly year: number;
  /** Payment date: tiers and subsidies are those in force on this day. */
  readonly paidOn: IsoDate;
  /** The chosen tier (缴费档次) in fen. */
  readonly tier: Fen;
  readonly identity?: EnrolmentIdentity;
  readonly kind?: ContributionKind;
  /** Set by the village meeting (集体补助). */
  readonly collectiveSubsidy?: Fen;
  /** From other organisations or people (社会资助). */
  readonly sponsorship?: Fen;
}

export interface YearlyContribution {
  readonly year: number;
  readonly kind: ContributionKind;
  readonly tier: Fen;
  /** What the resident pays: the tier less any government payment (代缴). */
  readonly individual: Fen;
  readonly hardshipPayment: Fen;
  readonly governmentSubsidy: Fen;
  readonly collectiveSubsidy: Fen;
  readonly sponsorship: Fen;
  /** Everything credited to the account; equals the sum of `bySource`. */
  readonly totalCredited: Fen;
  readonly bySource: SourceAmounts;
  readonly explanation: Explanation;
}

/** The subsidy of the band with the largest `minTier` not above the tier; 0 below every band. */
export function subsidyForTier(bands: readonly SubsidyBand[], tier: Fen): Fen {
  let subsidy = 0;
  let best = -1;
  for (const band of bands) {
    if (band.minTier <= tier && band.minTier > best) {
      best = band.minTier;
      subsidy = band.subsidy;
    }
  }
  return subsidy;
}

const y = (fen: Fen): string => formatYuan(fen, 'zh-CN');

export function computeYearlyContribution(input: YearlyContributionInput, params: ParameterSet): YearlyContribution {
  const { year, paidOn, tier } = input;
  const identity = input.identity ?? 'ordinary';
  const kind = input.kind ?? 'yearly';
  parseIsoDate(paidOn, 'paidOn');
  if (!Number.isInteger(year) || year < 1900 || year > Number(paidOn.slice(0, 4)) + 1) {
    throw new RuleError('INPUT_INVALID', `contribution year ${year} is not a year up to ${paidOn.slice(0, 4)}`, { field: 'year', params: { year } });
  }
  assertNonNegativeFen(tier, 'tier');
  const collectiveSubsidy = input.collectiveSubsidy ?? 0;
  const sponsorship = input.sponsorship ?? 0;
  assertNonNegativeFen(collectiveSubsidy, 'collectiveSubsidy');
  assertNonNegativeFen(sponsorship, 'sponsorship');
  const steps: ExplanationStep[] = [];

  const tiers = parameterAsOf(params, 'contributionTiers', paidOn);
  if (!tiers.value.includes(tier)) {
    throw new RuleError('CONTRIBUTION_TIER_INVALID', `${y(tier)} yuan is not a contribution tier on ${paidOn} (tiers: ${tiers.value.map(y).join(', ')})`, {
      field: 'tier',
      params: { tier: y(tier), allowed: tiers.value.map(y).join(', '), date: paidOn },
    });
  }
  const kindZh = kind === 'yearly' ? '' : '补缴';
  const kindEn = kind === 'yearly' ? '' : ' (back-paid)';
  steps.push(
    explain('contribution.tier', `${year} 年度${kindZh}缴费档次 ${y(tier)} 元`, `${year} contribution${kindEn} at the ${y(tier)} yuan tier`, {
      amount: tier,
      parameters: [tiers.citation],
    }),
  );

  const minimumTier = tiers.value[0] ?? tier;
  let hardshipPayment = 0;
  const shares = parameterAsOf(params, 'hardshipPayment', paidOn);
  const share = shares.value[identity];
  if (share && kind === 'yearly') {
    hardshipPayment = Math.min(tier, applyRate(minimumTier, share, 'hardshipPayment'));
    const label = ENROLMENT_IDENTITY_LABELS[identity];
    steps.push(
      explain(
        'contribution.hardshipPayment',
        `${label['zh-CN']}：政府代缴最低档次 ${y(minimumTier)} 元的 ${formatRate(share)}，即 ${y(hardshipPayment)} 元`,
        `${label.en}: the government pays ${formatRate(share)} of the minimum tier ${y(minimumTier)}, i.e. ${y(hardshipPayment)} yuan`,
        { amount: hardshipPayment, parameters: [shares.citation] },
      ),
    );
  }
  const individual = tier - hardshipPayment;
  steps.push(explain('contribution.individual', `个人缴纳 ${y(individual)} 元`, `the resident pays ${y(individual)} yuan`, { amount: individual }));

  let governmentSubsidy = 0;
  if (kind === 'backPay') {
    const backPay = parameterAsOf(params, 'backPaySubsidy', paidOn);
    if (backPay.value) governmentSubsidy = subsidyForTier(parameterAsOf(params, 'contributionSubsidy', paidOn).value, tier);
    steps.push(
      explain(
        'contribution.governmentSubsidy',
        backPay.value ? `补缴年度享受缴费补贴 ${y(governmentSubsidy)} 元` : '补缴年度不享受政府缴费补贴',
        backPay.value ? `back-paid years earn the subsidy: ${y(governmentSubsidy)} yuan` : 'back-paid years earn no government subsidy',
        { amount: governmentSubsidy, parameters: [backPay.citation] },
      ),
    );
  } else {
    const local = parameterAsOf(params, 'contributionSubsidy', paidOn);
    const minimum = parameterAsOf(params, 'minimumContributionSubsidy', paidOn);
    governmentSubsidy = subsidyForTier(local.value, tier);
    const floor = subsidyForTier(minimum.value, tier);
    if (governmentSubsidy < floor) {
      throw new RuleError('SUBSIDY_BELOW_MINIMUM', `the subsidy for the ${y(tier)} tier (${y(governmentSubsidy)}) is below the national minimum ${y(floor)}`, {
        field: 'contributionSubsidy',
        params: { tier: y(tier), subsidy: y(governmentSubsidy), minimum: y(floor), date: paidOn },
      });
    }
    steps.push(
      explain(
        'contribution.governmentSubsidy',
        `政府缴费补贴 ${y(governmentSubsidy)} 元（国家最低 ${y(floor)} 元）`,
        `government contribution subsidy ${y(governmentSubsidy)} yuan (national minimum ${y(floor)})`,
        { amount: governmentSubsidy, parameters: [local.citation, minimum.citation] },
      ),
    );
  }
  if (collectiveSubsidy > 0) {
    steps.push(explain('contribution.collectiveSubsidy', `集体补助 ${y(collectiveSubsidy)} 元`, `collective subsidy ${y(collectiveSubsidy)} yuan`, { amount: collectiveSubsidy }));
  }
  if (sponsorship > 0) {
    steps.push(explain('contribution.sponsorship', `社会资助 ${y(sponsorship)} 元`, `sponsorship ${y(sponsorship)} yuan`, { amount: sponsorship }));
  }

  const bySource = sourceAmounts({ individual, hardshipPayment, governmentSubsidy, collectiveSubsidy, sponsorship });
  const totalCredited = sumFen([individual, hardshipPayment, governmentSubsidy, collectiveSubsidy, sponsorship], 'totalCredited');
  steps.push(
    explain('contribution.total', `记入个人账户合计 ${y(totalCredited)} 元`, `credited to the individual account: ${y(totalCredited)} yuan`, {
      amount: totalCredited,
    }),
  );
  return { year, kind, tier, individual, hardshipPayment, governmentSubsidy, collectiveSubsidy, sponsorship, totalCredited, bySource, explanation: steps };
}
