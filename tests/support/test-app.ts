import { sql } from 'kysely';
import { loadConfig, type Config } from '../../src/config.js';
import type { Database } from '../../src/db/connection.js';
import { openTestDatabase, type TestSeed } from '../../src/db/testing.js';
import { JobRunner, jobSliceMs } from '../../src/modules/accounts/runner.js';
import { buildParameterLibrary, type ParameterLibrary } from '../../src/modules/calculator/library.js';
import { createApp, type App } from '../../src/http/app.js';
import { createLogger } from '../../src/logger.js';
import { SYSTEM_ACTOR } from '../../src/modules/audit/service.js';
import { ensureDivisions } from '../../src/modules/regions/reference.js';
import { ROLE_REGION_LEVEL, ROLES, type Role } from '../../src/modules/staff/roles.js';
import { createUser } from '../../src/modules/staff/service.js';
import { sessionPolicyFrom, type SessionPolicy } from '../../src/modules/staff/sessions.js';

export const PASSWORD = 'Test1234pass';

/** Two counties; the home county has two townships of two villages; one household of two per village. */
export const HOME = {
  county: '370783000000',
  township: '370783001000',
  village: '370783001001',
  siblingVillage: '370783001002',
  otherTownship: '370783106000',
  otherVillage: '370783106001',
};
export const OTHER_COUNTY = { county: '370781000000', township: '370781001000', village: '370781001001' };

const REGIONS: [string, string][] = [
  ['370783000000', '寿光市'],
  ['370783001000', '圣城街道'],
  ['370783001001', '东关村'],
  ['370783001002', '西关村'],
  ['370783106000', '田柳镇'],
  ['370783106001', '田柳村'],
  ['370783106002', '北台头村'],
  ['370781000000', '青州市'],
  ['370781001000', '王府街道'],
  ['370781001001', '北关村'],
];

export interface Session {
  readonly cookie: string;
  readonly csrfToken: string;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  send(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
}

export interface TestApp {
  readonly app: App;
  readonly jobs: JobRunner;
  readonly database: Database;
  /** Username of the test account of each role: village roles in HOME.village, township roles in HOME.township, others the county. */
  readonly users: Record<Role, string>;
  signIn(username: string, password?: string): Promise<Session>;
  close(): Promise<void>;
}

/**
 * The regions, households, residents and staff (one user per role, `t_<role>`) every test app starts with: written
 * once per test process on PGlite and loaded from its dump afterwards (src/db/testing.ts).
 */
const TEST_APP_SEED: TestSeed = {
  key: 'test-app',
  async fill(database) {
    const db = database.db;
    await ensureDivisions(db);
    for (const [code, name] of REGIONS) {
      const level = code.endsWith('000000') ? 'county' : code.endsWith('000') ? 'township' : 'village';
      const parent = level === 'county' ? null : level === 'township' ? `${code.slice(0, 6)}000000` : `${code.slice(0, 9)}000`;
      await db.insertInto('region').values({ code, county_code: code.slice(0, 6), level, name, parent_code: parent }).execute();
    }
    let household = 0;
    for (const [code] of REGIONS.filter(([c]) => !c.endsWith('000'))) {
      household += 1;
      const county = code.slice(0, 6);
      await db.insertInto('household').values({ county_code: county, id: household, village_code: code, household_no: `H${household}` }).execute();
      await sql`insert into resident (county_code, id, id_number, name, sex, birth_date, village_code, household_id, relation)
        values (${county}, ${household * 2 - 1}, ${`${county}19550101${household}11X`}, ${`户主${household}`}, 'M', '1955-01-01', ${code}, ${household}, '户主'),
               (${county}, ${household * 2}, ${`${county}19900202${household}220`}, ${`子女${household}`}, 'F', '1990-02-02', ${code}, ${household}, '女')`.execute(
        db,
      );
    }
    // The rows above carry explicit ids: move the identity sequences past them.
    await sql`select setval(pg_get_serial_sequence('household', 'id'), (select max(id) from household))`.execute(db);
    await sql`select setval(pg_get_serial_sequence('resident', 'id'), (select max(id) from resident))`.execute(db);
    for (const role of ROLES) {
      const level = ROLE_REGION_LEVEL[role];
      const regionCode = level === 'village' ? HOME.village : level === 'township' ? HOME.township : HOME.county;
      await createUser(db, SYSTEM_ACTOR, { username: `t_${role}`, displayName: role, role, regionCode, password: PASSWORD });
    }
  },
};

export async function createTestApp(policy: Partial<SessionPolicy> = {}, options: { parameters?: ParameterLibrary; config?: Partial<Config> } = {}): Promise<TestApp> {
  const database = await openTestDatabase(TEST_APP_SEED);
  const users = {} as Record<Role, string>;
  for (const role of ROLES) users[role] = `t_${role}`;
  const parameters = options.parameters ?? buildParameterLibrary([]);
  const logger = createLogger(process.env.TEST_LOG ?? 'silent');
  const config = loadConfig({}, { webDir: '/nonexistent', ...options.config });
  // As the server runs them: the jobs' own database access, chunks sized to the time budget on PGlite.
  const jobs = new JobRunner(database.jobDb, parameters, logger, config.jobChunkSize, jobSliceMs(database.kind, config.jobSliceMs));
  const app = createApp({
    database,
    config,
    parameters,
    jobs,
    logger,
    sessionPolicy: { ...sessionPolicyFrom(config), ...policy },
  });

  async function signIn(username: string, password = PASSWORD): Promise<Session> {
    const res = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status} ${await res.text()}`);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    return {
      cookie,
      csrfToken,
      get: async (path, headers = {}) => app.request(path, { headers: { cookie, ...headers } }),
      send: async (method, path, body, headers = {}) =>
        app.request(path, {
          method,
          headers: {
            cookie,
            'x-csrf-token': csrfToken,
            ...(body instanceof FormData || body === undefined ? {} : { 'content-type': 'application/json' }),
            ...headers,
          },
          ...(body === undefined ? {} : { body: body instanceof FormData ? body : JSON.stringify(body) }),
        }),
    };
  }

  return {
    app,
    jobs,
    database,
    users,
    signIn,
    close: async () => {
      await jobs.idle();
      await database.close();
    },
  };
}
