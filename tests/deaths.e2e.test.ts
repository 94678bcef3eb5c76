// Death settlement (死亡结算) in the browser: the county enrolment auditor ends the enrolment of a pensioner
// drawing no account pension (60+ when the scheme started) with reason 死亡, two months ago — the pension paid
// for last month is then overpaid with nothing to set it off against, and the record says so. The finance
// officer finds the settlement among those still to recover (待遇核定 → 死亡结算), reads the steps, is refused
// more than is outstanding and records the outstanding amount, which closes it; the resident record links to
// the settlement. The county director sees the settlements but cannot record a recovery.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatYuan } from '../src/rules/index.js';
import { choose, launchBrowser, modalOpened, newPage, SHOTS, signIn, startServer, type E2eServer } from './support/e2e.js';

const yuan = (fen: number) => formatYuan(fen, 'zh-CN');
/** Fen as the amount field takes it: "123.00", no separators. */
const plain = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** expect.poll with room for a slow first answer of the demo county. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 });

/** 'YYYY-MM-DD' of today in China (UTC+8), as the server counts days. */
function chinaToday(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The same day `months` months earlier (the last day of that month when it is shorter). */
function monthsBefore(date: string, months: number): string {
  const total = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 - months;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${y}-${String(m).padStart(2, '0')}-${String(Math.min(Number(date.slice(8, 10)), last)).padStart(2, '0')}`;
}

interface PensionRow {
  id: number;
  residentId: number;
  name: string;
  idNumberMasked: string;
  status: string;
  startMonth: string;
  accountBalance: number;
  accountPension: number;
  currentMonthlyPension: number;
}

interface Death {
  id: number;
  residentId: number;
  name: string;
  idNumberMasked: string;
  villageName: string;
  deathDate: string;
  lastPayableMonth: string;
  overpaidMonths: number;
  accountToRecover: number;
  amountToRecover: number;
  balance: number;
  inheritable: number;
  returnedToPool: number;
  funeralGrant: number;
  recovered: number;
  outstanding: number;
  payableToHeirs: number;
  recoveryStatus: 'none' | 'open' | 'recovered';
}

interface DeathList {
  items: Death[];
  total: number;
  summary: { count: number; outstanding: number; inheritable: number; returnedToPool: number };
}

async function getJson<T>(page: Page, url: string): Promise<T> {
  const res = await page.request.get(url);
  expect(res.status(), url).toBe(200);
  return (await res.json()) as T;
}

/** Opens 待遇核定 from the menu, then its 死亡结算 tab, and waits for the summary. */
async function openDeaths(page: Page): Promise<Locator> {
  await page.locator('.ant-menu-item', { hasText: '待遇核定' }).click();
  await page.locator('.xnb-page-title', { hasText: '待遇核定' }).waitFor();
  await page.getByRole('tab', { name: '死亡结算' }).click();
  await poll(() => new URL(page.url()).searchParams.get('tab')).toBe('deaths');
  const panel = page.getByRole('tabpanel', { name: '死亡结算' });
  await panel.getByTestId('death-summary-text').waitFor({ timeout: 20_000 });
  return panel;
}

/** Opens a resident's record from 居民档案 by searching the name. */
async function openResident(page: Page, name: string, residentId: number): Promise<Locator> {
  await page.locator('.ant-menu-item', { hasText: '居民档案' }).click();
  await page.locator('.xnb-page-title', { hasText: '居民档案' }).waitFor();
  await page.locator('#q').fill(name);
  await page.getByRole('button', { name: /查\s*询/ }).click();
  const row = page.locator(`.ant-table-row[data-row-key="${residentId}"]`);
  await row.getByTestId('resident-open').click();
  const drawer = page.getByRole('dialog', { name: `居民档案：${name}` });
  await drawer.getByTestId('resident-record').waitFor();
  return drawer;
}

describe('death settlement in the browser', () => {
  let server: E2eServer;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    // National rules only (no county file): no funeral grant, so the heirs' amount does not absorb the overpayment.
    server = await startServer({ DEMO_RESIDENTS: '3000', PARAMS_DIR: mkdtempSync(join(tmpdir(), 'xnb-params-')) });
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a death two months ago leaves one month to recover, which the finance officer records; the director only looks', { timeout: 240_000 }, async () => {
    // A pensioner drawing no account pension: 60 or older when the scheme started (paid from 2009-12).
    const look = await newPage(browser, errors);
    await signIn(look.page, server.base, 'director');
    let pensioner: PensionRow | undefined;
    for (let p = 1; !pensioner && p <= 20; p++) {
      const list = await getJson<{ items: PensionRow[]; total: number }>(look.page, `${server.base}/api/pensions?status=active&pageSize=100&page=${p}`);
      pensioner = list.items.find((r) => r.accountBalance === 0 && r.accountPension === 0 && r.startMonth === '2009-12');
      if (p * 100 >= list.total) break;
    }
    expect(pensioner, 'a pensioner paid from 2009-12 without an account balance').toBeTruthy();
    const person = pensioner!;
    const before = await getJson<DeathList>(look.page, `${server.base}/api/deaths?pageSize=1`);
    await look.context.close();

    const today = chinaToday();
    const deathDate = monthsBefore(today, 2);

    // ---- The county enrolment auditor ends the enrolment: 死亡, two months ago.
    const auditor = await newPage(browser, errors);
    let page = auditor.page;
    await signIn(page, server.base, 'auditor');
    let record = await openResident(page, person.name, person.residentId);
    await poll(() => record.getByTestId('resident-pension').innerText()).toContain('正常领取');
    expect(await record.getByTestId('resident-death').count()).toBe(0);
    await record.getByTestId('resident-terminate').click();
    const end = page.getByRole('dialog', { name: `注销 ${person.name} 的参保` });
    await modalOpened(end);
    await choose(page, end.getByTestId('terminate-reason'), '死亡');
    // Choosing 死亡 says what else happens.
    await poll(() => end.getByTestId('terminate-death-hint').innerText()).toContain('停发养老金（死亡次月起），撤回银行尚未收到的发放，追回银行已发放的死亡后月份，并结算个人账户');
    const dateInput = end.locator('input#terminate-on');
    await dateInput.click();
    await dateInput.fill(deathDate);
    await dateInput.press('Enter');
    await poll(() => dateInput.inputValue()).toBe(deathDate);
    // Close the calendar (the typed date stays) so the hint shows on the screenshot.
    await end.locator('.ant-modal-title').click();
    await page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)').waitFor({ state: 'hidden' });
    expect(await dateInput.inputValue()).toBe(deathDate);
    await page.screenshot({ path: join(SHOTS, 'death-terminate.png') });
    await end.getByTestId('terminate-submit').click();
    await page.locator('.ant-message-notice', { hasText: '已注销参保' }).waitFor();
    await end.waitFor({ state: 'hidden' });

    // The record shows the enrolment ended by death and the settlement, with the month still to recover.
    await poll(() => record.getByTestId('resident-enrolment').innerText()).toMatch(new RegExp(`已注销[\\s\\S]*死亡 · ${deathDate}`));
    await poll(() => record.getByTestId('resident-pension').innerText()).toContain('终止领取');
    const alert = record.getByTestId('resident-death');
    await poll(() => alert.innerText()).toContain(`死亡结算：${deathDate} 死亡`);
    // The settlement as the server made it: one month paid after death, no account, nothing set off.
    const finance = await newPage(browser, errors);
    await signIn(finance.page, server.base, 'finance');
    const mine = await getJson<DeathList>(finance.page, `${server.base}/api/deaths?q=${encodeURIComponent(person.name)}&pageSize=100`);
    const death = mine.items.find((d) => d.residentId === person.residentId)!;
    expect(death, 'the settlement of the person').toBeTruthy();
    expect(death).toMatchObject({ deathDate, overpaidMonths: 1, accountToRecover: 0, balance: 0, inheritable: 0, returnedToPool: 0, recovered: 0, payableToHeirs: 0, recoveryStatus: 'open' });
    expect(death.amountToRecover).toBeGreaterThan(0);
    expect(death.outstanding).toBe(death.amountToRecover);
    const owed = yuan(death.outstanding);
    await poll(() => alert.innerText()).toContain(`多发养老金 ${owed} 元（已抵扣/追回 0.00 元），应付继承人 0.00 元`);
    await poll(() => alert.innerText()).toContain(`尚未追回 ${owed} 元`);
    // The auditor does not see pensions, so no link to the settlement.
    expect(await alert.getByTestId('resident-death-open').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'death-resident.png') });
    await auditor.context.close();

    // ---- The finance officer: 待遇核定 → 死亡结算, those still to recover.
    page = finance.page;
    const panel = await openDeaths(page);
    const all = await getJson<DeathList>(page, `${server.base}/api/deaths?pageSize=1`);
    expect(all.summary.count).toBe(before.summary.count + 1);
    const summaryText = (s: DeathList['summary']) =>
      `死亡结算 ${s.count.toLocaleString('en-US')} 人，待追回合计 ${yuan(s.outstanding)} 元，可继承合计 ${yuan(s.inheritable)} 元，转入统筹 ${yuan(s.returnedToPool)} 元`;
    await poll(() => panel.getByTestId('death-summary-text').innerText()).toBe(summaryText(all.summary));
    await panel.getByTestId('death-status-open').click();
    await poll(() => panel.locator('.ant-segmented-item-selected').innerText()).toBe('待追回');
    const open = await getJson<DeathList>(page, `${server.base}/api/deaths?status=open&pageSize=20`);
    await poll(() => panel.getByTestId('death-summary-text').innerText()).toBe(summaryText(open.summary));
    const rows = panel.locator('.ant-table-row');
    await poll(() => rows.count()).toBe(open.items.length);
    await poll(() => rows.getByTestId('death-status').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).toEqual(open.items.map(() => 'open'));
    // Newest first: the settlement just made leads.
    expect(open.items[0]!.id).toBe(death.id);
    const row = panel.locator(`.ant-table-row[data-row-key="${death.id}"]`);
    await poll(() => row.innerText()).toMatch(
      new RegExp(
        [person.name, esc(death.idNumberMasked), esc(death.villageName), deathDate, '1', esc(owed), '0\\.00', esc(owed), '0\\.00', '0\\.00', '0\\.00', '0\\.00', '待追回'].join('\\s+'),
      ),
    );
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'deaths.png') });

    // 详情: the amounts and the steps.
    await row.getByTestId('death-detail').click();
    const drawer = page.getByRole('dialog', { name: `死亡结算：${person.name}` });
    await modalOpened(page.locator('.ant-drawer-open .ant-drawer-content-wrapper'));
    await poll(() => drawer.getByTestId('death-outstanding').innerText()).toMatch(new RegExp(`尚未追回\\s*${esc(owed)}\\s*元`));
    await poll(() => drawer.getByTestId('death-heirs').innerText()).toMatch(/应付继承人\s*0\.00\s*元/);
    const steps = drawer.getByTestId('pension-explanation').locator('.xnb-calc-step');
    await poll(() => steps.count()).toBeGreaterThanOrEqual(3);
    await poll(() => steps.nth(0).innerText()).toContain(`${deathDate} 死亡，养老金发放至 ${deathDate.slice(0, 7)}，次月停发`);
    await poll(() => drawer.getByTestId('pension-explanation').innerText()).toMatch(new RegExp(`银行已发放死亡后 1 个月[\\s\\S]*= ${esc(owed)} 元`));
    await poll(() => drawer.getByTestId('pension-citation').count()).toBeGreaterThan(0);

    // 登记追回: more than outstanding is refused on the amount.
    await drawer.getByTestId('death-recover').click();
    const dialog = page.getByRole('dialog', { name: `登记追回：${person.name}` });
    await modalOpened(dialog);
    await poll(() => dialog.getByTestId('death-recover-info').innerText()).toContain(`尚未追回 ${owed} 元`);
    const amount = dialog.locator('input#death-recover-amount');
    expect(await amount.inputValue()).toBe(plain(death.outstanding));
    expect(await dialog.locator('input#death-recover-date').inputValue()).toBe(today);
    await amount.fill(plain(death.outstanding + 100));
    await dialog.getByTestId('death-recover-submit').click();
    await poll(() => dialog.locator('.ant-form-item-explain-error').allInnerTexts()).toEqual([`追回金额超过尚未追回的 ${plain(death.outstanding)} 元`]);
    await page.screenshot({ path: join(SHOTS, 'death-recover-too-much.png') });
    // The outstanding amount closes it.
    await amount.fill(plain(death.outstanding));
    await dialog.getByTestId('death-recover-receipt').fill('SK-2024-0001');
    await dialog.getByTestId('death-recover-submit').click();
    await page.locator('.ant-message-notice', { hasText: `已登记追回 ${owed} 元，多发养老金已全部追回` }).waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await poll(() => drawer.getByTestId('death-status').innerText()).toBe('已追回');
    await poll(() => drawer.getByTestId('death-outstanding').innerText()).toMatch(/尚未追回\s*0\.00\s*元/);
    await poll(() => drawer.getByTestId('death-recovery-parts').innerText()).toMatch(new RegExp(`已缴回\\s*${esc(owed)}`));
    expect(await drawer.getByTestId('death-recover').count()).toBe(0);
    await page.locator('.ant-message-notice').waitFor({ state: 'detached' });
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'death-detail.png') });
    await drawer.getByTestId('pension-explanation').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'death-detail-steps.png') });
    const after = await getJson<Death>(page, `${server.base}/api/deaths/${death.id}`);
    expect(after).toMatchObject({ recovered: death.amountToRecover, outstanding: 0, recoveryStatus: 'recovered' });
    await drawer.locator('.ant-drawer-close').click();
    await page.locator('.ant-drawer-open').waitFor({ state: 'detached' });

    // It leaves the list of those to recover and is among those recovered.
    await poll(() => row.count()).toBe(0);
    await panel.getByTestId('death-status-recovered').click();
    await poll(() => row.innerText()).toMatch(new RegExp(`${person.name}[\\s\\S]*已追回`));

    // The resident record links to the settlement.
    record = await openResident(page, person.name, person.residentId);
    await poll(() => record.getByTestId('resident-death').innerText()).toContain(`已抵扣/追回 ${owed} 元`);
    expect(await record.getByText('尚未追回').count()).toBe(0);
    await record.getByTestId('resident-death-open').click();
    await poll(() => page.getByRole('dialog', { name: `死亡结算：${person.name}` }).getByTestId('death-status').innerText()).toBe('已追回');
    await finance.context.close();

    // ---- The county director sees the settlements but records nothing.
    const director = await newPage(browser, errors);
    page = director.page;
    await signIn(page, server.base, 'director');
    const dpanel = await openDeaths(page);
    const drow = dpanel.locator(`.ant-table-row[data-row-key="${death.id}"]`);
    await poll(() => drow.innerText()).toContain(person.name);
    await drow.getByTestId('death-name').click();
    const ddrawer = page.getByRole('dialog', { name: `死亡结算：${person.name}` });
    await poll(() => ddrawer.getByTestId('death-status').innerText()).toBe('已追回');
    expect(await ddrawer.getByTestId('death-recover').count()).toBe(0);
    await ddrawer.locator('.ant-drawer-close').click();
    await page.locator('.ant-drawer-open').waitFor({ state: 'detached' });
    // The tab is in the address; the same in English.
    await page.evaluate("localStorage.setItem('xnb.lang', 'en')");
    await page.reload();
    const en = page.getByRole('tabpanel', { name: 'Deaths' });
    await en.getByTestId('death-summary-text').waitFor({ timeout: 20_000 });
    await poll(() => en.getByTestId('death-summary-text').innerText()).toMatch(/^Settled: [\d,]+; still to recover: [\d,]+\.\d\d yuan; inheritable: [\d,]+\.\d\d yuan; returned to the pool: [\d,]+\.\d\d yuan$/);
    await poll(() => en.getByTestId('death-status-filter').innerText()).toMatch(/All[\s\S]*To recover[\s\S]*Recovered[\s\S]*Nothing overpaid/);
    await poll(() => en.locator(`.ant-table-row[data-row-key="${death.id}"]`).innerText()).toContain('Recovered');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'deaths-en.png') });
    // After the death and the recovery the books still agree: the director checks them on the audit page.
    await page.evaluate("localStorage.setItem('xnb.lang', 'zh-CN')");
    await page.goto(`${server.base}/audit`);
    await page.getByTestId('ledger-verify').click();
    const verdict = page.getByTestId('ledger-verify-result');
    await poll(() => verdict.innerText()).toContain('账务一致');
    expect(await verdict.innerText()).toContain('应追回金额等于结算所列银行已发放明细之和');
    await page.screenshot({ path: join(SHOTS, 'ledger-verify.png') });
    await director.context.close();
    expect(errors).toEqual([]);
  });
});
