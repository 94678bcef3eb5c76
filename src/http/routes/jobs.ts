import { createRoute, z } from '@hono/zod-openapi';
import { AppError } from '../../errors/app-error.js';
import { getJob, listJobs, queueInterestJob, type JobRecord } from '../../modules/accounts/interest-job.js';
import { roleHas } from '../../modules/staff/roles.js';
import { countyCodeOf } from '../../rules/index.js';
import { secured } from '../access.js';
import { chinaToday } from '../clock.js';
import { auditActor, currentUser, type AppContext } from '../context.js';
import { errorResponses, newRouter } from '../router.js';

const JobSchema = z
  .object({
    id: z.number().int(),
    countyCode: z.string(),
    kind: z.enum(['interest', 'payroll']),
    period: z.string(),
    status: z.enum(['queued', 'running', 'done', 'failed']),
    total: z.number().int(),
    done: z.number().int(),
    result: z.unknown(),
    error: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .openapi('Job');

/**
 * The kinds of job a user may see. A job is county-wide (its progress and result are county totals), so
 * only county posts see any: interest jobs with the account ledger (contributions:view), payroll jobs
 * with the payroll (payroll:view). A village coordinator or township clerk sees none.
 */
function visibleJobKinds(c: AppContext): JobRecord['kind'][] {
  const user = currentUser(c);
  if (user.regionLevel !== 'county') return [];
  return [...(roleHas(user.role, 'contributions:view') ? (['interest'] as const) : []), ...(roleHas(user.role, 'payroll:view') ? (['payroll'] as const) : [])];
}

export function jobRoutes() {
  return newRouter()
    .openapi(
      secured(
        { permission: 'accounts:interest' },
        createRoute({
          method: 'post',
          path: '/jobs/interest',
          tags: ['accounts'],
          summary: "Post a year's interest to every account of the county, as a background job with progress (once per year; resumes after a stop)",
          request: { body: { required: true, content: { 'application/json': { schema: z.object({ year: z.number().int().min(2009).max(2100) }).strict() } } } },
          responses: {
            202: { description: 'Queued', content: { 'application/json': { schema: JobSchema } } },
            409: { description: 'Period open, previous year not posted, or already posted', content: errorResponses[400].content },
            ...errorResponses,
          },
        }),
      ),
      async (c) => {
        const user = currentUser(c);
        const countyCode = countyCodeOf(user.regionCode);
        const { db } = c.var.deps.database;
        const job = await queueInterestJob(db, auditActor(c), countyCode, c.req.valid('json').year, chinaToday(), c.var.deps.parameters.forCounty(countyCode).parameters);
        c.var.deps.jobs.enqueue(job.id, countyCode);
        return c.json(job, 202);
      },
    )
    .openapi(
      secured(
        { permission: 'contributions:view' },
        createRoute({
          method: 'get',
          path: '/jobs',
          tags: ['accounts'],
          summary: "The county's batch jobs the user may see, newest first, with their progress (none for a village or township post: the figures are county totals); `kind` keeps one kind",
          request: { query: z.object({ kind: z.enum(['interest', 'payroll']).optional() }) },
          responses: { 200: { description: 'Jobs', content: { 'application/json': { schema: z.object({ items: z.array(JobSchema) }) } } }, ...errorResponses },
        }),
      ),
      async (c) => {
        const { kind } = c.req.valid('query');
        const kinds = visibleJobKinds(c).filter((k) => kind === undefined || k === kind);
        return c.json({ items: await listJobs(c.var.deps.database.db, countyCodeOf(currentUser(c).regionCode), kinds) }, 200);
      },
    )
    .openapi(
      secured(
        { permission: 'contributions:view' },
        createRoute({
          method: 'get',
          path: '/jobs/{id}',
          tags: ['accounts'],
          summary: 'One job with its progress',
          request: { params: z.object({ id: z.coerce.number().int().positive() }) },
          responses: { 200: { description: 'Job', content: { 'application/json': { schema: JobSchema } } }, ...errorResponses },
        }),
      ),
      async (c) => {
        const job = await getJob(c.var.deps.database.db, c.req.valid('param').id);
        if (job.countyCode !== countyCodeOf(currentUser(c).regionCode) || !visibleJobKinds(c).includes(job.kind)) throw new AppError('JOB_NOT_FOUND', 404, { params: { id: job.id } });
        return c.json(job, 200);
      },
    );
}
