import { createRoute, z } from '@hono/zod-openapi';
import { cycleBoard, reopenMonth, submitMonth, type CycleBoard } from '../../modules/cycle/service.js';
import { fridayOnOrBefore, weeklySummaryWorkbook } from '../../modules/cycle/summary.js';
import { getRegion } from '../../modules/regions/service.js';
import { countyCodeOf, isIsoDate } from '../../rules/index.js';
import { AppError } from '../../errors/app-error.js';
import { assertInScope, secured } from '../access.js';
import { chinaToday } from '../clock.js';
import { auditActor, currentUser, type AppContext } from '../context.js';
import { sendWorkbook } from '../files.js';
import { errorResponses, newRouter, xlsxResponses } from '../router.js';
import { RegionCodeParam } from './schemas.js';

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).openapi({ example: '2026-06', description: 'the cycle month, YYYY-MM' });
const MonthParam = z.object({ month: Month });
const Fen = z.number().int().openapi({ description: 'fen' });
const Timeliness = z.enum(['onTime', 'late', 'missing', 'pending']).openapi({ description: '按时 / 逾期 / 逾期未报 / 未到期' });
const Counts = z.object({ applications: z.number().int(), changes: z.number().int(), deaths: z.number().int(), certifications: z.number().int() });
const DayOff = z.object({ kind: z.enum(['weekend', 'holiday']), name: z.string().optional() });
const Deadline = z.object({ nominal: z.string(), due: z.string(), movedFor: DayOff.optional() });

const UnitSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    level: z.enum(['village', 'township']),
    state: z.enum(['open', 'submitted', 'reopened']),
    timeliness: Timeliness,
    due: z.string(),
    firstSubmittedOn: z.string().nullable(),
    submittedOn: z.string().nullable(),
    submittedBy: z.string().nullable(),
    reopenedOn: z.string().nullable(),
    reopenedBy: z.string().nullable(),
    reopenReason: z.string().nullable(),
    counts: Counts.openapi({ description: 'what was handed on; for a unit not submitted, what it would hand on now' }),
    villagesSubmitted: z.number().int().optional(),
    villagesTotal: z.number().int().optional(),
  })
  .openapi('CycleUnit');
const TownshipSchema = UnitSchema.extend({ villages: z.array(UnitSchema) }).openapi('CycleTownship');
const Step = z.object({ timeliness: Timeliness, due: z.string().nullable(), doneOn: z.string().nullable() });
const Tally = z.object({ onTime: z.number().int(), late: z.number().int(), missing: z.number().int(), pending: z.number().int() });

const BoardSchema = z
  .object({
    month: z.string(),
    today: z.string().openapi({ description: 'the day the board is as of (China date)' }),
    deadlines: z.object({ village: Deadline, township: Deadline, county: Deadline, finance: Deadline, bankWorkingDays: z.number().int() }),
    townships: z.array(TownshipSchema),
    tally: z.object({ villages: Tally, townships: Tally }),
    county: Step.extend({
      payroll: z
        .object({
          status: z.string(),
          generatedOn: z.string(),
          approvedOn: z.string().nullable(),
          settledOn: z.string().nullable(),
          lines: z.number().int(),
          amount: Fen,
          newPensioners: z.number().int(),
          failed: z.number().int(),
          failedAmount: Fen,
        })
        .nullable(),
    }),
    finance: Step.extend({ amount: Fen }),
    bank: Step.extend({ failed: z.number().int(), failedAmount: Fen }),
  })
  .openapi('CycleBoard');

const county = (c: AppContext) => countyCodeOf(currentUser(c).regionCode);
const actor = (c: AppContext) => ({ ...auditActor(c), userId: currentUser(c).id });
const params = (c: AppContext) => c.var.deps.parameters.forCounty(county(c)).parameters;
const asJson = (b: CycleBoard) => b as unknown as z.infer<typeof BoardSchema>;

/** The region a board is for: the asked one (checked to be within the caller's), else the caller's own. */
async function boardRegion(c: AppContext, regionCode: string | undefined): Promise<string> {
  const code = regionCode ?? currentUser(c).regionCode;
  await assertInScope(c, code);
  return code;
}

export function cycleRoutes() {
  return newRouter()
    .openapi(
      secured(
        { permission: 'cycle:view' },
        createRoute({
          method: 'get',
          path: '/cycle',
          tags: ['cycle'],
          summary: "The board of this month (today's month, China time): the page opens on it",
          request: { query: z.object({ regionCode: RegionCodeParam.optional() }) },
          responses: { 200: { description: 'The board', content: { 'application/json': { schema: BoardSchema } } }, ...errorResponses },
        }),
      ),
      async (c) => {
        const region = await boardRegion(c, c.req.valid('query').regionCode);
        return c.json(asJson(await cycleBoard(c.var.deps.database.db, params(c), county(c), region, chinaToday().slice(0, 7))), 200);
      },
    )
    .openapi(
      secured(
        { permission: 'cycle:view' },
        createRoute({
          method: 'get',
          path: '/cycle/{month}',
          tags: ['cycle'],
          summary: 'The board of a cycle month (月度经办): every township and village with its state and on time / late / missing, and the county, finance and bank steps read from the payroll and the ledger',
          request: { params: MonthParam, query: z.object({ regionCode: RegionCodeParam.optional() }) },
          responses: { 200: { description: 'The board', content: { 'application/json': { schema: BoardSchema } } }, ...errorResponses },
        }),
      ),
      async (c) => {
        const region = await boardRegion(c, c.req.valid('query').regionCode);
        return c.json(asJson(await cycleBoard(c.var.deps.database.db, params(c), county(c), region, c.req.valid('param').month)), 200);
      },
    )
    .openapi(
      secured(
        { permission: 'cycle:view' },
        createRoute({
          method: 'get',
          path: '/cycle/{month}/summary.xlsx',
          tags: ['cycle'],
          summary: 'The Friday summary (周报) of a cycle month as an Excel file: the board as it stood on a Friday (default: the latest Friday up to today), late units in red',
          request: { params: MonthParam, query: z.object({ regionCode: RegionCodeParam.optional(), asOf: z.string().optional().openapi({ description: 'a day (YYYY-MM-DD); the summary is as of the Friday on or before it' }) }) },
          responses: xlsxResponses,
        }),
      ),
      async (c) => {
        const q = c.req.valid('query');
        const { month } = c.req.valid('param');
        if (q.asOf !== undefined && !isIsoDate(q.asOf)) throw new AppError('DATE_FORMAT', 400, { field: 'asOf', params: { field: 'asOf', value: q.asOf } });
        const today = chinaToday();
        const friday = fridayOnOrBefore(q.asOf !== undefined && q.asOf < today ? q.asOf : today);
        const region = await boardRegion(c, q.regionCode);
        const [board, name] = await Promise.all([cycleBoard(c.var.deps.database.db, params(c), county(c), region, month, friday), getRegion(c.var.deps.database.db, `${county(c)}000000`)]);
        const workbook = weeklySummaryWorkbook(board, { countyName: name.name, preparedBy: currentUser(c).displayName, printedOn: today });
        return sendWorkbook(c, workbook, `cycle-${month}-week-${friday}.xlsx`, `月度经办周报-${month}-截至${friday}.xlsx`);
      },
    )
    .openapi(
      secured(
        { permission: 'cycle:submit' },
        createRoute({
          method: 'post',
          path: '/cycle/{month}/submit',
          tags: ['cycle'],
          summary: "报送: the caller's village (coordinator) or township (clerk) hands the month on to the level above with the counts taken from the data; the month is then closed (later items go to the next month)",
          request: { params: MonthParam },
          responses: {
            200: { description: 'The unit as submitted', content: { 'application/json': { schema: UnitSchema } } },
            409: { description: 'Already submitted, a later month submitted, or closed by the level above', content: errorResponses[400].content },
            ...errorResponses,
          },
        }),
      ),
      async (c) => {
        const user = currentUser(c);
        const unit = await submitMonth(c.var.deps.database.db, params(c), actor(c), county(c), user.regionCode, c.req.valid('param').month);
        return c.json(unit as z.infer<typeof UnitSchema>, 200);
      },
    )
    .openapi(
      secured(
        { permission: 'cycle:reopen' },
        createRoute({
          method: 'post',
          path: '/cycle/{month}/reopen',
          tags: ['cycle'],
          summary: '退回重报: the level directly above (a township its village, the county a township) reopens a submitted month with a reason',
          request: {
            params: MonthParam,
            body: { content: { 'application/json': { schema: z.object({ unitCode: RegionCodeParam, reason: z.string().max(400) }) } }, required: true },
          },
          responses: {
            200: { description: 'The unit, reopened', content: { 'application/json': { schema: UnitSchema } } },
            409: { description: 'Not submitted, or closed by the level above', content: errorResponses[400].content },
            ...errorResponses,
          },
        }),
      ),
      async (c) => {
        const body = c.req.valid('json');
        await assertInScope(c, body.unitCode);
        const unit = await reopenMonth(c.var.deps.database.db, params(c), actor(c), currentUser(c).regionCode, county(c), body.unitCode, c.req.valid('param').month, body.reason);
        return c.json(unit as z.infer<typeof UnitSchema>, 200);
      },
    );
}
