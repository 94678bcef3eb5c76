// Qualification certification (资格认证) in the browser: the benefit reviewer opens 待遇核定 → 资格认证, records
// the face-recognition certification of the first person overdue (who leaves the list), suspends everyone
// still overdue, and certifies one of them again, whose pension resumes. The township clerk records
// certifications but cannot suspend.
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, choose, modalOpened, newPage, SHOTS, signIn } from './support/e2e.js';

type State = 'overdue' | 'dueSoon' | 'suspended' | 'current';

interface CertRow {
  pensionId: number;
  name: string;
  idNumberMasked: string;
  status: 'active' | 'suspended';
  lastCertifiedOn: string;
  dueDate: string;
  state: State;
  suspendedFrom: string | null;
}

interface CertPage {
  asOf: string;
  items: CertRow[];
  total: number;
  summary: Record<State, number>;
}

interface CertRecord {
  certifiedOn: string;
  method: string;
  note: string | null;
  resumedFrom: string | null;
  recordedBy: string | null;
}

const STATE_LABEL: Record<State, string> = { overdue: '逾期未认证', dueSoon: '30天内到期', suspended: '已暂停', current: '认证有效' };
const TAG: Record<State, string> = { overdue: '逾期', dueSoon: '即将到期', suspended: '已暂停', current: '有效' };

/** 'YYYY-MM' of the month after the one `date` ('YYYY-MM-DD') falls in. */
function nextMonth(date: string): string {
  const total = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7));
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/** expect.poll with room for a slow first answer of the demo county (the default gives up after one second). */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 });

async function getJson<T>(page: Page, url: string): Promise<T> {
  const res = await page.request.get(url);
  expect(res.status(), url).toBe(200);
  return (await res.json()) as T;
}

/** Opens 待遇核定 from the menu, then its 资格认证 tab, and waits for the counts. */
async function openCertification(page: Page): Promise<Locator> {
  await page.locator('.ant-menu-item', { hasText: '待遇核定' }).click();
  await page.locator('.xnb-page-title', { hasText: '待遇核定' }).waitFor();
  await page.getByRole('tab', { name: '资格认证' }).click();
  await poll(() => new URL(page.url()).searchParams.get('tab')).toBe('certification');
  const panel = page.getByRole('tabpanel', { name: '资格认证' });
  // The first answer can take a few seconds on the demo county.
  await panel.getByTestId('cert-summary-text').waitFor({ timeout: 20_000 });
  await poll(() => panel.getByTestId('cert-summary-text').innerText()).toMatch(/^截至 \d{4}-\d\d-\d\d，领取人员 [\d,]+ 人：/);
  return panel;
}

/** The count shown on a state of the segmented filter. */
async function stateCount(panel: Locator, state: State): Promise<number> {
  const text = await panel.getByTestId(`cert-state-${state}`).innerText();
  const m = new RegExp(`^${STATE_LABEL[state]}\\s*([\\d,]+)$`).exec(text.trim());
  return m ? Number(m[1]!.replace(/,/g, '')) : Number.NaN;
}

describe('qualification certification in the browser', () => {
  const suite = browserSuite({ DEMO_RESIDENTS: '3000' });

  it('the reviewer certifies an overdue pensioner, suspends those still overdue and resumes one by certifying', { timeout: 180_000 }, async () => {
    const { context, page } = await newPage(suite.browser, suite.errors);
    await signIn(page, suite.server.base, 'reviewer');
    const panel = await openCertification(page);
    const listUrl = (q: string) => `${suite.server.base}/api/pensions/certification?${q}`;
    const before = await getJson<CertPage>(page, listUrl('pageSize=1'));
    const { asOf } = before;

    // The segmented filter carries the counts of the summary; 逾期未认证 is the default.
    for (const s of ['overdue', 'dueSoon', 'suspended', 'current'] as const) await poll(() => stateCount(panel, s)).toBe(before.summary[s]);
    await poll(() => panel.getByTestId('cert-summary-text').innerText())
      .toBe(
        `截至 ${asOf}，领取人员 ${(before.summary.overdue + before.summary.dueSoon + before.summary.suspended + before.summary.current).toLocaleString('en-US')} 人：` +
          `逾期未认证 ${before.summary.overdue} 人，30天内到期 ${before.summary.dueSoon} 人，已暂停发放 ${before.summary.suspended} 人`,
      );
    // The demo certified its pensioners on random days of the last ~380 days, so a few are usually overdue;
    // when none is, the first of those due within 30 days is certified instead.
    const state: State = before.summary.overdue > 0 ? 'overdue' : 'dueSoon';
    expect(before.summary[state], 'someone to certify').toBeGreaterThan(0);
    if (state !== 'overdue') await panel.getByTestId(`cert-state-${state}`).click();
    await poll(() => panel.locator('.ant-segmented-item-selected').innerText()).toContain(STATE_LABEL[state]);

    // Due date first, as the API lists them.
    const list = await getJson<CertPage>(page, listUrl(`state=${state}&pageSize=20`));
    const rows = panel.locator('.ant-table-row');
    await poll(() => rows.count()).toBe(list.items.length);
    await poll(() => rows.getByTestId('cert-state').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).toEqual(list.items.map(() => state));
    const person = list.items[0]!;
    const row = panel.locator(`.ant-table-row[data-row-key="${person.pensionId}"]`);
    expect(await rows.first().getAttribute('data-row-key')).toBe(String(person.pensionId));
    await poll(() => row.innerText())
      .toMatch(new RegExp(`${person.name}[\\s\\S]*${person.idNumberMasked.replace(/\*/g, '\\*')}[\\s\\S]*${person.lastCertifiedOn}[\\s\\S]*${person.dueDate}[\\s\\S]*${TAG[state]}`));
    if (state === 'overdue') await poll(() => row.innerText()).toMatch(/超期 \d+ 天/);

    // 登记认证 with 人脸识别; the dialog names the person and proposes today.
    await poll(() => panel.getByTestId('certify-open').isDisabled()).toBe(true);
    await row.getByRole('checkbox').check();
    await poll(() => panel.getByText('已选 1 人').isVisible()).toBe(true);
    await panel.getByTestId('certify-open').click();
    const dialog = page.getByRole('dialog', { name: /登记资格认证/ });
    await modalOpened(dialog);
    await poll(() => dialog.getByTestId('certify-people').innerText()).toContain(person.name);
    expect(await dialog.locator('input#certify-date').inputValue()).toBe(asOf);
    // The method must be chosen.
    await dialog.getByTestId('certify-submit').click();
    await poll(() => dialog.locator('.ant-form-item-explain-error').allInnerTexts()).toEqual(['请选择认证方式']);
    await choose(page, dialog.getByTestId('certify-method'), '人脸识别');
    await dialog.getByTestId('certify-note').fill('社保APP人脸识别');
    await page.screenshot({ path: join(SHOTS, 'certification-modal.png') });
    await dialog.getByTestId('certify-submit').click();
    await page.getByText('已登记 1 人认证，其中恢复发放 0 人').waitFor();
    await dialog.waitFor({ state: 'hidden' });
    // The person leaves the list, whose count drops by one.
    await poll(() => row.count()).toBe(0);
    await poll(() => stateCount(panel, state)).toBe(before.summary[state] - 1);
    await poll(() => stateCount(panel, 'current')).toBe(before.summary.current + 1);
    await poll(() => panel.getByText('已选 0 人').isVisible()).toBe(true);
    const history = await getJson<{ items: CertRecord[] }>(page, `${suite.server.base}/api/pensions/${person.pensionId}/certifications`);
    expect(history.items[0]).toMatchObject({ certifiedOn: asOf, method: 'face', note: '社保APP人脸识别', resumedFrom: null, recordedBy: '赵审批' });
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'certification.png') });

    // The next person is certified from their pension's details: the drawer has 登记认证, and the list follows.
    const second = list.items[1];
    if (second) {
      const secondRow = panel.locator(`.ant-table-row[data-row-key="${second.pensionId}"]`);
      await secondRow.getByTestId('cert-name').click();
      const drawer = page.getByRole('dialog', { name: `养老金核定：${second.name}` });
      await drawer.getByTestId('pension-certify').click();
      const one = page.getByRole('dialog', { name: /登记资格认证/ });
      await modalOpened(one);
      await poll(() => one.getByTestId('certify-people').innerText()).toContain(second.name);
      await choose(page, one.getByTestId('certify-method'), '入户核查');
      await one.getByTestId('certify-submit').click();
      await page.getByText('已登记 1 人认证，其中恢复发放 0 人').last().waitFor();
      await one.waitFor({ state: 'hidden' });
      await page.keyboard.press('Escape');
      await poll(() => secondRow.count()).toBe(0);
      const again = await getJson<{ items: CertRecord[] }>(page, `${suite.server.base}/api/pensions/${second.pensionId}/certifications`);
      expect(again.items[0]).toMatchObject({ certifiedOn: asOf, method: 'visit' });
    }

    // 暂停逾期未认证人员: everyone still overdue in the region.
    if (state !== 'overdue') await panel.getByTestId('cert-state-overdue').click();
    const mid = await getJson<CertPage>(page, listUrl('state=overdue&pageSize=500'));
    const suspendButton = panel.getByTestId('suspend-overdue');
    let suspendedNow = 0;
    if (mid.summary.overdue === 0) {
      // Nothing to suspend: the button says so by being disabled.
      await poll(() => suspendButton.isDisabled()).toBe(true);
    } else {
      await suspendButton.click();
      const confirm = page.getByRole('dialog', { name: '暂停逾期未认证人员的养老金发放？' });
      await modalOpened(confirm);
      await poll(() => confirm.innerText()).toContain(`将暂停寿光市全部逾期未认证人员（${mid.summary.overdue} 人）的养老金发放，自各人认证到期日所在月份的次月起停发。`);
      await page.screenshot({ path: join(SHOTS, 'certification-suspend-confirm.png') });
      await confirm.getByTestId('suspend-overdue-confirm').click();
      const toast = page.locator('.ant-message-notice', { hasText: /已暂停 \d+ 人/ });
      await toast.waitFor();
      suspendedNow = Number(/已暂停 (\d+) 人/.exec(await toast.innerText())![1]);
      await confirm.waitFor({ state: 'hidden' });
    }
    expect(suspendedNow).toBe(mid.summary.overdue);
    await poll(() => stateCount(panel, 'overdue')).toBe(0);
    await poll(() => stateCount(panel, 'suspended')).toBe(before.summary.suspended + suspendedNow);
    await poll(() => suspendButton.isDisabled()).toBe(true);

    if (suspendedNow > 0) {
      // Those suspended, each from the month after the one their certification was due in.
      await panel.getByTestId('cert-state-suspended').click();
      const suspended = await getJson<CertPage>(page, listUrl('state=suspended&pageSize=20'));
      expect(suspended.total).toBe(before.summary.suspended + suspendedNow);
      for (const s of suspended.items) expect(s.suspendedFrom, s.name).toBe(nextMonth(s.dueDate));
      await poll(() => rows.count()).toBe(suspended.items.length);
      const back = suspended.items[0]!;
      const backRow = panel.locator(`.ant-table-row[data-row-key="${back.pensionId}"]`);
      await poll(() => backRow.innerText()).toMatch(new RegExp(`${back.name}[\\s\\S]*已暂停\\s*自 ${back.suspendedFrom} 起暂停`));
      await page.mouse.move(0, 0);
      await page.screenshot({ path: join(SHOTS, 'certification-suspended.png') });

      // The name opens the pension's details, 暂停 there too.
      await backRow.getByTestId('cert-name').click();
      const drawer = page.getByRole('dialog', { name: `养老金核定：${back.name}` });
      await modalOpened(page.locator('.ant-drawer-open .ant-drawer-content-wrapper'));
      await poll(() => drawer.getByTestId('pension-detail').innerText()).toMatch(/状态\s*暂停/);
      await drawer.locator('.ant-drawer-close').click();
      await page.locator('.ant-drawer-open').waitFor({ state: 'detached' });

      // Certified again (by a home visit): the pension resumes.
      await backRow.getByRole('checkbox').check();
      await panel.getByTestId('certify-open').click();
      await modalOpened(dialog);
      await poll(() => dialog.getByTestId('certify-resume-note').innerText()).toContain('所选人员中有 1 人已暂停发放');
      await choose(page, dialog.getByTestId('certify-method'), '入户核查');
      await dialog.getByTestId('certify-submit').click();
      await page.getByText('已登记 1 人认证，其中恢复发放 1 人').waitFor();
      await poll(() => backRow.count()).toBe(0);
      await poll(() => stateCount(panel, 'suspended')).toBe(before.summary.suspended + suspendedNow - 1);
      const pension = await getJson<{ status: string; lastCertifiedOn: string; suspendedFrom: string | null }>(page, `${suite.server.base}/api/pensions/${back.pensionId}`);
      expect(pension).toMatchObject({ status: 'active', lastCertifiedOn: asOf, suspendedFrom: null });
      const again = await getJson<{ items: CertRecord[] }>(page, `${suite.server.base}/api/pensions/${back.pensionId}/certifications`);
      expect(again.items[0]).toMatchObject({ certifiedOn: asOf, method: 'visit', resumedFrom: back.suspendedFrom });
    }
    await context.close();
    expect(suite.errors).toEqual([]);
  });

  it('the township clerk records certifications but cannot suspend', { timeout: 90_000 }, async () => {
    const { context, page } = await newPage(suite.browser, suite.errors);
    await signIn(page, suite.server.base, 'clerk_shengcheng');
    const panel = await openCertification(page);
    const mine = await getJson<CertPage>(page, `${suite.server.base}/api/pensions/certification?pageSize=1`);
    await poll(() => stateCount(panel, 'overdue')).toBe(mine.summary.overdue);
    await poll(() => panel.getByTestId('certify-open').count()).toBe(1);
    expect(await panel.getByTestId('suspend-overdue').count()).toBe(0);
    // The tab is in the address: a reload opens it again.
    await page.reload();
    await page.getByRole('tabpanel', { name: '资格认证' }).getByTestId('cert-summary-text').waitFor({ timeout: 20_000 });
    // It has its own menu entry too (as 死亡结算 has): from the home page it opens the tab, the entry selected.
    await page.locator('.ant-menu-item', { hasText: '首页' }).click();
    await page.locator('.ant-menu-item', { hasText: '资格认证' }).click();
    await poll(() => new URL(page.url()).searchParams.get('tab')).toBe('certification');
    await page.getByRole('tabpanel', { name: '资格认证' }).getByTestId('cert-summary-text').waitFor({ timeout: 20_000 });
    await poll(() => page.locator('.ant-menu-item-selected').innerText()).toBe('资格认证');
    await page.locator('.ant-menu-item', { hasText: '死亡结算' }).click();
    await poll(() => new URL(page.url()).searchParams.get('tab')).toBe('deaths');
    await page.locator('.ant-menu-item', { hasText: '资格认证' }).click();
    await page.getByRole('tabpanel', { name: '资格认证' }).getByTestId('cert-summary-text').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('suspend-overdue').count()).toBe(0);
    // The same in English.
    await page.evaluate("localStorage.setItem('xnb.lang', 'en')");
    await page.reload();
    const en = page.getByRole('tabpanel', { name: 'Certification' });
    await en.getByTestId('cert-summary-text').waitFor({ timeout: 20_000 });
    await poll(() => en.getByTestId('cert-summary-text').innerText()).toMatch(/^As of \d{4}-\d\d-\d\d, [\d,]+ pensioners: /);
    await poll(() => en.getByTestId('cert-state-filter').innerText()).toMatch(/Overdue[\s\S]*Due in 30 days[\s\S]*Suspended[\s\S]*Certified/);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'certification-en.png') });
    await context.close();
    expect(suite.errors).toEqual([]);
  });
});
