import { createRoute, z } from '@hono/zod-openapi';
import { assessmentPdf, assessmentWorkbook } from '../../modules/assessment/files.js';
import { approveAssessment, assessmentRule, computeAssessment, getAssessment, type Assessment } from '../../modules/assessment/service.js';
import { getRegion } from '../../modules/regions/service.js';
import { AppError } from '../../errors/app-error.js';
import { countyCodeOf } from '../../rules/index.js';
import { secured } from '../access.js';
import { chinaToday } from '../clock.js';
import { auditActor, currentUser, type AppContext } from '../context.js';
import { sendPdf, sendWorkbook } from '../files.js';
import { errorResponses, newRouter, pdfResponses, xlsxResponses } from '../router.js';
import { Fen } from './schemas.js';

const Year = z.coerce.number().int().min(2000).max(2100).openapi({ example: 2026 });
const Text = z.object({ 'zh-CN': z.string(), en: z.string() });
const PerMille = z.number().int().nullable().openapi({ description: 'tenths of a percent' });
const Points = z.number().int().openapi({ description: 'hundredths of a point (388 = 3.88)' });
const TownshipSchema = z.object({
  code: z.string(),
  name: z.string(),
  participationRate: PerMille,
  completionRate: PerMille,
  taskFinished: z.boolean().nullable(),
  participationScore: Points,
  collectionOnTime: z.boolean().nullable(),
  dataAccurate: z.boolean(),
  punctualityScore: Points,
  total: Points,
  rank: z.number().int(),
  prize: z.enum(['first', 'second', 'third']).nullable(),
  working: z.array(Text),
});
const VillageSchema = z.object({
  code: z.string(),
  name: z.string(),
  townshipName: z.string(),
  collected: Fen,
  targetCollected: Fen.nullable(),
  completionRate: PerMille,
  met: z.boolean().nullable(),
  excessRank: z.number().int().nullable(),
  taskReward: Fen,
  excessReward: Fen,
  reward: Fen,
  pointsDeducted: Points,
  rank: z.number().int(),
  working: z.array(Text),
});
const RuleSchema = z.object({ from: z.string(), to: z.string().optional(), level: z.string(), label: Text, text: Text, source: Text, value: z.record(z.string(), z.unknown()) });
const AssessmentSchema = z
  .object({
    year: z.number().int(),
    status: z.enum(['draft', 'approved']),
    cutOff: z.string(),
    rule: RuleSchema,
    townships: z.array(TownshipSchema),
    villages: z.array(VillageSchema),
    villageRewards: Fen,
    computedBy: z.string(),
    computedAt: z.string(),
    approvedBy: z.string().nullable(),
    approvedAt: z.string().nullable(),
  })
  .openapi('Assessment');
const YearBody = { body: { required: true, content: { 'application/json': { schema: z.object({ year: z.number().int().min(2000).max(2100) }).strict() } } } };

const county = (c: AppContext) => countyCodeOf(currentUser(c).regionCode);
const actor = (c: AppContext) => ({ ...auditActor(c), userId: currentUser(c).id });
const parameters = (c: AppContext) => c.var.deps.parameters.forCounty(county(c)).parameters;

function assessmentJson(a: Assessment): z.infer<typeof AssessmentSchema> {
  const { countyCode: _county, ...rest } = a;
  return {
    ...rest,
    rule: { ...a.rule, value: a.rule.value as unknown as Record<string, unknown> },
    townships: [...a.townships],
    villages: [...a.villages],
    computedAt: a.computedAt.toISOString(),
    approvedAt: a.approvedAt ? a.approvedAt.toISOString() : null,
  } as z.infer<typeof AssessmentSchema>;
}

async function stored(c: AppContext, year: number): Promise<Assessment> {
  const a = await getAssessment(c.var.deps.database.db, county(c), year);
  if (!a) throw new AppError('ASSESSMENT_NOT_FOUND', 404, { params: { year } });
  return a;
}

async function fileMeta(c: AppContext) {
  const region = await getRegion(c.var.deps.database.db, `${county(c)}000000`);
  return { countyName: region.name, preparedBy: currentUser(c).displayName, printedOn: chinaToday() };
}

/** 年度考核: the yearly assessment of the caller's county (county posts only; see modules/assessment). */
export function assessmentRoutes() {
  return newRouter()
    .openapi(
      secured(
        { permission: 'assessment:view' },
        createRoute({
          method: 'get',
          path: '/assessment',
          tags: ['assessment'],
          summary: "The county's yearly assessment of a year (default this year): the rule in force with its source and cut-off, and the stored result (null until computed)",
          request: { query: z.object({ year: Year.optional() }) },
          responses: {
            200: {
              description: 'The rule and the assessment',
              content: {
                'application/json': {
                  schema: z.object({ year: z.number().int(), today: z.string(), cutOff: z.string().nullable(), rule: RuleSchema.nullable(), assessment: AssessmentSchema.nullable() }),
                },
              },
            },
            ...errorResponses,
          },
        }),
      ),
      async (c) => {
        const today = chinaToday();
        const year = c.req.valid('query').year ?? Number(today.slice(0, 4));
        let rule: z.infer<typeof RuleSchema> | null = null;
        let cutOff: string | null = null;
        try {
          const found = assessmentRule(parameters(c), year);
          rule = { ...found.rule, value: found.rule.value as unknown as Record<string, unknown> };
          cutOff = found.cutOff;
        } catch (error) {
          if (!(error instanceof AppError && error.code === 'ASSESSMENT_NO_RULE')) throw error;
        }
        const a = await getAssessment(c.var.deps.database.db, county(c), year);
        return c.json({ year, today, cutOff, rule, assessment: a ? assessmentJson(a) : null }, 200);
      },
    )
    .openapi(
      secured(
        { permission: 'assessment:compute' },
        createRoute({
          method: 'post',
          path: '/assessment/compute',
          tags: ['assessment'],
          summary: 'Computes (or recomputes) the draft assessment of a year from the figures at the cut-off; 409 ASSESSMENT_NO_RULE / ASSESSMENT_BEFORE_CUT_OFF / ASSESSMENT_APPROVED; audited',
          request: YearBody,
          responses: { 200: { description: 'The draft', content: { 'application/json': { schema: AssessmentSchema } } }, 409: { description: 'No rule, before the cut-off, or approved' }, ...errorResponses },
        }),
      ),
      async (c) => {
        const a = await computeAssessment(c.var.deps.database.db, actor(c), parameters(c), county(c), c.req.valid('json').year, chinaToday());
        return c.json(assessmentJson(a), 200);
      },
    )
    .openapi(
      secured(
        { permission: 'assessment:approve' },
        createRoute({
          method: 'post',
          path: '/assessment/approve',
          tags: ['assessment'],
          summary: 'Approves the draft of a year (the county director): frozen from then on; 404 ASSESSMENT_NOT_FOUND, 409 ASSESSMENT_APPROVED; audited',
          request: YearBody,
          responses: { 200: { description: 'Approved', content: { 'application/json': { schema: AssessmentSchema } } }, 409: { description: 'Already approved' }, ...errorResponses },
        }),
      ),
      async (c) => {
        const a = await approveAssessment(c.var.deps.database.db, actor(c), county(c), c.req.valid('json').year);
        return c.json(assessmentJson(a), 200);
      },
    )
    .openapi(
      secured(
        { permission: 'assessment:view' },
        createRoute({
          method: 'get',
          path: '/assessment/report.pdf',
          tags: ['assessment'],
          summary: 'The ranked assessment (townships, villages with rewards) with each score’s working as an A4 PDF',
          request: { query: z.object({ year: Year }) },
          responses: pdfResponses,
        }),
      ),
      async (c) => {
        const a = await stored(c, c.req.valid('query').year);
        const pdf = await assessmentPdf(c.var.deps.config.cjkFont, a, await fileMeta(c));
        return sendPdf(c, pdf, `assessment-${a.year}.pdf`, `年度考核-${a.year}.pdf`);
      },
    )
    .openapi(
      secured(
        { permission: 'assessment:view' },
        createRoute({
          method: 'get',
          path: '/assessment/report.xlsx',
          tags: ['assessment'],
          summary: 'The ranked assessment as Excel (a sheet of townships, a sheet of villages, each row with its working)',
          request: { query: z.object({ year: Year }) },
          responses: xlsxResponses,
        }),
      ),
      async (c) => {
        const a = await stored(c, c.req.valid('query').year);
        return sendWorkbook(c, assessmentWorkbook(a, await fileMeta(c)), `assessment-${a.year}.xlsx`, `年度考核-${a.year}.xlsx`);
      },
    );
}
