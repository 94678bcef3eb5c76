// The residents list of a county larger than the list counts (issue 13 part 3): the pager says 超过 1,000 条 with a
// 精确计数 link, which brings the exact figure; a search that finds fewer is counted exactly at once.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserSuite, newPage, SHOTS, signIn } from './support/e2e.js';

describe('the residents list of a large county', () => {
  const suite = browserSuite({ DEMO_RESIDENTS: '3000' });

  it('says more than 1,000, counts exactly when asked, and counts a search exactly', { timeout: 150_000 }, async () => {
    const { page } = await newPage(suite.browser, suite.errors);
    await signIn(page, suite.server.base, 'director');
    await page.locator('.ant-menu-item', { hasText: '居民档案' }).click();
    await page.locator('.ant-table-row').first().waitFor();
    const capped = page.getByTestId('list-total-capped');
    await expect.poll(() => capped.textContent()).toBe('超过 1,000 条 精确计数');
    await page.screenshot({ path: join(SHOTS, 'residents-list-capped.png'), fullPage: true });
    await page.getByTestId('list-count-exactly').click();
    // The demo county of 3,000 residents, all in the director's county.
    await expect.poll(() => page.locator('.ant-pagination-total-text').textContent()).toBe('共 3000 条');
    expect(await capped.count()).toBe(0);
    // A name search: counted exactly, every row's name contains it.
    const name = (await page.locator('.ant-table-row').first().getByTestId('resident-open').textContent())!;
    await page.getByTestId('residents-q').locator('input').fill(name);
    await page.getByTestId('residents-q').locator('input').press('Enter');
    await expect.poll(async () => (await page.locator('.ant-table-row [data-testid="resident-open"]').allTextContents()).every((n) => n.includes(name))).toBe(true);
    const total = (await page.locator('.ant-pagination-total-text').textContent()) ?? '';
    expect(total).toMatch(/^共 \d+ 条$/);
    expect(Number(/\d+/.exec(total)![0])).toBeLessThan(1000);
    await page.screenshot({ path: join(SHOTS, 'residents-list-search.png'), fullPage: true });
    expect(suite.errors).toEqual([]);
  });
});
