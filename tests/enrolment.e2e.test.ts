// The enrolment workflow in the browser, one account per level of the demo county: the village
// coordinator fills in the form (a wrong ID number is shown on its field), the township clerk approves,
// the county auditor confirms, and the person appears in the resident record as enrolled.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { idCheckChar } from '../src/rules/index.js';
import { browserSuite, choose, modalOpened, newPage, SHOTS, signIn } from './support/e2e.js';

const FIRST17 = '37078319850720999';
const ID_NUMBER = FIRST17 + idCheckChar(FIRST17);
const WRONG_ID = FIRST17 + (idCheckChar(FIRST17) === '0' ? '1' : '0');
const NAME = '王小明';

describe('enrolment in the browser', () => {
  const suite = browserSuite({ DEMO_RESIDENTS: '3000' });

  it('village → township → county, then the resident record shows the enrolment', { timeout: 120_000 }, async () => {
    // The village coordinator.
    const coord = await newPage(suite.browser, suite.errors);
    let page = coord.page;
    await signIn(page, suite.server.base, 'coord_shengcheng');
    await page.locator('.ant-menu-item', { hasText: '参保登记' }).click();
    await page.getByTestId('enrolment-new').click();
    const dialog = page.locator('.ant-modal', { hasText: '参保登记表' });
    await modalOpened(dialog);
    await dialog.locator('#idNumber').fill(WRONG_ID);
    await dialog.locator('#name').fill(NAME);
    await choose(page, dialog.locator('.ant-select', { has: page.locator('#relation') }), '户主');
    await dialog.getByText('本人不是在校学生').click();
    await dialog.getByText('本人未参加城镇职工基本养老保险').click();
    // Everything but the check digit is right before it is sent.
    await expect.poll(() => dialog.locator('#idNumber').inputValue()).toBe(WRONG_ID);
    await expect.poll(() => dialog.locator('.ant-select', { has: page.locator('#relation') }).innerText()).toContain('户主');
    await dialog.getByTestId('enrolment-form-submit').click();
    await expect.poll(() => dialog.locator('.ant-form-item-explain-error').allInnerTexts()).toEqual([expect.stringContaining('校验位')]);
    await page.screenshot({ path: join(SHOTS, 'enrolment-form-error.png') });
    await dialog.locator('#idNumber').fill(ID_NUMBER);
    await expect.poll(() => dialog.getByText('出生日期 1985-07-20，男').isVisible()).toBe(true);
    await dialog.getByTestId('enrolment-form-submit').click();
    await page.getByText(`${NAME} 的参保申请已提交`).waitFor();
    await expect.poll(() => page.locator('.ant-table-row', { hasText: NAME }).innerText()).toContain('待乡镇审核');
    await page.screenshot({ path: join(SHOTS, 'enrolment-coordinator.png') });
    await coord.context.close();

    // The township clerk sees what waits for review first, opens it and approves it from its details.
    const clerk = await newPage(suite.browser, suite.errors);
    page = clerk.page;
    await signIn(page, suite.server.base, 'clerk_shengcheng');
    await page.locator('.ant-menu-item', { hasText: '参保登记' }).click();
    await page.locator('.ant-table-row', { hasText: NAME }).getByTestId('enrolment-name').click();
    const drawer = page.getByRole('dialog', { name: new RegExp(NAME) });
    await expect.poll(() => drawer.getByTestId('enrolment-detail').innerText()).toContain('待乡镇审核');
    await drawer.getByTestId('enrolment-drawer-actions').getByTestId('enrolment-approve').click();
    await page.locator('.ant-popover:not(.ant-popover-hidden)', { hasText: `审核通过 ${NAME} 的参保申请，报县确认？` }).getByTestId('enrolment-approve-ok').click();
    await page.getByText('1 份申请已审核通过，报县确认').waitFor();
    // The drawer shows the new state and no longer offers the step; the list has moved it on.
    await expect.poll(() => drawer.getByTestId('enrolment-detail').innerText()).toContain('待县级确认');
    await expect.poll(() => drawer.getByTestId('enrolment-drawer-actions').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'enrolment-drawer-approved.png') });
    await clerk.context.close();

    // The county auditor confirms; the home page counts what still waits.
    const auditor = await newPage(suite.browser, suite.errors);
    page = auditor.page;
    await signIn(page, suite.server.base, 'auditor');
    await expect.poll(() => page.getByTestId('home-enrolment').innerText()).toContain('待县级确认');
    await page.locator('.ant-menu-item', { hasText: '参保登记' }).click();
    const auditorRow = page.locator('.ant-table-row', { hasText: NAME });
    await auditorRow.getByRole('checkbox').check();
    await page.screenshot({ path: join(SHOTS, 'enrolment-county.png') });
    await page.getByTestId('enrolment-approve').click();
    const confirm = page.locator('.ant-popover:not(.ant-popover-hidden)', { hasText: '确认所选 1 人参保？' });
    await confirm.getByText('此操作不能撤销', { exact: false }).waitFor();
    await confirm.getByTestId('enrolment-approve-ok').click();
    await page.getByText('1 人已确认参保').waitFor();

    // The resident record.
    await page.locator('.ant-menu-item', { hasText: '居民档案' }).click();
    await page.locator('.xnb-page-title', { hasText: '居民档案' }).waitFor();
    await page.locator('#q').fill(NAME);
    await page.getByRole('button', { name: /查\s*询|搜\s*索/ }).click();
    await page.locator('.ant-table-row', { hasText: NAME }).getByTestId('resident-open').click();
    const record = page.getByTestId('resident-enrolment');
    await expect.poll(() => record.innerText()).toContain('正常参保');
    await expect.poll(() => record.innerText()).toContain('正常缴费');
    await page.screenshot({ path: join(SHOTS, 'enrolment-resident-record.png') });
    await auditor.context.close();
    expect(suite.errors).toEqual([]);
  });

  it('a birth in 1899 shows a warning with a confirmation box; ticked, the application is accepted and flagged', { timeout: 120_000 }, async () => {
    const first17 = '37078318990101997';
    const old = first17 + idCheckChar(first17);
    const coord = await newPage(suite.browser, suite.errors);
    const page = coord.page;
    await signIn(page, suite.server.base, 'coord_shengcheng');
    await page.locator('.ant-menu-item', { hasText: '参保登记' }).click();
    await page.getByTestId('enrolment-new').click();
    const dialog = page.locator('.ant-modal', { hasText: '参保登记表' });
    await modalOpened(dialog);
    await dialog.locator('#idNumber').fill(old);
    await dialog.locator('#name').fill('王百岁');
    await choose(page, dialog.locator('.ant-select', { has: page.locator('#relation') }), '户主');
    await dialog.getByText('本人不是在校学生').click();
    await dialog.getByText('本人未参加城镇职工基本养老保险').click();
    await expect.poll(() => dialog.getByTestId('enrolment-age-warning').innerText()).toContain('1899-01-01');
    // Sent without the tick, the server refuses and the warning stays.
    await dialog.getByTestId('enrolment-form-submit').click();
    await expect.poll(() => dialog.getByTestId('enrolment-age-warning').innerText()).toContain('年龄已核实');
    await dialog.getByTestId('enrolment-confirm-age').click();
    await page.screenshot({ path: join(SHOTS, 'enrolment-age-confirm.png') });
    await dialog.getByTestId('enrolment-form-submit').click();
    await page.getByText('王百岁 的参保申请已提交').waitFor();
    await page.locator('.ant-table-row', { hasText: '王百岁' }).getByText('王百岁').click();
    await expect.poll(() => page.getByTestId('enrolment-detail').innerText()).toContain('年龄已核实');
    await coord.context.close();
    expect(suite.errors).toEqual([]);
  });
});
