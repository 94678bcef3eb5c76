import { CurrentRates } from '../modules/pensions/service.js';
import { countyCodeOf } from '../rules/index.js';
import { chinaToday } from './clock.js';
import { currentUser, type AppContext } from './context.js';

/** This month's pension rates in the user's county (for what a pension pays now). */
export function currentRates(c: AppContext, countyCode = countyCodeOf(currentUser(c).regionCode)): CurrentRates {
  return new CurrentRates(c.var.deps.parameters.forCounty(countyCode).parameters, chinaToday().slice(0, 7));
}
