import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { RowError } from '../../errors/app-error.js';
import { idCheckChar } from '../../rules/index.js';
import { checkRegistryRow, registryRows } from './registry-file.js';
import { KeyFilter, stagedChunks, stageLine, type StagingState } from './staging.js';

const id = (first17: string) => first17 + idCheckChar(first17);
const A = id('37078319540615123');
const B = id('11010519491231002');
const today = '2026-12-01';
/** A number whose check character is X, typed in lower case. */
const LOWER_X = (() => {
  for (let i = 100; ; i++) if (idCheckChar(`37078319540615${i}`) === 'X') return `37078319540615${i}x`;
})();
type Registry = Parameters<typeof registryRows>[1];

async function* pieces(bytes: Uint8Array, size: number) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

/** The staging text and errors by the fast path (stagedChunks). */
async function staged(registry: Registry, bytes: Uint8Array, size: number, name = 'x.csv', filter?: KeyFilter): Promise<{ text: string; rows: number; errors: RowError[] }> {
  const state: StagingState = { rows: 0, errors: [] };
  const out: Buffer[] = [];
  for await (const chunk of stagedChunks(name, registry, pieces(bytes, size), { today, maxErrors: 10_000, filter }, state)) out.push(Buffer.from(chunk));
  return { text: Buffer.concat(out).toString('utf8'), rows: state.rows, errors: state.errors };
}

/** The same by the general reader and checker alone, row by row. */
async function general(registry: Registry, bytes: Uint8Array, name = 'x.csv'): Promise<{ text: string; rows: number; errors: RowError[] }> {
  let text = '';
  let rows = 0;
  const errors: RowError[] = [];
  for await (const p of registryRows(name, registry, pieces(bytes, 1 << 20))) {
    p.rows.forEach((row, i) => {
      rows++;
      const checked = checkRegistryRow(registry, row, p.cells[i]!, today);
      if (Array.isArray(checked)) errors.push(...checked);
      else text += stageLine(checked);
    });
  }
  return { text: errors.length > 0 ? '' : text, rows, errors };
}

const PENSION_LINES = [
  `${A},张三,领取,2015-07,寿光市化肥厂`,
  `${B},李四,参保,,某市某公司`,
  `${A},欧阳·娜娜,在职参保,,`,
  `${A},Wang Wei,recipient,2020-01,Acme Ltd.`,
  `${A},张 三,退休,2015/07, 寿光市 `,
  `${A},张三,领取,201507,"寿光,一分厂"`,
  `${LOWER_X},张三,领取,2015-07,`,
  `${A},张三,领取,2015-07,${'长'.repeat(120)}`,
  `${A},张三,领取,2015-07,带\\反斜杠`,
  `${A},张三,领取,2015-07,带\t制表`,
  `${A},张三　,领取,2015-07,　全角空格`,
  `${A},张三,领取,2015-07,😀表情`,
  `${A},张三,参保,2026-12,`,
  `${A},〇三,参保,,`,
  '',
  '   ',
  `${A},"多行`,
  `单位",领取,2016-01,x`,
];
const INSTITUTION_LINES = PENSION_LINES.filter((l) => !l.includes('"') && l.trim() !== '').map((l) => {
  const [idNumber, name, , month, unit] = l.split(',');
  return [unit, name, idNumber, month || '2019-03'].join(',');
});
const BAD_PENSION_LINES = [`370783195406159999,某人,领取,2026-01`, `${A},,领取,2026-01`, `${A},丁,退休,2030-01`, `${A},丁,领取,`, `${A},丁,退保,2020-01`, `${A},丁,领取,2020-13`];

describe('staging a registry file as bytes', () => {
  for (const size of [1 << 20, 7, 3]) {
    it(`gives byte for byte what the general reader gives, cut into pieces of ${size} bytes`, async () => {
      const files: [Registry, string][] = [
        ['employee_pension', `\ufeff身份证号码,姓名,参保状态,待遇开始年月,单位名称\r\n${PENSION_LINES.join('\r\n')}\r\n`],
        // Columns in another order, the status left out, no line end at the end.
        ['institution_pension', `单位名称,姓名,身份证号码,待遇开始年月\n\n${INSTITUTION_LINES.join('\n')}`],
        ['death', `\n身份证号码,姓名,死亡日期,信息来源,多余\n${A},王五,2025-03-01,民政,x\n${B},王五,2024-02-29,公安\n${A},王五,2025/03/01,\n${A},王五, 2025-03-01 ,\n`],
        ['bank_card', `卡号,身份证号码,姓名,卡状态\n6228480000000000011,${A},甲,正常\n6228 4800 0000 0000 029,${A},乙,\n622848000000,${B},丙,销户\n6228480000000000011,${A},甲, 注销\n`],
      ];
      for (const [registry, text] of files) {
        const bytes = new TextEncoder().encode(text);
        const expected = await general(registry, bytes);
        expect(expected.errors).toEqual([]);
        expect(await staged(registry, bytes, size)).toEqual(expected);
      }
    });
  }

  it('writes the rows as COPY text with their row numbers', async () => {
    const text = `身份证号码,姓名,参保状态,待遇开始年月,单位名称\n${A},张三,领取,2015-07,寿光市化肥厂\n\n${B},李 四,参保,,\n`;
    expect(await staged('employee_pension', new TextEncoder().encode(text), 5)).toEqual({
      text: `2\t${A}\t张三\trecipient\t2015-07\t\t寿光市化肥厂\n4\t${B}\t李四\tparticipant\t\t\t\n`,
      rows: 2,
      errors: [],
    });
  });

  it('names the bad rows as the general checker does, and yields nothing of a file with one', async () => {
    const text = `身份证号码,姓名,参保状态,待遇开始年月\n${PENSION_LINES.slice(0, 4).join('\n')}\n${BAD_PENSION_LINES.join('\n')}\n${A},张三,领取,2015-07\n`;
    const bytes = new TextEncoder().encode(text);
    const result = await staged('employee_pension', bytes, 11);
    expect(result).toEqual(await general('employee_pension', bytes));
    expect(result.errors.map((e) => [e.row, e.field])).toEqual([
      [6, 'idNumber'],
      [7, 'name'],
      [8, 'benefitFrom'],
      [9, 'benefitFrom'],
      [10, 'status'],
      [11, 'benefitFrom'],
    ]);
    expect(result.text).toBe('');
  });

  it('stages only the rows whose ID number (or card, against the bank) is among the keys, but counts and checks every row', async () => {
    const text = `身份证号码,姓名,参保状态,待遇开始年月\n${A},张三,领取,2015-07\n${B},李四,参保,\n${B},李 四,参保,\n`;
    expect(await staged('employee_pension', new TextEncoder().encode(text), 9, 'x.csv', new KeyFilter(`${A},${id('37078319600101002')}`))).toEqual({
      text: `2\t${A}\t张三\trecipient\t2015-07\t\t\n`,
      rows: 3,
      errors: [],
    });
    const bad = `${text}${B},李四,参保,2030-01\n`;
    expect((await staged('employee_pension', new TextEncoder().encode(bad), 9, 'x.csv', new KeyFilter(A))).errors).toEqual([expect.objectContaining({ row: 5, field: 'benefitFrom' })]);
    // The bank's cards: a row is kept for its card (a pensioner's account) or its ID number.
    const cards = `卡号,身份证号码,姓名\n6228480000000000011,${B},乙\n6228480000000000029,${B},乙\n6228480000000000037,${A},甲\n`;
    expect((await staged('bank_card', new TextEncoder().encode(cards), 1 << 20, 'x.csv', new KeyFilter(`${A},6228480000000000011`))).text).toBe(
      `2\t${B}\t乙\tnormal\t\t6228480000000000011\t\n4\t${A}\t甲\tnormal\t\t6228480000000000037\t\n`,
    );
  });

  it('stages a GBK or UTF-16 file as UTF-8, and refuses a file neither CSV nor Excel', async () => {
    const text = `身份证号码,姓名,死亡日期\n${A},王五,2025-03-01\n${B},赵 六,2025/03/02\n`;
    const expected = { text: `2\t${A}\t王五\tdead\t2025-03-01\t\t\n3\t${B}\t赵六\tdead\t2025-03-02\t\t\n`, rows: 2, errors: [] };
    const bytes = iconv.encode(text, 'gbk');
    expect(await staged('death', bytes, 3, '死亡.csv')).toEqual(expected);
    expect(await staged('death', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]), 5, '死亡.csv')).toEqual(expected);
    await expect(staged('death', bytes, 4, '死亡.txt')).rejects.toMatchObject({ code: 'IMPORT_FILE_TYPE' });
  });
});
