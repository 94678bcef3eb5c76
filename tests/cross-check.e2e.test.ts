// 数据比对 in the browser, kept short: the county enrolment auditor loads the agent bank's card database (a file
// that knows none of the county's cards), every pensioner's account comes up as 银行卡不符, and one of them is
// corrected from the hit's drawer with a new account and a reason — the hit shows who did it and the queue's
// figures move.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { idCheckChar } from '../src/rules/index.js';
import { browserSuite, modalOpened, newPage, SHOTS, signIn } from './support/e2e.js';

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000 });
/** The text of an element without the line breaks and spaces layout puts in. */
const text = async (l: Locator) => (await l.innerText()).replace(/\s+/g, '');

describe('cross-checks in the browser', () => {
  const suite = browserSuite({ DEMO_RESIDENTS: '3000' });

  it('loads a bank card file and corrects one account', { timeout: 240_000 }, async () => {
    const { page } = await newPage(suite.browser, suite.errors);
    await signIn(page, suite.server.base, 'auditor');
    await page.locator('.ant-menu-item', { hasText: '数据比对' }).click();
    await page.locator('.xnb-page-title', { hasText: '数据比对' }).waitFor();

    const file = join(mkdtempSync(join(tmpdir(), 'xnb-cc-')), '惠农卡库.csv');
    writeFileSync(file, `卡号,身份证号码,姓名,卡状态\n6228480000000099999,11010519491231002${idCheckChar('11010519491231002')},王伟,正常\n`);
    await page.getByTestId('cc-load').click();
    const dialog = page.getByRole('dialog', { name: '导入比对数据' });
    await modalOpened(dialog);
    await dialog.getByTestId('cc-registry').click();
    await page.locator('.ant-select-item-option', { hasText: '代理银行卡库' }).click();
    const chooser = page.waitForEvent('filechooser');
    await dialog.getByTestId('cc-file').click();
    await (await chooser).setFiles(file);
    await poll(() => dialog.getByTestId('cc-load-outcome').innerText()).toMatch(/已比对 1 行、本县 [\d,]+ 人，比中疑点 [\d,]+ 条/);
    await page.screenshot({ path: join(SHOTS, 'cross-check-load.png') });
    await dialog.getByRole('button', { name: /关\s*闭/ }).click();

    const summary = page.getByTestId('cc-summary-text');
    await poll(() => text(summary)).toMatch(/^共[\d,]+条：待处理[\d,]+，清退0，更正0/);
    await poll(() => text(page.getByTestId('cc-overview'))).toMatch(/共导入1批、1行；比中疑点[\d,]+条/);
    await page.getByTestId('cc-kind-bank_mismatch').click();
    const first = page.locator('.ant-table-row').first();
    await poll(() => first.innerText()).toContain('银行卡库中无此卡');
    const name = (await first.getByTestId('cc-name').innerText()).trim();
    await first.getByTestId('cc-open').click();
    const drawer = page.getByRole('dialog', { name: `比对疑点：${name}` });
    await drawer.getByTestId('cc-detail').waitFor();
    await drawer.getByTestId('cc-bank-account').fill('6228480000000012345');
    await drawer.getByTestId('cc-note').fill('本人持新卡到社保所更正');
    await drawer.getByTestId('cc-action-correct').click();
    await page.getByTestId('cc-confirm-ok').click();
    await page.locator('.ant-message-notice', { hasText: '已更正银行账号' }).waitFor();
    await poll(() => drawer.getByTestId('cc-handling').innerText()).toContain('本人持新卡到社保所更正');
    expect(await drawer.getByTestId('cc-detail').innerText()).toContain('****2345');
    await page.screenshot({ path: join(SHOTS, 'cross-check-hit.png') });
    await drawer.locator('.ant-drawer-close').click();
    await drawer.waitFor({ state: 'hidden' });
    await page.evaluate('window.scrollTo(0, 0)');
    await poll(() => text(page.getByTestId('cc-overview'))).toMatch(/更正账号1，/);
    await page.screenshot({ path: join(SHOTS, 'cross-check-queue.png') });
    expect(suite.errors).toEqual([]);
  });
});
