/**
 * The policy engine: pure functions of dated parameters and a person's facts. No I/O, no clock, no
 * database; nothing here imports from the rest of src/.
 */
export * from './errors.js';
export * from './dates.js';
export * from './money.js';
export * from './rate.js';
export * from './allocation.js';
export * from './explanation.js';
export * from './id-number.js';
export * from './region-code.js';
export * from './bank-card.js';
export * from './account-sources.js';
export * from './enrolment-identity.js';
export * from './parameters/types.js';
export * from './parameters/provinces.js';
export * from './parameters/definitions.js';
export * from './parameters/national-defaults.js';
export * from './parameters/parameter-set.js';
export * from './parameters/overrides.js';
export * from './parameters/review.js';
export { parseJsonWithLines, lineOfPath, JsonSyntaxError, type JsonNode, type JsonMember } from './parameters/json-with-lines.js';
export * from './contribution.js';
export * from './contribution-obligation.js';
export * from './pension-conditions.js';
export * from './interest.js';
export * from './account-drawdown.js';
export * from './benefit-award.js';
export * from './death.js';
export * from './dual-benefit.js';
export * from './certification.js';
export * from './family-binding.js';
export * from './enrolment.js';
export * from './pension-payment.js';
export * from './fund-funding.js';
export * from './working-days.js';
export * from './indicators.js';
export * from './assessment.js';
