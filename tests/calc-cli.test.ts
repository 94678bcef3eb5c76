// `xinnongbao calc <kind> --input file.json`: the same engine as the API, run as a real process.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliCommand } from './support/cli.js';

const CLI = cliCommand();

const run = promisify(execFile);

async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(CLI[0], [...CLI.slice(1), ...args], {
      env: { ...process.env, DATABASE_URL: '', PARAMS_DIR: join(dir, 'none'), ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let dir: string;
const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'xnb-calc-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COUNTY = {
  scope: { level: 'county', code: '370783', name: '寿光市', schemeStartDate: '2009-12-01' },
  parameters: { localBasicPensionTopUp: [{ from: '2010-05-01', value: '5.00', source: 'test: county top-up from May 2010' }] },
};

describe('xinnongbao calc', { timeout: 60_000 }, () => {
  it('benefit: born 1950-03-15 with 1,390.00 under the 2010 national defaults prints 65.00 = 55.00 + 10.00 with its explanation', async () => {
    const input = file('benefit.json', { birthDate: '1950-03-15', balances: { individual: '1,390.00' } });
    const { code, stdout } = await cli(['calc', 'benefit', '--input', input]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { result: Record<string, unknown>; yuan: Record<string, string>; explanation: { key: string; text: Record<string, string> }[] };
    expect(out.result).toMatchObject({ startMonth: '2010-04', basicPension: 5500, accountPension: 1000, monthlyPension: 6500 });
    expect(out.yuan).toMatchObject({ monthlyPension: '65.00', basicPension: '55.00', accountPension: '10.00' });
    expect(out.explanation.find((s) => s.key === 'award.monthlyPension')?.text['zh-CN']).toContain('55.00 + 10.00 = 65.00');

    const text = await cli(['calc', 'benefit', '--input', input, '--format', 'text']);
    expect(text.stdout).toContain('养老金待遇核定');
    expect(text.stdout).toContain('1,390.00 元 ÷ 139 = 10.00');
    expect(text.stdout).toContain('国发〔2009〕32号');
    const en = await cli(['calc', 'benefit', '--input', input, '--format', 'text', '--lang', 'en']);
    expect(en.stdout).toContain('Pension award');
    expect(en.stdout).toMatch(/account pension = balance 1,390\.00 ÷ 139 = 10\.00/);
  });

  it('a county file given with --params changes the result from its effective date and not before', async () => {
    const params = file('county-370783.json', COUNTY);
    const april = await cli(['calc', 'benefit', '--params', params, '--input', file('april.json', { birthDate: '1950-03-15', balances: { individual: '1390' } })]);
    expect(april.code).toBe(0);
    const a = JSON.parse(april.stdout) as { scope: { code: string }; result: Record<string, unknown> };
    expect(a.scope.code).toBe('370783');
    expect(a.result).toMatchObject({ startMonth: '2010-04', localBasicPensionTopUp: 0, monthlyPension: 6500 });
    const may = await cli(['calc', 'benefit', '--params', params, '--input', file('may.json', { birthDate: '1950-04-15', balances: { individual: '1390' } })]);
    expect(JSON.parse(may.stdout).result).toMatchObject({ startMonth: '2010-05', localBasicPensionTopUp: 500, monthlyPension: 7000 });
  });

  it('contribution from standard input', async () => {
    const child = execFile(CLI[0], [...CLI.slice(1), 'calc', 'contribution', '--input', '-'], { env: { ...process.env, PARAMS_DIR: join(dir, 'none') } });
    let stdout = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stdin?.end(JSON.stringify({ year: 2016, paidOn: '2016-03-10', tier: '500' }));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(JSON.parse(stdout).yuan.totalCredited).toBe('560.00');
  });

  it('bad input exits 1 naming the field, in zh-CN or en', async () => {
    const input = file('bad.json', { birthDate: '1950-03-15', balances: { individual: '12.345' } });
    const zh = await cli(['calc', 'benefit', '--input', input]);
    expect(zh.code).toBe(1);
    expect(zh.stdout).toBe('');
    expect(zh.stderr).toContain('MONEY_TOO_MANY_DECIMALS (balances.individual)');
    expect(zh.stderr).toContain('两位小数');
    const en = await cli(['calc', 'benefit', '--input', input, '--lang', 'en']);
    expect(en.stderr).toContain('more than two decimals');
    const notJson = await cli(['calc', 'benefit', '--input', file('broken.json', '{ "birthDate": ')]);
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toContain('VALIDATION_FAILED');
    const kind = await cli(['calc', 'salary', '--input', input]);
    expect(kind.code).toBe(1);
    expect(kind.stderr).toContain('unknown calculation "salary"');
  });

  it('a birth date after today exits 1 naming birthDate (the same rule as the API)', async () => {
    const input = file('future.json', { birthDate: '2999-01-01' });
    const zh = await cli(['calc', 'benefit', '--input', input]);
    expect(zh.code).toBe(1);
    expect(zh.stderr).toContain('DATE_IN_FUTURE (birthDate): 出生日期“2999-01-01”晚于今天');
    const en = await cli(['calc', 'obligation', '--input', file('future-obligation.json', { birthDate: '2999-01-01', asOf: '2012-03-01' }), '--lang', 'en']);
    expect(en.code).toBe(1);
    expect(en.stderr).toContain('DATE_IN_FUTURE (birthDate): Birth date "2999-01-01" is after today');
  });

  it('a parameter file with an error is rejected with its line, by calc and by serve', async () => {
    const broken = JSON.stringify(COUNTY, null, 2).replace('"2010-05-01"', '"2010-13-01"');
    const path = file('county-broken.json', broken);
    const line = broken.split('\n').findIndex((l) => l.includes('2010-13-01')) + 1;
    const calc = await cli(['calc', 'benefit', '--params', path, '--input', file('b2.json', { birthDate: '1950-03-15' })]);
    expect(calc.code).toBe(1);
    expect(calc.stderr).toContain(`county-broken.json:${line}: parameters.localBasicPensionTopUp[0].from`);

    const paramsDir = join(dir, 'params-bad');
    await run('mkdir', ['-p', paramsDir]);
    writeFileSync(join(paramsDir, 'county-370783.json'), broken);
    const serve = await cli(['serve', '--port', '0', '--no-demo', '--data-dir', join(dir, 'data')], { PARAMS_DIR: paramsDir });
    expect(serve.code).toBe(1);
    expect(serve.stderr).toContain(`county-370783.json:${line}:`);
  });
});
