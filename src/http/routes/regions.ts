import { createRoute, z } from '@hono/zod-openapi';
import { importRegions } from '../../modules/regions/import.js';
import { getRegion, regionCounts, regionPath, regionTree } from '../../modules/regions/service.js';
import { chinaToday } from '../clock.js';
import { enrolmentCounts } from '../../modules/enrolment/service.js';
import { countyCodeOf, regionScopePrefix } from '../../rules/region-code.js';
import { pensionCounts } from '../../modules/pensions/service.js';
import { staleParameterTables } from '../../rules/index.js';
import { uploadedFile } from '../files.js';
import { assertInScope, secured } from '../access.js';
import { auditActor, currentUser } from '../context.js';
import { errorResponses, newRouter } from '../router.js';
import { monthlyTrends } from '../../modules/regions/trends.js';
import { indicatorTable } from '../../modules/indicators/service.js';
import { cycleBoard } from '../../modules/cycle/service.js';
import { roleHas } from '../../modules/staff/roles.js';
import { Fen } from './schemas.js';
import { RegionCodeParam, RegionNodeSchema, RegionSchema } from './schemas.js';

const CountsSchema = z
  .object({
    townships: z.number().int(),
    villages: z.number().int(),
    households: z.number().int(),
    residents: z.number().int(),
    residentsAged60Plus: z.number().int(),
    staff: z.number().int(),
    byChild: z.array(z.object({ code: z.string(), name: z.string(), residents: z.number().int() })),
  })
  .openapi('RegionCounts');

const EnrolmentCountsSchema = z
  .object({ enrolled: z.number().int(), paying: z.number().int(), notPaying: z.number().int(), awaitingTownship: z.number().int(), awaitingCounty: z.number().int() })
  .openapi('EnrolmentCounts');
const PensionCountsSchema = z
  .object({
    recipients: z.number().int(),
    suspended: z.number().int(),
    monthlyTotal: z.number().int(),
    enrolledAtPensionAge: z.number().int(),
    certificationOverdue: z.number().int(),
    latestPayroll: z.object({ month: z.string(), status: z.string() }).nullable(),
  })
  .openapi('PensionCounts');
const ParameterReviewSchema = z
  .object({ name: z.string(), title: z.string(), reviewedOn: z.string().nullable(), message: z.string() })
  .openapi('ParameterReviewWarning');
const RegionDetailSchema = z
  .object({
    region: RegionSchema,
    path: z.array(RegionSchema),
    counts: CountsSchema,
    enrolment: EnrolmentCountsSchema,
    pensions: PensionCountsSchema.optional(),
    /** System administrator and county director: national tables not reviewed for 12 months. */
    parameterReview: z.array(ParameterReviewSchema).optional(),
  })
  .openapi('RegionDetail');

/** The roles that keep the parameter files and answer for them see the review warnings on their dashboard. */
const PARAMETER_REVIEW_ROLES: readonly string[] = ['system_admin', 'county_director'];

/** 12 MB is far above any county's region list; bigger uploads are refused before they are read. */


export function regionRoutes() {
  return newRouter()
    .openapi(
      secured(
        { permission: 'dashboard:view' },
        createRoute({
          method: 'get',
          path: '/dashboard',
          tags: ['regions'],
          summary: "The user's own region with its counts",
          responses: { 200: { description: 'Dashboard', content: { 'application/json': { schema: RegionDetailSchema } } }, ...errorResponses },
        }),
      ),
      async (c) => {
        const { db } = c.var.deps.database;
        const code = currentUser(c).regionCode;
        const countyCode = countyCodeOf(code);
        const [region, path, counts, enrolment, pensions] = await Promise.all([
          getRegion(db, code),
          regionPath(db, code),
          regionCounts(db, code, chinaToday()),
          enrolmentCounts(db, regionScopePrefix(code)),
          pensionCounts(db, countyCode, regionScopePrefix(code), chinaToday(), c.var.deps.parameters.forCounty(countyCode).parameters),
        ]);
        const lang = c.var.lang;
        const parameterReview = PARAMETER_REVIEW_ROLES.includes(currentUser(c).role)
          ? staleParameterTables(c.var.deps.parameters.forCounty(countyCode).parameters, chinaToday()).map((s) => ({
              name: s.name,
              title: s.title[lang],
              reviewedOn: s.reviewedOn ?? null,
              message: s.message[lang],
            }))
          : undefined;
        return c.json({ region, path, counts, enrolment, pensions, ...(parameterReview ? { parameterReview } : {}) }, 200);
      },
    )
    .openapi(
      secured(
        { permission: 'dashboard:view' },
        createRoute({
          method: 'get',
          path: '/dashboard/trends',
          tags: ['regions'],
          summary:
            "The user's region month by month up to this month (China time): enrolled and pensioners at each month's end, premiums collected and pensions paid in the month (fen); " +
            'for those who see the monthly cycle, how many villages and townships are late or have not submitted this month; ' +
            'and, for county staff who see the indicators, the townships ranked by participation today',
          request: { query: z.object({ months: z.coerce.number().int().min(2).max(60).default(12) }) },
          responses: {
            200: {
              description: 'Trends',
              content: {
                'application/json': {
                  schema: z.object({
                    months: z.array(
                      z.object({ month: z.string(), enrolled: z.number().int(), pensioners: z.number().int(), collected: Fen, payers: z.number().int(), paid: Fen }),
                    ),
                    ranking: z
                      .array(
                        z.object({
                          code: z.string(),
                          name: z.string(),
                          participation: z.number().int().nullable().openapi({ description: 'per mille: enrolled ÷ should-enrol (hukou statistics, else the registry)' }),
                          targetEnrolled: z.number().int().nullable().openapi({ description: 'per mille of the year’s enrolment target' }),
                        }),
                      )
                      .optional(),
                    cycle: z
                      .object({
                        month: z.string(),
                        villages: z.object({ onTime: z.number().int(), late: z.number().int(), missing: z.number().int(), pending: z.number().int() }),
                        townships: z.object({ onTime: z.number().int(), late: z.number().int(), missing: z.number().int(), pending: z.number().int() }),
                      })
                      .optional(),
                  }),
                },
              },
            },
            ...errorResponses,
          },
        }),
      ),
      async (c) => {
        const { db } = c.var.deps.database;
        const user = currentUser(c);
        const countyCode = countyCodeOf(user.regionCode);
        const month = chinaToday().slice(0, 7);
        const atCounty = user.regionCode === `${countyCode}000000`;
        const [months, board, table] = await Promise.all([
          monthlyTrends(db, countyCode, regionScopePrefix(user.regionCode), month, c.req.valid('query').months),
          roleHas(user.role, 'cycle:view') ? cycleBoard(db, c.var.deps.parameters.forCounty(countyCode).parameters, countyCode, user.regionCode, month) : undefined,
          atCounty && roleHas(user.role, 'indicators:view') ? indicatorTable(db, countyCode, user.regionCode, chinaToday()) : undefined,
        ]);
        // Townships ranked by participation (the hukou statistics' should-enrol where imported, else the registry's), best first.
        const ranking = table?.rows
          .map((r) => ({ code: r.code, name: r.name, participation: r.rates.participationHukou ?? r.rates.participationRegistry, targetEnrolled: r.rates.targetEnrolled }))
          .sort((a, b) => (b.participation ?? -1) - (a.participation ?? -1) || a.code.localeCompare(b.code));
        return c.json({ months, ...(ranking ? { ranking } : {}), ...(board ? { cycle: { month, villages: board.tally.villages, townships: board.tally.townships } } : {}) }, 200);
      },
    )
    .openapi(
      secured(
        { permission: 'regions:view' },
        createRoute({
          method: 'get',
          path: '/regions/tree',
          tags: ['regions'],
          summary: "The user's region and everything below it",
          responses: { 200: { description: 'Tree', content: { 'application/json': { schema: z.object({ root: RegionNodeSchema }) } } }, ...errorResponses },
        }),
      ),
      async (c) => c.json({ root: await regionTree(c.var.deps.database.db, currentUser(c).regionCode) }, 200),
    )
    .openapi(
      secured(
        { permission: 'regions:view' },
        createRoute({
          method: 'get',
          path: '/regions/{code}',
          tags: ['regions'],
          summary: 'One region with its path and counts (inside the user\'s region only)',
          request: { params: z.object({ code: RegionCodeParam }) },
          responses: { 200: { description: 'Region', content: { 'application/json': { schema: RegionDetailSchema } } }, ...errorResponses },
        }),
      ),
      async (c) => {
        const { code } = c.req.valid('param');
        await assertInScope(c, code);
        const { db } = c.var.deps.database;
        const [region, path, counts, enrolment] = await Promise.all([
          getRegion(db, code),
          regionPath(db, code),
          regionCounts(db, code, chinaToday()),
          enrolmentCounts(db, regionScopePrefix(code)),
        ]);
        return c.json({ region, path, counts, enrolment }, 200);
      },
    )
    .openapi(
      secured(
        { permission: 'regions:import' },
        createRoute({
          method: 'post',
          path: '/regions/import',
          tags: ['regions'],
          summary: 'Import regions from a .csv or .xlsx file (columns 区划代码/code, 名称/name); all rows or none',
          request: {
            body: {
              content: {
                'multipart/form-data': { schema: z.object({ file: z.any().openapi({ type: 'string', format: 'binary' }) }) },
              },
            },
          },
          responses: {
            200: {
              description: 'Imported',
              content: { 'application/json': { schema: z.object({ inserted: z.number().int(), updated: z.number().int(), unchanged: z.number().int() }) } },
            },
            ...errorResponses,
          },
        }),
      ),
      async (c) => {
        const file = await uploadedFile(c);
        const result = await importRegions(c.var.deps.database.db, auditActor(c), file.name, file.data);
        return c.json(result, 200);
      },
    );
}
