import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('defaults to port 3000 and ./data with the embedded database', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, dataDir: './data', databaseUrl: undefined, loadDemo: true, demoResidents: 25000 });
  });

  it('reads PORT, DATA_DIR and DATABASE_URL, and flags override them', () => {
    const config = loadConfig({ PORT: '8080', DATA_DIR: '/srv/x', DATABASE_URL: 'postgres://u@h/db' }, { port: 9000 });
    expect(config).toMatchObject({ port: 9000, dataDir: '/srv/x', databaseUrl: 'postgres://u@h/db' });
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ LOAD_DEMO: 'maybe' })).toThrow(/LOAD_DEMO/);
  });

  it('reads the sign-in limits and the proxy hops, and refuses a longest lock below the first', () => {
    expect(loadConfig({})).toMatchObject({ loginMaxFailures: 5, loginLockMinutes: 15, loginMaxLockMinutes: 1440, loginAddressLimit: 30, trustProxyHops: 0 });
    expect(
      loadConfig({ LOGIN_MAX_FAILURES: '8', LOGIN_LOCK_MINUTES: '5', LOGIN_MAX_LOCK_MINUTES: '60', LOGIN_ADDRESS_LIMIT: '100', TRUST_PROXY: '1' }),
    ).toMatchObject({ loginMaxFailures: 8, loginLockMinutes: 5, loginMaxLockMinutes: 60, loginAddressLimit: 100, trustProxyHops: 1 });
    expect(() => loadConfig({ LOGIN_LOCK_MINUTES: '60', LOGIN_MAX_LOCK_MINUTES: '30' })).toThrow(/LOGIN_MAX_LOCK_MINUTES/);
    expect(() => loadConfig({ TRUST_PROXY: 'yes' })).toThrow(/TRUST_PROXY/);
  });
});
