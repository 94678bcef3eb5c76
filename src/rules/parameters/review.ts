/**
 * Which national tables are due for review: the ones that change yearly must be checked against the
 * current documents at least every 12 months. Pure: "today" is an argument.
 */
import { addMonthsToDate, parseIsoDate, type IsoDate } from '../dates.js';
import type { LocalizedText } from '../explanation.js';
import { PARAMETER_DEFINITIONS } from './definitions.js';
import type { ParameterSet } from './parameter-set.js';
import type { ParameterName } from './types.js';

/** National tables that change (or may change) every year: central floor, account interest rate, tiers, subsidy floor. */
export const YEARLY_PARAMETERS = ['centralBasicPension', 'interestRate', 'contributionTiers', 'minimumContributionSubsidy'] as const satisfies readonly ParameterName[];

export const REVIEW_PERIOD_MONTHS = 12;

export interface StaleParameter {
  readonly name: ParameterName;
  readonly title: LocalizedText;
  /** The last review date over the national layers; absent when none records one. */
  readonly reviewedOn?: IsoDate;
  readonly message: LocalizedText;
}

/** The latest review date any national layer of `set` records for `name`. */
export function lastReviewedOn(set: ParameterSet, name: ParameterName): IsoDate | undefined {
  let latest: IsoDate | undefined;
  for (const layer of set.layers) {
    const date = layer.level === 'national' ? layer.reviewedOn?.[name] : undefined;
    if (date !== undefined && (latest === undefined || date > latest)) latest = date;
  }
  return latest;
}

/** The yearly tables last reviewed more than 12 months before `today` (or never), in `YEARLY_PARAMETERS` order. */
export function staleParameterTables(set: ParameterSet, today: IsoDate): StaleParameter[] {
  parseIsoDate(today, 'today');
  const stale: StaleParameter[] = [];
  for (const name of YEARLY_PARAMETERS) {
    const reviewedOn = lastReviewedOn(set, name);
    if (reviewedOn !== undefined && addMonthsToDate(reviewedOn, REVIEW_PERIOD_MONTHS) >= today) continue;
    const title = PARAMETER_DEFINITIONS[name].title;
    const zhTitle = title['zh-CN'].replace(/（.*）$/, '');
    const enTitle = title.en.replace(/ \(.*\)$/, '');
    stale.push({
      name,
      title,
      ...(reviewedOn === undefined ? {} : { reviewedOn }),
      message:
        reviewedOn === undefined
          ? {
              'zh-CN': `全国参数表「${zhTitle}」(${name}) 没有核对日期，请对照最新文件核对，并在参数文件中记录核对日期`,
              en: `The national table "${enTitle}" (${name}) has no review date: check it against the current documents and record the date`,
            }
          : {
              'zh-CN': `全国参数表「${zhTitle}」(${name}) 上次核对于 ${reviewedOn}，已超过 ${REVIEW_PERIOD_MONTHS} 个月，请对照最新文件核对`,
              en: `The national table "${enTitle}" (${name}) was last reviewed on ${reviewedOn}, more than ${REVIEW_PERIOD_MONTHS} months ago: check it against the current documents`,
            },
    });
  }
  return stale;
}
