// Stopping what the rules do not allow, in the browser (issue 7): the benefit reviewer generates this month's
// payroll, then suspends a pensioner for imprisonment from this month in the pension's details — the line the
// bank does not have is withdrawn (已撤回, with the reason) and leaves the totals — and resumes it after release;
// the due list says in words why each person is or is not eligible; the 重复领取 tab lists nothing to stop in a
// county alone in its database.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserSuite, modalOpened, newPage, SHOTS, signIn } from './support/e2e.js';

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000 });

function chinaMonth(offset: number): string {
  const d = new Date(Date.now() + 8 * 3_600_000);
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + offset;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

describe('stopping pensions in the browser', () => {
  const suite = browserSuite({ DEMO_RESIDENTS: '3000' });

  it('imprisonment withdraws the unsent line and resumes without back pay; the due list explains itself', { timeout: 240_000 }, async () => {
    const month = chinaMonth(0);
    const { context, page } = await newPage(suite.browser, suite.errors);
    await signIn(page, suite.server.base, 'reviewer');
    // This month's payroll, generated (the bank does not have it yet).
    const queued = await page.request.post(`${suite.server.base}/api/payroll`, { data: { month }, headers: { 'x-csrf-token': await csrf() } });
    expect(queued.status()).toBe(202);
    await poll(async () => ((await (await page.request.get(`${suite.server.base}/api/payroll/${month}`)).json()) as { status: string }).status).toBe('generated');
    const lines = (await (await page.request.get(`${suite.server.base}/api/payroll/${month}/lines?pageSize=20`)).json()) as { items: { pensionId: number; name: string; amount: number }[] };
    // A pensioner whose name is the only one of its kind among the pensions, so the search finds just them.
    let line = lines.items[0]!;
    for (const l of lines.items) {
      const found = (await (await page.request.get(`${suite.server.base}/api/pensions?q=${encodeURIComponent(l.name)}`)).json()) as { total: number };
      if (found.total === 1) {
        line = l;
        break;
      }
    }
    const before = (await (await page.request.get(`${suite.server.base}/api/payroll/${month}`)).json()) as { totals: { amount: number; withdrawn: number } };

    // ---- The pension's details: 服刑停发 from this month.
    await page.goto(`${suite.server.base}/pensions?tab=pensioners`);
    const panel = page.getByRole('tabpanel', { name: '领取人员' });
    const search = panel.locator('input[data-testid="pensioners-q"], [data-testid="pensioners-q"] input').first();
    await search.fill(line.name);
    await search.press('Enter');
    await poll(() => panel.getByTestId('pensioner-name').count()).toBe(1);
    await panel.getByTestId('pensioner-name').click();
    const drawer = page.getByRole('dialog', { name: `养老金核定：${line.name}` });
    await drawer.getByTestId('pension-prison-suspend').click();
    const modal = page.getByRole('dialog', { name: `${line.name} 服刑，停发养老金` });
    await modalOpened(modal);
    const monthInput = modal.locator('input#pension-prison-month');
    await monthInput.click();
    await monthInput.fill(month);
    await monthInput.press('Enter');
    await modal.locator('.ant-modal-title').click();
    await page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)').waitFor({ state: 'hidden' });
    await page.screenshot({ path: join(SHOTS, 'pension-imprisonment.png') });
    await modal.getByTestId('pension-prison-ok').click();
    await page.getByText(`已自 ${month} 起停发`).waitFor();
    await poll(() => drawer.getByTestId('pension-prison-resume').count()).toBe(1);

    // The line is withdrawn and leaves the totals.
    const after = (await (await page.request.get(`${suite.server.base}/api/payroll/${month}`)).json()) as { totals: { amount: number; withdrawn: number; withdrawnAmount: number } };
    expect(after.totals).toMatchObject({ withdrawn: before.totals.withdrawn + 1, amount: before.totals.amount - line.amount });
    await page.goto(`${suite.server.base}/payroll?month=${month}`);
    await poll(() => page.getByTestId('payroll-withdrawn').innerText()).toContain('已撤回 1 笔');

    // ---- Released: resumed from next month, without the months inside.
    await page.goto(`${suite.server.base}/pensions?tab=pensioners`);
    await search.fill(line.name);
    await search.press('Enter');
    await poll(() => panel.getByTestId('pensioner-name').count()).toBe(1);
    await panel.getByTestId('pensioner-name').click();
    await drawer.getByTestId('pension-prison-resume').click();
    const resume = page.getByRole('dialog', { name: `${line.name} 刑满释放，恢复发放` });
    await modalOpened(resume);
    const next = chinaMonth(1);
    const resumeInput = resume.locator('input#pension-prison-month');
    await resumeInput.click();
    await resumeInput.fill(next);
    await resumeInput.press('Enter');
    await resume.locator('.ant-modal-title').click();
    await resume.getByTestId('pension-prison-ok').click();
    await page.getByText(`已自 ${next} 起恢复发放`).waitFor();
    await poll(() => drawer.getByTestId('pension-prison-suspend').count()).toBe(1);

    // ---- The due list: each person's reason in words.
    await page.goto(`${suite.server.base}/pensions`);
    const due = page.getByRole('tabpanel', { name: '到龄待核定' });
    await due.locator('.ant-table-row-expand-icon').first().click();
    await poll(() => due.getByTestId('due-reason').first().innerText()).toMatch(/资格说明：制度实施时 \d+ 岁/);

    // ---- 重复领取: a county alone in its database has none.
    await page.goto(`${suite.server.base}/pensions?tab=duplicates`);
    await poll(() => page.getByTestId('dup-table').innerText()).toContain('暂无数据');
    await context.close();
    expect(suite.errors).toEqual([]);

    async function csrf(): Promise<string> {
      return ((await (await page.request.get(`${suite.server.base}/api/auth/me`)).json()) as { csrfToken: string }).csrfToken;
    }
  });
});
