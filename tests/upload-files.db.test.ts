// Files as offices really upload them (issue 9): Excel cells typed as numbers and dates, CSV saved by Chinese
// Excel (GBK), damaged workbooks, huge and chunked uploads, a 0-byte bank return, a mistyped bank card — through
// the HTTP API of the enrolment import, the region import and the bank return.
import { crc32 } from 'node:zlib';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaToday } from '../src/http/clock.js';
import { idCheckChar } from '../src/rules/index.js';
import { enrolledPerson, setPaidThrough } from './support/pension-fixtures.js';
import { createTestApp, HOME, type Session, type TestApp } from './support/test-app.js';

let t: TestApp;
let coord: Session;
let admin: Session;
let bank: Session;

const NUMBER_ZH = '以数字格式保存，Excel 只保留 15 位有效数字，请把该列设为文本格式';
const NUMBER_EN = 'stored as a number; Excel keeps only 15 significant digits; format the column as text';
const id = (birth: string, seq: string) => `370783${birth}${seq}${idCheckChar(`370783${birth}${seq}`)}`;
const thisMonth = chinaToday().slice(0, 7);

type Body = Record<string, any>;
async function json(res: Response): Promise<Body> {
  return (await res.json()) as Body;
}

function form(name: string, bytes: Uint8Array | string): FormData {
  const f = new FormData();
  f.set('file', new File([bytes], name));
  return f;
}

async function workbook(rows: unknown[][], shape?: (sheet: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('参保登记');
  for (const r of rows) sheet.addRow(r);
  shape?.(sheet);
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** A complete zip holding one stored text file: a zip, but not a workbook. */
function plainZip(name: string, text: string): Uint8Array {
  const data = new TextEncoder().encode(text);
  const nameBytes = new TextEncoder().encode(name);
  const crc = crc32(data);
  const local = new DataView(new ArrayBuffer(30));
  local.setUint32(0, 0x04034b50, true);
  local.setUint16(4, 20, true);
  local.setUint32(14, crc, true);
  local.setUint32(18, data.length, true);
  local.setUint32(22, data.length, true);
  local.setUint16(26, nameBytes.length, true);
  const central = new DataView(new ArrayBuffer(46));
  central.setUint32(0, 0x02014b50, true);
  central.setUint16(6, 20, true);
  central.setUint32(16, crc, true);
  central.setUint32(20, data.length, true);
  central.setUint32(24, data.length, true);
  central.setUint16(28, nameBytes.length, true);
  const dirStart = 30 + nameBytes.length + data.length;
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, 1, true);
  end.setUint16(10, 1, true);
  end.setUint32(12, 46 + nameBytes.length, true);
  end.setUint32(16, dirStart, true);
  return new Uint8Array(Buffer.concat([new Uint8Array(local.buffer), nameBytes, data, new Uint8Array(central.buffer), nameBytes, new Uint8Array(end.buffer)]));
}

const importApplications = (f: FormData, headers: Record<string, string> = {}) => coord.send('POST', '/api/enrolment/applications/import', f, headers);
const importRegions = (f: FormData, headers: Record<string, string> = {}) => admin.send('POST', '/api/regions/import', f, headers);

beforeAll(async () => {
  t = await createTestApp();
  coord = await t.signIn(t.users.village_coordinator);
  admin = await t.signIn(t.users.system_admin);
  bank = await t.signIn(t.users.agent_bank);
});
afterAll(async () => {
  await t.close();
});

describe('Excel cells read by their type', () => {
  const HEADER = ['身份证号码', '姓名', '出生日期', '村代码', '与户主关系', '银行账号', '参保年月', '非在校学生且未参加其他养老保险'];

  it('refuses an ID number typed into a General cell (370783196405012422 comes back as …2000, which passes the check digit)', async () => {
    const bytes = await workbook([HEADER, [370783196405012422, '郑一', '', HOME.village, '户主', '', '', '是']]);
    const res = await importApplications(form('batch.xlsx', bytes));
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.code).toBe('IMPORT_INVALID');
    expect(body.errors).toEqual([expect.objectContaining({ code: 'FILE_NUMBER_CELL', row: 2, field: 'idNumber' })]);
    expect(body.errors[0].message).toContain('第 2 行“身份证号码”列（370783196405012000）');
    expect(body.errors[0].message).toContain(NUMBER_ZH);
    const en = await json(await importApplications(form('batch.xlsx', bytes), { 'accept-language': 'en' }));
    expect(en.errors[0].message).toContain('Row 2, column "身份证号码"');
    expect(en.errors[0].message).toContain(NUMBER_EN);
  });

  it('refuses a 19-digit bank card number typed as a number (it comes back ending in 0000)', async () => {
    const bytes = await workbook([HEADER, [id('19640501', '242'), '郑二', '', HOME.village, '户主', 6222021234567890128, '', '是']]);
    const body = await json(await importApplications(form('card.xlsx', bytes)));
    expect(body.errors).toEqual([expect.objectContaining({ code: 'FILE_NUMBER_CELL', row: 2, field: 'bankAccount' })]);
    expect(body.errors[0].message).toContain('6222021234567890000');
  });

  it('reads a date cell as that date in China time, and a month typed as a date as YYYY-MM', async () => {
    // Midnight of 1964-05-01 in China, as a workbook written in Beijing stores it.
    const birth = new Date(Date.UTC(1964, 3, 30, 16));
    const month = new Date(Date.UTC(Number(thisMonth.slice(0, 4)), Number(thisMonth.slice(5)) - 1, 1));
    const bytes = await workbook([HEADER, [id('19640501', '262'), '郑三', birth, HOME.village, '户主', '', month, '是']], (sheet) => {
      sheet.getCell('C2').numFmt = 'yyyy-mm-dd';
      sheet.getCell('G2').numFmt = 'yyyy-mm';
      sheet.getCell('A2').numFmt = '@';
    });
    const res = await importApplications(form('dates.xlsx', bytes));
    expect(res.status).toBe(200);
    const { batchId } = await json(res);
    const list = await json(await coord.get(`/api/enrolment/applications?batchId=${batchId}`));
    expect(list.items).toEqual([expect.objectContaining({ name: '郑三', birthDate: '1964-05-01' })]);
    const detail = await json(await coord.get(`/api/enrolment/applications/${list.items[0].id}`));
    expect(detail.firstMonth).toBe(thisMonth);
  });

  it('hands out a template whose ID, household, card and date columns are text', async () => {
    const res = await coord.get('/api/enrolment/applications/template.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const sheet = wb.getWorksheet('参保登记')!;
    const header = (sheet.getRow(1).values as string[]).slice(1);
    for (const column of ['身份证号码', '出生日期', '村代码', '户号', '联系电话', '银行账号', '参保年月']) {
      expect(sheet.getColumn(header.indexOf(column) + 1).numFmt, column).toBe('@');
    }
  });
});

describe('CSV encodings', () => {
  const enrolmentCsv = (idNumber: string, name: string) => `身份证号码,姓名,村代码,与户主关系,非在校学生且未参加其他养老保险\r\n${idNumber},${name},${HOME.village},户主,是\r\n`;

  it('reads an enrolment CSV saved by Chinese Excel (GBK, no byte-order mark) without "missing columns"', async () => {
    const res = await importApplications(form('gbk.csv', iconv.encode(enrolmentCsv(id('19700707', '282'), '欧阳娜'), 'gbk')));
    expect(res.status).toBe(200);
    const list = await json(await coord.get(`/api/enrolment/applications?batchId=${(await json(res)).batchId}`));
    expect(list.items.map((a: { name: string }) => a.name)).toEqual(['欧阳娜']);
  });

  it('reads UTF-16 with a byte-order mark, little and big endian, and UTF-8 with or without one', async () => {
    const csv = (code: string, name: string) => `区划代码,名称\r\n${code},${name}\r\n`;
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(csv('370783120000', '测试镇'), 'utf-16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(csv('370783120001', '东村'), 'utf-16be')]);
    expect(await json(await importRegions(form('le.csv', new Uint8Array(le))))).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    expect(await json(await importRegions(form('be.csv', new Uint8Array(be))))).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    expect(await json(await importRegions(form('bom.csv', `\uFEFF${csv('370783120002', '西村')}`)))).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    expect(await json(await importRegions(form('plain.csv', csv('370783120003', '南村'))))).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    const names = await t.database.db.selectFrom('region').select('name').where('code', 'like', '3707831200%').orderBy('code').execute();
    expect(names.map((r) => r.name)).toEqual(['测试镇', '东村', '西村', '南村']);
  });

  it('refuses any other encoding, naming it', async () => {
    const big5 = iconv.encode('區劃代碼,名稱\r\n370783121000,羊口鎮\r\n370783121001,廣陵村\r\n', 'big5');
    const res = await importRegions(form('big5.csv', new Uint8Array(big5)));
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body).toMatchObject({ code: 'FILE_ENCODING', field: 'file' });
    expect(body.message).toContain('Big5');
    const utf16NoBom = await json(await importRegions(form('x.csv', new Uint8Array(iconv.encode('code,name\r\n370783121000,x\r\n', 'utf-16le')))));
    expect(utf16NoBom.message).toContain('UTF-16 (no byte-order mark)');
  });

  it('refuses an ID number that a CSV holds in Excel\'s scientific notation', async () => {
    const body = await json(await importApplications(form('sci.csv', enrolmentCsv('3.70783E+17', '郑五'))));
    expect(body.errors).toEqual([expect.objectContaining({ code: 'FILE_NUMBER_CELL', row: 2, field: 'idNumber' })]);
  });
});

describe('damaged files', () => {
  it('answers 400 FILE_UNREADABLE naming the file for a truncated workbook, garbage, or a zip that is no workbook', async () => {
    const good = await workbook([['区划代码', '名称'], ['370783122000', '某镇']]);
    const cases: [string, Uint8Array][] = [
      ['cut.xlsx', good.slice(0, Math.floor(good.length / 2))],
      ['cut-end.xlsx', good.slice(0, good.length - 10)],
      ['garbage.xlsx', new TextEncoder().encode('this is not a workbook at all')],
      ['other.xlsx', plainZip('readme.txt', 'hello')],
    ];
    for (const [name, bytes] of cases) {
      for (const res of [
        await importRegions(form(name, bytes)),
        await importApplications(form(name, bytes)),
      ]) {
        expect(res.status, name).toBe(400);
        const body = await json(res);
        expect(body, name).toMatchObject({ code: 'FILE_UNREADABLE', field: 'file' });
        expect(body.message).toContain(name);
      }
    }
  });

  it('answers 400 for a body that is not a multipart form', async () => {
    const res = await admin.send('POST', '/api/regions/import', undefined, { 'content-type': 'multipart/form-data; boundary=x' });
    expect(res.status).toBe(400);
  });
});

describe('size and row limits', () => {
  /** A multipart body streamed in 64 KB chunks with no Content-Length (chunked transfer encoding). */
  async function chunkedUpload(name: string, size: number, path: string, session: Session): Promise<Response> {
    const boundary = 'xnbboundary';
    const head = new TextEncoder().encode(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n区划代码,名称\r\n`);
    const tail = new TextEncoder().encode(`\r\n--${boundary}--\r\n`);
    const line = new TextEncoder().encode('370783123001,某村\r\n');
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(head);
      },
      pull(controller) {
        if (sent >= size) {
          controller.enqueue(tail);
          controller.close();
          return;
        }
        const lines = Math.ceil(65536 / line.length);
        const chunk = new Uint8Array(lines * line.length);
        for (let i = 0; i < lines; i++) chunk.set(line, i * line.length);
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    return t.app.request(path, {
      method: 'POST',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
      duplex: 'half',
    } as RequestInit);
  }

  it('refuses a chunked body past 12 MB while it streams (413 FILE_TOO_LARGE), for every upload', async () => {
    for (const [path, session] of [
      ['/api/regions/import', () => admin],
      ['/api/enrolment/applications/import', () => coord],
      ['/api/payroll/2026-01/bank-return', () => bank],
    ] as const) {
      const res = await chunkedUpload('big.csv', 13 * 1024 * 1024, path, session());
      expect(res.status, path).toBe(413);
      expect(await json(res)).toMatchObject({ code: 'FILE_TOO_LARGE', field: 'file' });
    }
  });

  it('stops reading at the row cap: 200,000 rows are refused quickly with 413 FILE_TOO_MANY_ROWS', async () => {
    const started = Date.now();
    const res = await chunkedUpload('rows.csv', 200_000 * 22, '/api/regions/import', admin);
    expect(res.status).toBe(413);
    expect(await json(res)).toMatchObject({ code: 'FILE_TOO_MANY_ROWS', row: 10_002, field: 'file' });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('lists the first 200 row errors and says how many there are', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `3707831${String(i).padStart(4, '0')},坏代码`);
    const res = await importRegions(form('bad.csv', `区划代码,名称\r\n${rows.join('\r\n')}\r\n`));
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.errors).toHaveLength(200);
    expect(body.errorCount).toBe(5000);
    expect(body.message).toContain('5000');
  });
});

describe('bank card numbers', () => {
  it('imports a card number that fails the Luhn check digit, with a warning naming the row', async () => {
    const csv = `身份证号码,姓名,村代码,与户主关系,银行账号,非在校学生且未参加其他养老保险\r\n${id('19710101', '292')},郑六,${HOME.village},户主,6222021234567890121,是\r\n${id('19710101', '302')},郑七,${HOME.village},户主,6222021234567890128,是\r\n${id('19710101', '312')},郑八,${HOME.village},户主,622848001234567,是\r\n`;
    const res = await importApplications(form('cards.csv', csv));
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.submitted).toBe(3);
    expect(body.warnings).toEqual([expect.objectContaining({ code: 'BANK_CARD_LUHN', row: 2, field: 'bankAccount' })]);
    expect(body.warnings[0].message).toContain('6222021234567890121');
  });
});

describe('the bank return', () => {
  let paymentId: number;
  let idNumber: string;

  beforeAll(async () => {
    const reviewer = await t.signIn(t.users.benefit_reviewer);
    const finance = await t.signIn(t.users.finance_officer);
    const residentId = await enrolledPerson(t, { name: '甲', birth: '1954-06-15', village: HOME.otherVillage, years: 5, firstYear: 2010, sex: 'M', bankAccount: '622848000001' });
    expect((await json(await reviewer.send('POST', '/api/pensions/award', { month: '2025-11' }))).awarded).toBe(1);
    await setPaidThrough(t.database.db, '2025-12', { residentId: residentId });
    for (const month of ['2026-01', '2026-02']) {
      expect((await reviewer.send('POST', '/api/payroll', { month })).status).toBe(202);
      await t.jobs.idle();
      expect((await finance.send('POST', `/api/payroll/${month}/approve`)).status).toBe(200);
      if (month === '2026-01') {
        const line = await t.database.db.selectFrom('pension_payment').select('id').where('month', '=', month).executeTakeFirstOrThrow();
        paymentId = line.id;
        idNumber = (await t.database.db.selectFrom('resident').select('id_number').where('id', '=', residentId).executeTakeFirstOrThrow()).id_number;
        // The 2026-02 payroll waits for the 2026-01 return before it can be generated.
        const gbk = iconv.encode(`付款编号,公民身份号码,失败原因\r\n${paymentId},${idNumber},账户已销户（户名不符）\r\n`, 'gbk');
        const settled = await bank.send('POST', '/api/payroll/2026-01/bank-return', form('退票.csv', new Uint8Array(gbk)));
        expect(settled.status).toBe(200);
      }
    }
  });

  it('reads a GBK return and keeps the Chinese failure reason readable', async () => {
    const line = await t.database.db.selectFrom('pension_payment').select(['status', 'failure_reason']).where('id', '=', paymentId).executeTakeFirstOrThrow();
    expect(line).toEqual({ status: 'failed', failure_reason: '账户已销户（户名不符）' });
  });

  it('refuses a damaged workbook or an ID typed as a number, and settles nothing', async () => {
    const good = await workbook([['付款编号', '公民身份号码', '失败原因'], [paymentId, Number(idNumber.slice(0, 17)) * 10, '账户冻结']]);
    const cut = await bank.send('POST', '/api/payroll/2026-02/bank-return', form('return.xlsx', good.slice(0, 1000)));
    expect(cut.status).toBe(400);
    expect(await json(cut)).toMatchObject({ code: 'FILE_UNREADABLE' });
    const numeric = await json(await bank.send('POST', '/api/payroll/2026-02/bank-return', form('return.xlsx', good)));
    expect(numeric.errors).toEqual([expect.objectContaining({ code: 'FILE_NUMBER_CELL', row: 2, field: 'idNumber' })]);
    const payroll = await t.database.db.selectFrom('payroll').select('status').where('month', '=', '2026-02').executeTakeFirstOrThrow();
    expect(payroll.status).toBe('approved');
  });

  it('hands out an Excel template whose columns are text, and reads it back filled in', async () => {
    const res = await bank.get('/api/payroll/templates/bank-return.xlsx');
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, '付款编号', '公民身份号码', '失败原因']);
    for (const col of [1, 2, 3]) expect(sheet.getColumn(col).numFmt).toBe('@');
    expect(wb.worksheets.map((w) => w.name)).toEqual(['银行回盘', '填写说明']);
    // Filled in as a clerk would: the ID as text. This one does not belong to the payment: named by row and column.
    sheet.addRow([String(paymentId), id('19500101', '123'), '户名不符']);
    const filled = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const refused = await json(await bank.send('POST', '/api/payroll/2026-02/bank-return', form('回盘.xlsx', filled)));
    expect(refused.errors).toEqual([expect.objectContaining({ row: 2 })]);
    expect((await t.database.db.selectFrom('payroll').select('status').where('month', '=', '2026-02').executeTakeFirstOrThrow()).status).toBe('approved');
    expect((await t.signIn(t.users.village_coordinator).then((s) => s.get('/api/payroll/templates/bank-return.xlsx'))).status).toBe(403);
  });

  it('takes a 0-byte return as "nothing failed", like a header row alone', async () => {
    const res = await bank.send('POST', '/api/payroll/2026-02/bank-return', form('empty.csv', new Uint8Array(0)));
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ failed: 0, unchanged: false });
    expect((await t.database.db.selectFrom('payroll').select('status').where('month', '=', '2026-02').executeTakeFirstOrThrow()).status).toBe('settled');
  });
});
