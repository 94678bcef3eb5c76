/**
 * Family binding in the payroll (捆绑缴费), 国发〔2009〕32号 §七 and the 2011 township plan (seeds, 第三篇): while
 * the dated `familyBinding` parameter is on, a parent who was already at the pension age when the scheme
 * started (category noContribution) is not paid the basic pension for the months in which a child who paid
 * last year has not paid this year by the deadline; a later payment resumes it from the month after and
 * never pays back the stopped months. The policy engine's familyBindingOutcome decides each month; this file
 * finds the bound children in the parent's household (子/女 of a head or spouse; the head and the head's
 * siblings of a 父亲/母亲), aged 16 to 59 on 1 January of the year, and their premiums.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { familyBindingOutcome, lastDayOf, monthDayIn, parameterAsOf, type LocalizedText, type ParameterSet } from '../../rules/index.js';

/** Children of a member by the member's relation to the household head. */
const CHILD_RELATIONS: Readonly<Record<string, readonly string[]>> = {
  户主: ['子', '女'],
  配偶: ['子', '女'],
  父亲: ['户主', '兄弟姐妹'],
  母亲: ['户主', '兄弟姐妹'],
};

export interface BindingHold {
  readonly month: string;
  readonly reason: LocalizedText;
}

/** Whether the rule is on for any of these years (decided on each year's deadline, as the engine does). */
export function bindingInForce(params: ParameterSet, years: Iterable<number>): boolean {
  for (const year of years) {
    const deadline = monthDayIn(year, parameterAsOf(params, 'familyBinding', `${year}-01-01`).value.paymentDeadline);
    if (parameterAsOf(params, 'familyBinding', deadline).value.enabled) return true;
  }
  return false;
}

/**
 * The months whose basic pension is withheld, per pension id, for the parents among `pensions` (only the
 * `noContribution` category is bound) and the months each line would pay. Reasons name the child.
 */
export async function familyBindingHolds(
  tx: Kysely<DB>,
  countyCode: string,
  pensions: readonly { id: number; resident_id: number; category: string; months: readonly string[] }[],
  params: ParameterSet,
): Promise<Map<number, BindingHold[]>> {
  const holds = new Map<number, BindingHold[]>();
  const parents = pensions.filter((p) => p.category === 'noContribution' && p.months.length > 0);
  const years = new Set(parents.flatMap((p) => p.months.map((m) => Number(m.slice(0, 4)))));
  if (parents.length === 0 || !bindingInForce(params, years)) return holds;
  const children = await sql<{ parent_id: number; child_id: number; name: string; birth_date: string }>`
    select p.id as parent_id, c.id as child_id, c.name, c.birth_date::text as birth_date
    from resident p
    join resident c on c.county_code = p.county_code and c.household_id = p.household_id and c.id <> p.id
    where p.county_code = ${countyCode} and p.id in (${sql.join(parents.map((p) => p.resident_id))})
      and (${sql.join(
        Object.entries(CHILD_RELATIONS).map(([parent, kids]) => sql`(p.relation = ${parent} and c.relation in (${sql.join([...kids])}))`),
        sql` or `,
      )})`.execute(tx);
  if (children.rows.length === 0) return holds;
  const paid = await sql<{ resident_id: number; year: number; paid_on: string }>`
    select resident_id, year, min(paid_on)::text as paid_on from contribution
    where county_code = ${countyCode} and status = 'posted' and resident_id in (${sql.join([...new Set(children.rows.map((c) => c.child_id))])})
      and year in (${sql.join([...new Set([...years].flatMap((y) => [y - 1, y]))])})
    group by resident_id, year`.execute(tx);
  const paidOn = new Map(paid.rows.map((r) => [`${r.resident_id}|${r.year}`, String(r.paid_on).slice(0, 10)]));
  const kidsOf = new Map<number, typeof children.rows>();
  for (const c of children.rows) kidsOf.set(c.parent_id, [...(kidsOf.get(c.parent_id) ?? []), c]);
  for (const p of parents) {
    const kids = kidsOf.get(p.resident_id) ?? [];
    if (kids.length === 0) continue;
    const list: BindingHold[] = [];
    for (const month of p.months) {
      const year = Number(month.slice(0, 4));
      const bound = kids.filter((k) => {
        const age = year - Number(k.birth_date.slice(0, 4)) - 1;
        return age >= 16 && age < 60;
      });
      if (bound.length === 0) continue;
      const outcome = familyBindingOutcome(
        {
          year,
          asOf: lastDayOf(month),
          monthlyBasicPension: 0,
          children: bound.map((k) => {
            const thisYear = paidOn.get(`${k.child_id}|${year}`);
            return { id: k.name, paidLastYear: paidOn.has(`${k.child_id}|${year - 1}`), ...(thisYear ? { paidThisYearOn: thisYear } : {}) };
          }),
        },
        params,
      );
      if (outcome.stoppedMonths.includes(month)) {
        const names = outcome.childrenInDefault.join('、');
        list.push({
          month,
          reason: {
            'zh-CN': `子女捆绑缴费：${names} 上年已缴费，本年未在 ${outcome.deadline} 前缴费`,
            en: `family binding: ${names} paid last year but not by ${outcome.deadline} this year`,
          },
        });
      }
    }
    if (list.length > 0) holds.set(p.id, list);
  }
  return holds;
}
