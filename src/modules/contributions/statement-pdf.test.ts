// The PDF font on a machine without Debian's fonts-noto-cjk: the Noto Sans Hans shipped through npm, and the
// statement printed with it reads back in Chinese (names outside GB2312 included).
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pdfText } from '../../../tests/support/pdf-text.js';
import { defaultCjkFont, packagedCjkFont, SYSTEM_CJK_FONT } from '../../config.js';
import { ACCOUNT_SOURCES, type AccountSource } from '../../rules/index.js';
import type { AccountStatement, ContributionRecord } from './service.js';
import { statementPdf } from './statement-pdf.js';

const NO_SYSTEM_FONT = { path: '/nonexistent/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' };

const person = { name: '王堃', idNumberMasked: '370783********0012', villageName: '洛城街道东斟灌村', householdNo: 'H0001', countyName: '寿光市', identity: null, firstMonth: '2015-03' };

const contribution: ContributionRecord = {
  id: 1, residentId: 1, name: '王堃', idNumberMasked: '370783********0012', villageCode: '370783001001', villageName: '洛城街道东斟灌村',
  year: 2024, kind: 'yearly', tier: 50000, identity: 'ordinary', individual: 50000, hardshipPayment: 0, governmentSubsidy: 6000,
  collectiveSubsidy: 0, sponsorship: 0, totalCredited: 56000, paidOn: '2024-03-01', channel: 'cash', receiptNo: 'SG-1', status: 'posted',
  reversalReason: null, recordedBy: 'coordinator',
};

const balances = Object.fromEntries(ACCOUNT_SOURCES.map((s) => [s, 0])) as Record<AccountSource, number>;
const statement: AccountStatement = { residentId: 1, balances: { ...balances, individual: 50000, governmentSubsidy: 6000 }, total: 56000, entries: [], contributions: [contribution] };

describe('the CJK font for PDFs', () => {
  it('uses the system font where installed, else the Noto Sans Hans shipped through npm', () => {
    const packaged = packagedCjkFont();
    expect(packaged?.path).toMatch(/@embedpdf\/fonts-sc\/fonts\/NotoSansHans-Regular\.otf$/);
    expect(existsSync(packaged!.path)).toBe(true);
    expect(defaultCjkFont(NO_SYSTEM_FONT)).toEqual(packaged);
    expect(defaultCjkFont()).toEqual(existsSync(SYSTEM_CJK_FONT.path) ? SYSTEM_CJK_FONT : packaged);
  });

  it('prints the statement in Chinese with the packaged font', async () => {
    const pdf = await statementPdf(defaultCjkFont(NO_SYSTEM_FONT), person, statement, '2025-01-02');
    expect(Buffer.from(pdf).toString('latin1')).toContain('+NotoSansHans-Regular');
    const { pages, text } = pdfText(pdf);
    expect(pages).toBe(1);
    expect(text).toContain('城乡居民基本养老保险个人账户对账单');
    expect(text).toMatch(/王堃\s+370783\*{8}0012\s+洛城街道东斟灌村/);
    expect(text).toMatch(/2024\s+当年\s+500\.00\s+500\.00/);
    expect(text).toContain('已入账');
  });

  it('names the missing font in a clear error', () => {
    expect(() => statementPdf(NO_SYSTEM_FONT, person, statement, '2025-01-02')).toThrow(expect.objectContaining({ code: 'PDF_FONT_MISSING' }));
  });
});
