import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { getConnInfo } from '@hono/node-server/conninfo';
import { HTTPException } from 'hono/http-exception';
import { AppError, type RowError } from '../errors/app-error.js';
import { MAX_ROW_ERRORS } from '../modules/files/table-file.js';
import { fromDatabaseError } from '../errors/database-errors.js';
import { fromRuleError } from '../errors/rule-errors.js';
import { errorMessage, pickLanguage, type Language } from '../errors/messages.js';
import type { AppDeps, AppContext } from './context.js';
import { renderDocsPage } from './docs-page.js';
import { securityHeaders } from './middleware/security-headers.js';
import { bodyLimits } from './middleware/body-limit.js';
import { loadSession } from './middleware/session.js';
import { newRouter } from './router.js';
import { auditRoutes } from './routes/audit.js';
import { calcRoutes } from './routes/calc.js';
import { jobRoutes } from './routes/jobs.js';
import { contributionRoutes } from './routes/contributions.js';
import { pensionRoutes } from './routes/pensions.js';
import { publicityRoutes } from './routes/publicity.js';
import { archiveRoutes } from './routes/archives.js';
import { payrollRoutes } from './routes/payroll.js';
import { crossCheckRoutes } from './routes/cross-checks.js';
import { deathRoutes } from './routes/deaths.js';
import { fundRoutes } from './routes/fund.js';
import { cycleRoutes } from './routes/cycle.js';
import { indicatorRoutes } from './routes/indicators.js';
import { assessmentRoutes } from './routes/assessment.js';
import { enrolmentRoutes } from './routes/enrolment.js';
import { authRoutes } from './routes/auth.js';
import { regionRoutes } from './routes/regions.js';
import { residentRoutes } from './routes/residents.js';
import { userRoutes } from './routes/users.js';
import { secured } from './access.js';
import { createRoute, z } from '@hono/zod-openapi';

export const VERSION = '0.1.0';

function errorBody(c: AppContext, error: AppError, lang: Language) {
  const rowError = (e: RowError) => ({
    code: e.code,
    message: errorMessage(e.code, lang, { ...e.params, field: e.field }),
    ...(e.row !== undefined ? { row: e.row } : {}),
    ...(e.field !== undefined ? { field: e.field } : {}),
  });
  return {
    code: error.code,
    message: errorMessage(error.code, lang, { ...error.params, requestId: c.var.requestId }),
    ...(error.field !== undefined ? { field: error.field } : {}),
    ...(error.row !== undefined ? { row: error.row } : {}),
    requestId: c.var.requestId,
    // A file with thousands of bad rows: the first ones tell what to fix; the count tells how many there are.
    ...(error.errors ? { errors: error.errors.slice(0, MAX_ROW_ERRORS).map(rowError), errorCount: error.errors.length } : {}),
  };
}

function peerAddress(c: AppContext): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null; // in-process requests (tests) have no socket
  }
}

/**
 * The client's address: the TCP peer, or behind `hops` trusted reverse proxies the address that many
 * hops back in `X-Forwarded-For` (each proxy appends the address it saw; entries further left were
 * written by the client and are not believed). Fewer entries than hops: the leftmost one.
 */
export function clientAddress(peer: string | null, forwardedFor: string | undefined, hops: number): string | null {
  if (hops <= 0 || !forwardedFor) return peer;
  const chain = forwardedFor.split(',').map((a) => a.trim()).filter((a) => a.length > 0 && a.length <= 64);
  if (chain.length === 0) return peer;
  return chain[Math.max(0, chain.length - hops)] ?? peer;
}

export function createApp(deps: AppDeps) {
  const app = newRouter();

  app.use('*', async (c, next) => {
    const started = performance.now();
    c.set('deps', deps);
    c.set('requestId', c.req.header('x-request-id')?.slice(0, 64) || randomUUID());
    c.set('lang', pickLanguage(c.req.query('lang') ?? c.req.header('accept-language')));
    c.set('ip', clientAddress(peerAddress(c), c.req.header('x-forwarded-for'), deps.config.trustProxyHops));
    c.header('X-Request-Id', c.var.requestId);
    await next();
    if (c.req.path.startsWith('/api/')) {
      c.header('Cache-Control', 'no-store');
      deps.logger.info(
        { requestId: c.var.requestId, method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started), user: c.var.session?.user.username },
        'request',
      );
    }
  });
  app.use('*', securityHeaders({ https: deps.config.secureCookies }));
  app.use('/api/*', bodyLimits());
  app.use('/api/*', loadSession());

  app.onError((err, c) => {
    const lang = c.var.lang ?? 'zh-CN';
    let error: AppError;
    const known = fromRuleError(err);
    const conflict = fromDatabaseError(err);
    if (known instanceof AppError) error = known;
    else if (conflict) {
      // Parallel requests: the database refused the later one; say so (409), it is not a fault.
      deps.logger.info({ requestId: c.var.requestId, code: (err as { code?: string }).code, constraint: (err as { constraint?: string }).constraint }, 'conflict');
      error = conflict;
    }
    else if (err instanceof HTTPException && err.status < 500) {
      // Hono's own refusals (malformed JSON body and the like).
      error = new AppError('VALIDATION_FAILED', 400, { field: 'body', params: { field: 'body', detail: err.message } });
    } else {
      deps.logger.error({ requestId: c.var.requestId, err }, 'unhandled error');
      error = new AppError('INTERNAL', 500);
    }
    return c.json(errorBody(c, error, lang), error.status);
  });

  const api = newRouter()
    .openapi(
      secured(
        { public: true },
        createRoute({
          method: 'get',
          path: '/health',
          tags: ['system'],
          summary: 'Liveness and database check',
          responses: {
            200: {
              description: 'Up',
              content: { 'application/json': { schema: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']), version: z.string() }) } },
            },
          },
        }),
      ),
      async (c) => {
        await deps.database.db.selectFrom('schema_migration').select('version').limit(1).execute();
        return c.json({ status: 'ok' as const, database: deps.database.kind, version: VERSION }, 200);
      },
    )
    .route('/', authRoutes(deps.config.loginAddressLimit))
    .route('/', regionRoutes())
    .route('/', residentRoutes())
    .route('/', userRoutes())
    .route('/', auditRoutes())
    .route('/', enrolmentRoutes())
    .route('/', contributionRoutes())
    .route('/', jobRoutes())
    .route('/', pensionRoutes())
    .route('/', publicityRoutes())
    .route('/', archiveRoutes())
    .route('/', payrollRoutes())
    .route('/', deathRoutes())
    .route('/', fundRoutes())
    .route('/', cycleRoutes())
    .route('/', indicatorRoutes())
    .route('/', assessmentRoutes())
    .route('/', crossCheckRoutes())
    .route('/', calcRoutes(deps.config.calcRateLimit));
  app.route('/api', api);

  const openApiConfig = {
    openapi: '3.1.0',
    info: { title: 'xinnongbao 新农保管理信息系统', version: VERSION, description: 'Rural resident pension scheme administration API' },
  };
  app.doc31('/api/openapi.json', openApiConfig);
  app.get('/api/docs', (c) => c.html(renderDocsPage(app.getOpenAPI31Document(openApiConfig) as Parameters<typeof renderDocsPage>[0])));
  app.all('/api/*', () => {
    throw new AppError('NOT_FOUND', 404);
  });

  // The built web app; any other path is a client-side route and gets index.html.
  const indexFile = join(deps.config.webDir, 'index.html');
  app.use('/*', serveStatic({ root: deps.config.webDir }));
  app.get('*', (c) => {
    if (!existsSync(indexFile)) return c.text('The web app is not built: run `npm run build:web`.', 503);
    return c.html(readFileSync(indexFile, 'utf8'));
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
