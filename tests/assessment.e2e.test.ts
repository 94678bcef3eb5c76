// 年度考核 in the browser on the demo county: the enrolment auditor (who sets the targets) computes this year's
// assessment as of 31 March (the demo collects its premiums on 15 March and its villages have collection targets
// around last year's premiums, so some are above their task and some below); the director reads the ranked tables
// with their working, approves after a confirmation naming the year and that it freezes, and prints the PDF; after
// that nobody can recompute.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserSuite, newPage, SHOTS, signIn } from './support/e2e.js';

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000 });

describe('yearly assessment in the browser', () => {
  const suite = browserSuite({ DEMO_RESIDENTS: '3000' });

  it('the auditor computes, the director approves and prints', { timeout: 240_000 }, async () => {
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    let { context, page } = await newPage(suite.browser, suite.errors);
    await signIn(page, suite.server.base, 'auditor');
    await page.goto(`${suite.server.base}/indicators?tab=assessment`);
    await poll(() => page.getByTestId('assessment-rule').innerText()).toContain(`以 ${year}-03-31 实际数据为准`);
    await page.getByTestId('assessment-compute').click();
    await poll(() => page.getByTestId('assessment-status').innerText()).toContain('草稿：李稽核');
    const api = await page.evaluate(async (y) => (await (await fetch(`/api/assessment?year=${y}`)).json()) as Record<string, any>, year);
    const a = api.assessment;
    // The demo gives meaningful results: townships ranked with prizes, villages both rewarded and short of their task.
    expect(a.townships.length).toBeGreaterThan(3);
    expect(a.townships.filter((t: any) => t.prize !== null).length).toBeGreaterThan(0);
    const rewarded = a.villages.filter((v: any) => v.reward > 0);
    expect(rewarded.length).toBeGreaterThan(3);
    expect(a.villages.filter((v: any) => v.pointsDeducted > 0).length).toBeGreaterThan(0);
    expect(a.villages.filter((v: any) => v.excessReward > 0).map((v: any) => v.excessReward)).toEqual([150000, 100000, 50000]);
    expect(a.villageRewards).toBe(a.villages.reduce((s: number, v: any) => s + v.reward, 0));
    const townships = page.getByTestId('assessment-townships');
    await poll(() => townships.locator('tbody tr.ant-table-row').first().innerText()).toContain(a.townships[0].name);
    await poll(() => townships.innerText()).toContain('÷ 最高');
    await context.close();

    ({ context, page } = await newPage(suite.browser, suite.errors));
    await signIn(page, suite.server.base, 'director');
    await page.locator('.ant-menu-item', { hasText: '管理指标' }).click();
    await page.getByTestId('indicator-tab-assessment').click();
    await poll(() => page.getByTestId('assessment-villages').locator('tbody tr.ant-table-row').count()).toBeGreaterThan(5);
    expect(await page.getByTestId('assessment-compute').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'assessment-draft.png'), fullPage: false });
    await page.getByTestId('assessment-approve').click();
    const confirm = page.locator('.ant-popconfirm');
    await poll(() => confirm.innerText()).toContain(`审定 ${year} 年考核结果？`);
    expect(await confirm.innerText()).toContain('即冻结，不能再重新计算或修改');
    await confirm.locator('button', { hasText: '审定并冻结' }).click();
    await poll(() => page.getByTestId('assessment-status').innerText()).toContain('已审定：张主任');
    expect(await page.getByTestId('assessment-approve').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'assessment-approved.png'), fullPage: false });
    const pdf = await page.evaluate(async (y) => {
      const r = await fetch(`/api/assessment/report.pdf?year=${y}`);
      return { status: r.status, type: r.headers.get('content-type'), bytes: Array.from(new Uint8Array(await r.arrayBuffer())) };
    }, year);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    const dir = mkdtempSync(join(tmpdir(), 'xnb-assessment-'));
    writeFileSync(join(dir, 'assessment.pdf'), Buffer.from(pdf.bytes));
    try {
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', join(dir, 'assessment.pdf'), join(SHOTS, 'assessment-pdf')]);
    } catch {
      /* poppler-utils missing: the PDF itself was checked above */
    }
    rmSync(dir, { recursive: true, force: true });
    const again = await page.evaluate(async (y) => {
      const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
      const r = await fetch('/api/assessment/compute', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, body: JSON.stringify({ year: y }) });
      return r.status;
    }, year);
    expect(again).toBe(403); // the director may not compute; the auditor is refused with 409 below
    await context.close();

    ({ context, page } = await newPage(suite.browser, suite.errors));
    await signIn(page, suite.server.base, 'auditor');
    const frozen = await page.evaluate(async (y) => {
      const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
      const r = await fetch('/api/assessment/compute', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, body: JSON.stringify({ year: y }) });
      return (await r.json()) as { code: string };
    }, year);
    expect(frozen.code).toBe('ASSESSMENT_APPROVED');
    await context.close();
    expect(suite.errors).toEqual([]);
  });
});
