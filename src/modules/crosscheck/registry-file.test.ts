import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { idCheckChar } from '../../rules/index.js';
import { checkRegistryRow, registryRows, type RegistryPiece } from './registry-file.js';

const id = (first17: string) => first17 + idCheckChar(first17);
const A = id('37078319540615123');

async function rows(name: string, bytes: Uint8Array, registry: Parameters<typeof registryRows>[1] = 'employee_pension', piece = 7): Promise<{ row: number; cells: string[] }[]> {
  // Fed in small pieces, as a stream cuts a file anywhere (inside a character or a quoted field).
  async function* pieces() {
    for (let at = 0; at < bytes.length; at += piece) yield bytes.subarray(at, at + piece);
  }
  const out: { row: number; cells: string[] }[] = [];
  for await (const p of registryRows(name, registry, pieces()) as AsyncGenerator<RegistryPiece>) p.rows.forEach((row, i) => out.push({ row, cells: p.cells[i]! }));
  return out;
}

describe('reading a registry file as a stream', () => {
  it('numbers rows as Excel does, keeps quoted commas and line breaks, skips blank lines, puts columns in order', async () => {
    const text = `\ufeff单位名称,姓名,身份证号码,参保状态,待遇开始年月\r\n"寿光市化肥厂,一分厂",张三,${A},领取,2015-07\r\n\r\n"多行\n单位",李四,${A},参保,\r\n`;
    expect(await rows('x.csv', new TextEncoder().encode(text))).toEqual([
      { row: 2, cells: [A, '张三', '领取', '2015-07', '寿光市化肥厂,一分厂'] },
      { row: 4, cells: [A, '李四', '参保', '', '多行\n单位'] },
    ]);
  });

  it('reads a GBK file cut at any byte', async () => {
    const bytes = iconv.encode(`身份证号码,姓名,死亡日期\n${A},王五,2025-03-01\n`, 'gbk');
    expect(await rows('死亡.csv', bytes, 'death', 3)).toEqual([{ row: 2, cells: [A, '王五', '2025-03-01', ''] }]);
  });

  it('refuses a file without the required columns, naming them', async () => {
    await expect(rows('x.csv', new TextEncoder().encode('姓名,备注\n张三,x\n'))).rejects.toMatchObject({ code: 'IMPORT_HEADER', params: { columns: '身份证号码, 姓名' } });
  });
});

describe('checking a registry row', () => {
  const today = '2026-12-01';
  it('gives the staging row: the status in codes, a month typed 201507 or 2015/07 read as 2015-07, spaces out of the name', () => {
    expect(checkRegistryRow('employee_pension', 2, [A, '张 三', '领取', '2015/07', ''], today)).toMatchObject({ idNumber: A, name: '张三', status: 'recipient', date: '2015-07' });
    expect(checkRegistryRow('institution_pension', 2, [A, '张三', '', '201507', ''], today)).toMatchObject({ status: 'recipient', date: '2015-07' });
    expect(checkRegistryRow('bank_card', 2, ['6228 4800 0000 0000 011', A, '张三', '销户'], today)).toMatchObject({ card: '6228480000000000011', status: 'closed' });
  });

  it('names each bad field of the row', () => {
    const errors = checkRegistryRow('employee_pension', 9, [`${A.slice(0, 17)}0`.replace(/0$/, A.endsWith('0') ? '1' : '0'), '', '退保', '2030-01', ''], today);
    expect(Array.isArray(errors) && errors.map((e) => [e.code, e.row, e.field])).toEqual([
      ['CROSSCHECK_ID_NUMBER', 9, 'idNumber'],
      ['CROSSCHECK_NAME', 9, 'name'],
      ['CROSSCHECK_STATUS', 9, 'status'],
      ['CROSSCHECK_MONTH', 9, 'benefitFrom'],
    ]);
    expect(checkRegistryRow('death', 3, [A, '张三', '2027-01-01', ''], today)).toEqual([expect.objectContaining({ code: 'CROSSCHECK_DATE', field: 'deathDate' })]);
  });
});
