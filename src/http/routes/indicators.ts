import { createRoute, z } from '@hono/zod-openapi';
import { importTemplate, indicatorWorkbook, weeklyPdf, weeklyWorkbook } from '../../modules/indicators/files.js';
import { DRILL_FIGURES, drillDown, indicatorTable, type IndicatorTable } from '../../modules/indicators/service.js';
import { snapshotDays, weeklyReport, yearProgress, type WeeklyReport } from '../../modules/indicators/snapshots.js';
import { hukouYears, importHukouStatistics, listTargets, readTargetsFile, setTargets, type TargetInput } from '../../modules/indicators/targets.js';
import { getRegion } from '../../modules/regions/service.js';
import { AppError } from '../../errors/app-error.js';
import { fromRuleError } from '../../errors/rule-errors.js';
import { countyCodeOf, isIsoDate, parseYuan, regionLevelOf, regionScopePrefix } from '../../rules/index.js';
import { assertInScope, secured } from '../access.js';
import { chinaToday } from '../clock.js';
import { auditActor, currentUser, type AppContext } from '../context.js';
import { sendPdf, sendWorkbook, uploadedFile } from '../files.js';
import { errorResponses, newRouter, pdfResponses, xlsxResponses } from '../router.js';
import { RegionCodeParam } from './schemas.js';

const Day = z.string().openapi({ example: '2026-11-27', description: 'a China day, YYYY-MM-DD' });
const Year = z.coerce.number().int().min(2000).max(2100).openapi({ example: 2026 });
const PerMille = z.number().int().nullable().openapi({ description: 'tenths of a percent (813 = 81.3 %), rounded half up with integer arithmetic; null when the denominator is 0 or unknown' });
const Counts = z
  .object({
    shouldEnrolHukou: z.number().int().nullable(),
    shouldEnrolRegistry: z.number().int(),
    enrolled: z.number().int(),
    payers: z.number().int(),
    paidThisYear: z.number().int(),
    renewals: z.number().int(),
    renewalBase: z.number().int(),
    pensioners: z.number().int(),
    enrolled60Plus: z.number().int(),
    collected: z.number().int().openapi({ description: 'fen' }),
    targetEnrolled: z.number().int().nullable(),
    targetCollected: z.number().int().nullable().openapi({ description: 'fen' }),
  })
  .openapi('IndicatorCounts');
const Rates = z
  .object({ participationHukou: PerMille, participationRegistry: PerMille, renewal: PerMille, takeUp: PerMille, payment: PerMille, targetEnrolled: PerMille, targetCollected: PerMille })
  .openapi('IndicatorRates');
const RegionRow = z
  .object({ code: z.string(), name: z.string(), level: z.enum(['county', 'township', 'village']), counts: Counts, rates: Rates, hukouMissing: z.number().int(), villages: z.number().int() })
  .openapi('RegionIndicators');
const TableSchema = z
  .object({ asOf: z.string(), year: z.number().int(), region: z.object({ code: z.string(), name: z.string(), level: z.enum(['county', 'township', 'village']) }), rows: z.array(RegionRow), total: RegionRow })
  .openapi('IndicatorTable');
const WeeklyLineSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(['county', 'township', 'village']),
  now: Counts,
  rates: Rates,
  previous: Counts.nullable(),
  shortOfTarget: z.number().int().nullable(),
});
const WeeklySchema = z
  .object({ takenOn: z.string(), previousOn: z.string().nullable(), region: z.object({ code: z.string(), name: z.string() }), rows: z.array(WeeklyLineSchema), total: WeeklyLineSchema })
  .openapi('WeeklyReport');
const TargetRowSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    level: z.enum(['township', 'village']),
    parentCode: z.string().nullable(),
    enrolled: z.number().int().nullable(),
    collected: z.number().int().nullable().openapi({ description: 'fen' }),
    villagesEnrolled: z.number().int().nullable().openapi({ description: "a township's villages' targets added up" }),
  })
  .openapi('IndicatorTarget');
const RowErrors = { 400: { description: 'Row errors (IMPORT_INVALID with errors[])', content: errorResponses[400].content } };

const county = (c: AppContext) => countyCodeOf(currentUser(c).regionCode);
const actor = (c: AppContext) => ({ ...auditActor(c), userId: currentUser(c).id });

/** The asked region (checked within the caller's), else the caller's own. */
async function region(c: AppContext, regionCode: string | undefined): Promise<string> {
  const code = regionCode ?? currentUser(c).regionCode;
  await assertInScope(c, code);
  return code;
}

function day(asOf: string | undefined, field = 'asOf'): string {
  if (asOf === undefined) return chinaToday();
  if (!isIsoDate(asOf)) throw new AppError('DATE_FORMAT', 400, { field, params: { field, value: asOf } });
  return asOf;
}

/** A region for a weekly report: a county or a township (a village clerk's would be a village: its township is above it). */
function reportRegion(code: string): string {
  if (regionLevelOf(code) === 'village') throw new AppError('VALIDATION_FAILED', 400, { field: 'regionCode', params: { field: 'regionCode', detail: 'a county or township' } });
  return code;
}

const TargetBody = z.object({
  year: z.number().int().min(2000).max(2100),
  targets: z
    .array(
      z.object({
        regionCode: RegionCodeParam,
        enrolled: z.number().int().min(0),
        collected: z.string().max(30).nullable().optional().openapi({ description: 'yuan as typed ("120,000.00"), or null / absent for none' }),
      }),
    )
    .min(1)
    .max(2000),
});

export function indicatorRoutes() {
  return newRouter()
    .openapi(
      secured(
        { permission: 'indicators:view' },
        createRoute({
          method: 'get',
          path: '/indicators',
          tags: ['indicators'],
          summary: '管理指标 as of a day (default today): a row per township of a county or village of a township, with counts, rates (tenths of a percent) and the total',
          request: { query: z.object({ regionCode: RegionCodeParam.optional(), asOf: Day.optional() }) },
          responses: { 200: { description: 'The table', content: { 'application/json': { schema: TableSchema } } }, ...errorResponses },
        }),
      ),
      async (c) => {
        const q = c.req.valid('query');
        const table = await indicatorTable(c.var.deps.database.db, county(c), await region(c, q.regionCode), day(q.asOf));
        return c.json(table as unknown as z.infer<typeof TableSchema>, 200);
      },
    )
    .openapi(
      secured(
        { permission: 'indicators:view' },
        createRoute({
          method: 'get',
          path: '/indicators/export.xlsx',
          tags: ['indicators'],
          summary: 'The indicator table as Excel, with the definitions',
          request: { query: z.object({ regionCode: RegionCodeParam.optional(), asOf: Day.optional() }) },
          responses: xlsxResponses,
        }),
      ),
      async (c) => {
        const q = c.req.valid('query');
        const table: IndicatorTable = await indicatorTable(c.var.deps.database.db, county(c), await region(c, q.regionCode), day(q.asOf));
        const workbook = indicatorWorkbook(table, { preparedBy: currentUser(c).displayName, printedOn: chinaToday() });
        return sendWorkbook(c, workbook, `indicators-${table.region.code}-${table.asOf}.xlsx`, `管理指标-${table.region.name}-${table.asOf}.xlsx`);
      },
    )
    .openapi(
      secured(
        { permission: 'indicators:view' },
        createRoute({
          method: 'get',
          path: '/indicators/people',
          tags: ['indicators'],
          summary: 'The people behind one figure of a region as of a day (IDs masked), a page at a time; `total` equals the figure',
          request: {
            query: z.object({
              regionCode: RegionCodeParam.optional(),
              asOf: Day.optional(),
              figure: z.enum(DRILL_FIGURES),
              page: z.coerce.number().int().min(1).default(1),
              pageSize: z.coerce.number().int().min(1).max(200).default(20),
            }),
          },
          responses: {
            200: {
              description: 'The people',
              content: {
                'application/json': {
                  schema: z.object({
                    items: z.array(
                      z.object({
                        residentId: z.number().int(),
                        name: z.string(),
                        idNumberMasked: z.string(),
                        sex: z.enum(['M', 'F']),
                        birthDate: z.string(),
                        villageCode: z.string(),
                        villageName: z.string(),
                        enrolled: z.boolean(),
                        pensioner: z.boolean(),
                        paidThisYear: z.boolean(),
                        paidLastYear: z.boolean(),
                        amount: z.number().int().nullable(),
                      }),
                    ),
                    total: z.number().int(),
                    amount: z.number().int().nullable(),
                  }),
                },
              },
            },
            ...errorResponses,
          },
        }),
      ),
      async (c) => {
        const q = c.req.valid('query');
        const result = await drillDown(c.var.deps.database.db, county(c), await region(c, q.regionCode), day(q.asOf), q.figure, q.page, q.pageSize);
        return c.json(result, 200);
      },
    )
    .openapi(
      secured(
        { permission: 'indicators:view' },
        createRoute({
          method: 'get',
          path: '/indicators/hukou',
          tags: ['indicators'],
          summary: 'The years of hukou statistics held for the region (sums over its villages)',
          request: { query: z.object({ regionCode: RegionCodeParam.optional() }) },
          responses: {
            200: {
              description: 'Years',
              content: { 'application/json': { schema: z.object({ items: z.array(z.object({ year: z.number().int(), villages: z.number().int(), population: z.number().int(), shouldEnrol: z.number().int(), fileName: z.string(), importedAt: z.string() })) }) } },
            },
            ...errorResponses,
          },
        }),
      ),
      async (c) => {
        const code = await region(c, c.req.valid('query').regionCode);
        const items = await hukouYears(c.var.deps.database.db, county(c), regionScopePrefix(code));
        return c.json({ items: items.map((i) => ({ ...i, importedAt: new Date(i.importedAt).toISOString() })) }, 200);
      },
    )
    .openapi(
      secured(
        { permission: 'targets:manage' },
        createRoute({
          method: 'post',
          path: '/indicators/hukou/import',
          tags: ['indicators'],
          summary: "Imports a year's hukou statistics (村代码, 户籍人口, 应参保人数) from .xlsx/.csv; the same year again replaces it (audited)",
          request: { query: z.object({ year: Year }) },
          responses: {
            200: { description: 'Imported', content: { 'application/json': { schema: z.object({ year: z.number().int(), villages: z.number().int(), replaced: z.number().int(), population: z.number().int(), shouldEnrol: z.number().int() }) } } },
            ...RowErrors,
            ...errorResponses,
          },
        }),
      ),
      async (c) => {
        const file = await uploadedFile(c);
        const user = currentUser(c);
        const result = await importHukouStatistics(c.var.deps.database.db, actor(c), county(c), user.regionCode, c.req.valid('query').year, file.name, file.data);
        return c.json(result, 200);
      },
    )
    .openapi(
      secured(
        { permission: 'indicators:view' },
        createRoute({
          method: 'get',
          path: '/indicators/targets',
          tags: ['indicators'],
          summary: "The year's targets of the townships and villages of the region, with the progress as of today",
          request: { query: z.object({ regionCode: RegionCodeParam.optional(), year: Year.optional() }) },
          responses: { 200: { description: 'Targets', content: { 'application/json': { schema: z.object({ year: z.number().int(), items: z.array(TargetRowSchema) }) } } }, ...errorResponses },
        }),
      ),
      async (c) => {
        const q = c.req.valid('query');
        const code = await region(c, q.regionCode);
        const year = q.year ?? Number(chinaToday().slice(0, 4));
        return c.json({ year, items: await listTargets(c.var.deps.database.db, county(c), regionScopePrefix(code), year) }, 200);
      },
    )
    .openapi(
      secured(
        { permission: 'targets:manage' },
        createRoute({
          method: 'put',
          path: '/indicators/targets',
          tags: ['indicators'],
          summary: "Sets the year's targets of townships and villages (people enrolled; money collected in yuan, optional); audited",
          request: { body: { content: { 'application/json': { schema: TargetBody } }, required: true } },
          responses: { 200: { description: 'Set', content: { 'application/json': { schema: z.object({ year: z.number().int(), set: z.number().int() }) } } }, ...errorResponses },
        }),
      ),
      async (c) => {
        const body = c.req.valid('json');
        const targets: TargetInput[] = body.targets.map((t) => {
          let collected = null;
          if (t.collected != null && t.collected.trim() !== '') {
            try {
              collected = parseYuan(t.collected, 'collected');
            } catch (error) {
              throw fromRuleError(error);
            }
          }
          return { regionCode: t.regionCode, enrolled: t.enrolled, collected };
        });
        return c.json(await setTargets(c.var.deps.database.db, actor(c), county(c), currentUser(c).regionCode, body.year, targets, 'typed'), 200);
      },
    )
    .openapi(
      secured(
        { permission: 'targets:manage' },
        createRoute({
          method: 'post',
          path: '/indicators/targets/import',
          tags: ['indicators'],
          summary: "Imports the year's targets (区划代码, 参保任务（人）, 征缴任务（元）) from .xlsx/.csv; checked whole, applied whole (audited)",
          request: { query: z.object({ year: Year }) },
          responses: { 200: { description: 'Set', content: { 'application/json': { schema: z.object({ year: z.number().int(), set: z.number().int() }) } } }, ...RowErrors, ...errorResponses },
        }),
      ),
      async (c) => {
        const file = await uploadedFile(c);
        const user = currentUser(c);
        const targets = await readTargetsFile(c.var.deps.database.db, county(c), user.regionCode, file.name, file.data);
        return c.json(await setTargets(c.var.deps.database.db, actor(c), county(c), user.regionCode, c.req.valid('query').year, targets, file.name), 200);
      },
    )
    .openapi(
      secured(
        { permission: 'targets:manage' },
        createRoute({
          method: 'get',
          path: '/indicators/templates/{file}',
          tags: ['indicators'],
          summary: "The Excel file to fill in for an import (hukou statistics or targets): every village (or township and village) of the caller's region with the year's figures held so far",
          request: { params: z.object({ file: z.enum(['hukou.xlsx', 'targets.xlsx']) }), query: z.object({ year: Year }) },
          responses: xlsxResponses,
        }),
      ),
      async (c) => {
        const kind = c.req.valid('param').file === 'hukou.xlsx' ? 'hukou' : 'targets';
        const { year } = c.req.valid('query');
        const db = c.var.deps.database.db;
        const prefix = regionScopePrefix(currentUser(c).regionCode);
        let rows: { code: string; name: string; a: number | null; b: number | null }[];
        if (kind === 'hukou') {
          const found = await db
            .selectFrom('region as r')
            .leftJoin('hukou_statistic as h', (j) => j.onRef('h.village_code', '=', 'r.code').on('h.year', '=', year))
            .select(['r.code', 'r.name', 'h.population', 'h.should_enrol'])
            .where('r.county_code', '=', county(c))
            .where('r.level', '=', 'village')
            .where('r.code', 'like', `${prefix}%`)
            .orderBy('r.code')
            .execute();
          rows = found.map((r) => ({ code: r.code, name: r.name, a: r.population, b: r.should_enrol }));
        } else {
          rows = (await listTargets(db, county(c), prefix, year)).map((r) => ({ code: r.code, name: r.name, a: r.enrolled, b: r.collected }));
        }
        const name = kind === 'hukou' ? `户籍统计-${year}.xlsx` : `参保任务-${year}.xlsx`;
        return sendWorkbook(c, importTemplate(kind, year, rows), `${kind}-${year}.xlsx`, name);
      },
    )
    .openapi(
      secured(
        { permission: 'indicators:view' },
        createRoute({
          method: 'get',
          path: '/indicators/weekly',
          tags: ['indicators'],
          summary: 'The weekly report (周报) of a county or township from a Friday snapshot (default the latest), compared with the snapshot before it and the target',
          request: { query: z.object({ regionCode: RegionCodeParam.optional(), date: Day.optional() }) },
          responses: {
            200: { description: 'The report and the snapshot days kept', content: { 'application/json': { schema: WeeklySchema.extend({ days: z.array(z.string()) }) } } },
            ...errorResponses,
          },
        }),
      ),
      async (c) => {
        const q = c.req.valid('query');
        const code = reportRegion(await region(c, q.regionCode));
        const db = c.var.deps.database.db;
        const [report, days] = await Promise.all([weeklyReport(db, county(c), code, q.date === undefined ? undefined : day(q.date, 'date')), snapshotDays(db, county(c))]);
        return c.json({ ...(report as unknown as z.infer<typeof WeeklySchema>), days }, 200);
      },
    )
    .openapi(
      secured(
        { permission: 'indicators:view' },
        createRoute({
          method: 'get',
          path: '/indicators/weekly.pdf',
          tags: ['indicators'],
          summary: 'The weekly report as a landscape A4 PDF for the leading group',
          request: { query: z.object({ regionCode: RegionCodeParam.optional(), date: Day.optional() }) },
          responses: pdfResponses,
        }),
      ),
      async (c) => {
        const { report, meta } = await weeklyFor(c);
        const pdf = await weeklyPdf(c.var.deps.config.cjkFont, report, meta);
        return sendPdf(c, pdf, `weekly-${report.region.code}-${report.takenOn}.pdf`, `工作进度周报-${report.region.name}-${report.takenOn}.pdf`);
      },
    )
    .openapi(
      secured(
        { permission: 'indicators:view' },
        createRoute({
          method: 'get',
          path: '/indicators/weekly.xlsx',
          tags: ['indicators'],
          summary: 'The weekly report as Excel (the same columns as the PDF)',
          request: { query: z.object({ regionCode: RegionCodeParam.optional(), date: Day.optional() }) },
          responses: xlsxResponses,
        }),
      ),
      async (c) => {
        const { report, meta } = await weeklyFor(c);
        return sendWorkbook(c, weeklyWorkbook(report, meta), `weekly-${report.region.code}-${report.takenOn}.xlsx`, `工作进度周报-${report.region.name}-${report.takenOn}.xlsx`);
      },
    )
    .openapi(
      secured(
        { permission: 'indicators:view' },
        createRoute({
          method: 'get',
          path: '/indicators/progress',
          tags: ['indicators'],
          summary: "The year's Friday snapshots of a region, oldest first (the chart of the year's progress)",
          request: { query: z.object({ regionCode: RegionCodeParam.optional(), year: Year.optional() }) },
          responses: {
            200: {
              description: 'Points',
              content: {
                'application/json': {
                  schema: z.object({
                    year: z.number().int(),
                    points: z.array(z.object({ takenOn: z.string(), enrolled: z.number().int(), payers: z.number().int(), paidThisYear: z.number().int(), pensioners: z.number().int(), collected: z.number().int(), targetEnrolled: z.number().int().nullable() })),
                  }),
                },
              },
            },
            ...errorResponses,
          },
        }),
      ),
      async (c) => {
        const q = c.req.valid('query');
        const code = await region(c, q.regionCode);
        const year = q.year ?? Number(chinaToday().slice(0, 4));
        return c.json({ year, points: await yearProgress(c.var.deps.database.db, county(c), code, year) }, 200);
      },
    );
}

async function weeklyFor(c: AppContext): Promise<{ report: WeeklyReport; meta: { countyName: string; preparedBy: string; printedOn: string } }> {
  const regionCode = c.req.query('regionCode');
  const date = c.req.query('date');
  const code = reportRegion(await region(c, regionCode && regionCode !== '' ? regionCode : undefined));
  const db = c.var.deps.database.db;
  const [report, name] = await Promise.all([weeklyReport(db, county(c), code, date ? day(date, 'date') : undefined), getRegion(db, `${county(c)}000000`)]);
  return { report, meta: { countyName: name.name, preparedBy: currentUser(c).displayName, printedOn: chinaToday() } };
}
