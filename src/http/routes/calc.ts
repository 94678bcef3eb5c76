import { createRoute, z } from '@hono/zod-openapi';
import { fromRuleError } from '../../errors/rule-errors.js';
import {
  calculate,
  CALC_INPUTS,
  CALC_KINDS,
  parametersInForce,
  type CalcKind,
} from '../../modules/calculator/calculate.js';
import { secured } from '../access.js';
import { chinaToday } from '../clock.js';
import type { AppContext } from '../context.js';
import { rateLimit } from '../middleware/rate-limit.js';
import { errorResponses, newRouter } from '../router.js';

const LocalizedText = z.object({ 'zh-CN': z.string(), en: z.string() });
const Citation = z.object({
  name: z.string().openapi({ description: "the parameter's programme name, for programs; show `label`" }),
  label: LocalizedText.openapi({ description: 'what the parameter is: 领取年龄' }),
  value: LocalizedText.openapi({ description: 'the value with its unit: 60 周岁, 123.00 元/月' }),
  source: LocalizedText.openapi({ description: "the documents behind the value, by number and their own title: 国发〔2014〕8号《…》第七条" }),
  from: z.string(),
  to: z.string().optional(),
  level: z.enum(['national', 'province', 'county']),
});
const ExplanationSchema = z
  .array(z.object({ key: z.string(), text: LocalizedText, amount: z.number().int().optional(), parameters: z.array(Citation).optional() }))
  .openapi('Explanation');
const CalcResultSchema = z
  .object({
    kind: z.enum(CALC_KINDS),
    scope: z.object({ code: z.string(), level: z.string(), name: z.string() }),
    input: z.record(z.string(), z.unknown()).openapi({ description: 'the inputs as computed: amounts in fen, defaults filled in' }),
    result: z.record(z.string(), z.unknown()).openapi({ description: 'amounts in fen (integer)' }),
    yuan: z.record(z.string(), z.string()).openapi({ description: 'the main amounts in yuan with two decimals', example: { monthlyPension: '65.00' } }),
    explanation: ExplanationSchema,
  })
  .openapi('CalcResult');

const ScopeSchema = z.object({
  code: z.string(),
  level: z.enum(['national', 'province', 'county']),
  name: z.string(),
  schemeStartDate: z.string().optional(),
  files: z.array(z.string()),
});

const SUMMARIES: Record<CalcKind, string> = {
  contribution: "One year's contribution: the tier, subsidies and government payment, what is credited to the account by source",
  obligation: 'What a resident must pay by their age at the scheme start: yearly payments left, back-payment allowed or required now',
  benefit: 'Pension award: start month, basic pension, account pension (balance ÷ 139) and monthly total',
  interest: "A year's interest on an account, by source, with rate changes inside the year",
  death: 'Settlement on death: months overpaid, amount to recover, inheritable balance and amount returned to the pool',
};

function run(c: AppContext, kind: CalcKind, body: unknown) {
  try {
    // The engine's types are deeply readonly; the JSON is the same shape.
    const result = calculate(kind, body, c.var.deps.parameters, chinaToday()) as unknown as z.infer<typeof CalcResultSchema>;
    return c.json(result, 200);
  } catch (error) {
    throw fromRuleError(error);
  }
}

/** The public calculator: no personal data is stored; every route is rate-limited per address. */
export function calcRoutes(limitPerMinute: number) {
  const router = newRouter();
  router.use('/calc/*', rateLimit({ windowMs: 60_000, max: limitPerMinute }));
  const withKind = (kind: CalcKind) =>
    secured(
      { public: true },
      createRoute({
        method: 'post',
        path: `/calc/${kind}`,
        tags: ['calculator'],
        summary: SUMMARIES[kind],
        request: { body: { required: true, content: { 'application/json': { schema: CALC_INPUTS[kind] } } } },
        responses: {
          200: { description: 'Result and explanation', content: { 'application/json': { schema: CalcResultSchema } } },
          400: errorResponses[400],
          429: { description: 'Too many requests', content: { 'application/json': { schema: errorResponses[400].content['application/json'].schema } } },
        },
      }),
    );
  return router
    .openapi(withKind('contribution'), (c) => run(c, 'contribution', c.req.valid('json')))
    .openapi(withKind('obligation'), (c) => run(c, 'obligation', c.req.valid('json')))
    .openapi(withKind('benefit'), (c) => run(c, 'benefit', c.req.valid('json')))
    .openapi(withKind('interest'), (c) => run(c, 'interest', c.req.valid('json')))
    .openapi(withKind('death'), (c) => run(c, 'death', c.req.valid('json')))
    .openapi(
      secured(
        { public: true },
        createRoute({
          method: 'get',
          path: '/calc/scopes',
          tags: ['calculator'],
          summary: 'Parameter scopes the calculator can use: the national defaults and each override file',
          responses: { 200: { description: 'Scopes', content: { 'application/json': { schema: z.object({ items: z.array(ScopeSchema) }) } } } },
        }),
      ),
      (c) =>
        c.json(
          {
            items: c.var.deps.parameters.scopes.map((s) => ({
              code: s.code,
              level: s.level,
              name: s.name,
              ...(s.schemeStartDate ? { schemeStartDate: s.schemeStartDate } : {}),
              files: [...s.files],
            })),
          },
          200,
        ),
    )
    .openapi(
      secured(
        { public: true },
        createRoute({
          method: 'get',
          path: '/calc/parameters',
          tags: ['calculator'],
          summary: 'Every parameter of a scope in force on a date, with its value, source and layer',
          request: {
            query: z.object({
              scope: z.string().regex(/^(CN|\d{2}|\d{6})$/).optional().openapi({ example: 'CN' }),
              asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).openapi({ example: '2015-01-01' }),
            }),
          },
          responses: {
            200: {
              description: 'Parameters',
              content: { 'application/json': { schema: z.object({ scope: z.string(), asOf: z.string(), items: z.array(Citation.extend({ title: LocalizedText })) }) } },
            },
            400: errorResponses[400],
          },
        }),
      ),
      (c) => {
        const { scope, asOf } = c.req.valid('query');
        try {
          const found = c.var.deps.parameters.scope(scope);
          return c.json({ scope: found.code, asOf, items: parametersInForce(found, asOf) }, 200);
        } catch (error) {
          throw fromRuleError(error);
        }
      },
    );
}
