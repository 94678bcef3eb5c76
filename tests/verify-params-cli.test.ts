// `xinnongbao verify params` as a real process: exit 0 with the review report, exit 1 on a broken file.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliCommand } from './support/cli.js';

const CLI = cliCommand();

const run = promisify(execFile);
let dir: string;

async function verify(paramsDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(CLI[0], [...CLI.slice(1), 'verify', 'params'], {
      env: { ...process.env, DATABASE_URL: '', PARAMS_DIR: paramsDir },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'xnb-verify-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('xinnongbao verify params', () => {
  it('prints the review date of each yearly national table and exits 0', async () => {
    const good = join(dir, 'good');
    mkdirSync(good);
    writeFileSync(join(good, 'national.json'), JSON.stringify({ scope: { level: 'national', code: 'CN', name: '全国' }, reviewedOn: { centralBasicPension: '2026-12-01' }, parameters: {} }));
    const r = await verify(good);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('national.json');
    expect(r.stdout).toMatch(/centralBasicPension: last reviewed \d{4}-\d{2}-\d{2}/);
    expect(r.stdout).toContain('parameters OK');
  }, 60_000);

  it('exits 1 naming the line of a broken file', async () => {
    const bad = join(dir, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'national.json'), '{\n  "scope": { "level": "national", "code": "CN", "name": "全国" },\n  "parameters": {\n    "centralBasicPension": [{ "from": "2027-01-01", "value": "abc", "source": "x" }]\n  }\n}\n');
    const r = await verify(bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('national.json:4: parameters.centralBasicPension[0].value');
  }, 60_000);
});
