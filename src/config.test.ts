import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('defaults to port 3000 and ./data with the embedded database', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, dataDir: './data', databaseUrl: undefined, loadDemo: true, demoResidents: 60000 });
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
});
