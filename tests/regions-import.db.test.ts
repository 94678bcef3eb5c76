import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from './support/test-app.js';

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn(t.users.system_admin);
});
afterAll(async () => {
  await t.close();
});

function upload(name: string, content: string | Uint8Array): FormData {
  const form = new FormData();
  form.append('file', new File([content], name));
  return form;
}

async function regionCount(): Promise<number> {
  const { n } = await t.database.db.selectFrom('region').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return n;
}

describe('region import', () => {
  const good = '区划代码,名称\n370783115000,羊口镇\n370783115001,"羊口村"\n370783115002,海港村\n';

  it('imports a CSV of a township and its villages, and a second upload of the same file changes nothing', async () => {
    const first = await admin.send('POST', '/api/regions/import', upload('villages.csv', `\uFEFF${good}`));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ inserted: 3, updated: 0, unchanged: 0 });
    const again = await admin.send('POST', '/api/regions/import', upload('villages.csv', `\uFEFF${good}`));
    expect(await again.json()).toEqual({ inserted: 0, updated: 0, unchanged: 3 });
    const tree = (await (await admin.get('/api/regions/tree')).json()) as { root: { children: { code: string; children?: { name: string }[] }[] } };
    expect(tree.root.children.find((c) => c.code === '370783115000')?.children?.map((v) => v.name)).toEqual(['羊口村', '海港村']);
  });

  it('rejects a file with errors as a whole, naming every row and field, in both languages', async () => {
    const before = await regionCount();
    const bad = 'code,name\n370783116001,新村\n37078311600,坏代码\n370783001009,\n370783001009,重复\n370781001005,别县村\n';
    const res = await admin.send('POST', '/api/regions/import', upload('bad.csv', bad));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; errors: { row: number; field: string; code: string; message: string }[] };
    expect(body.code).toBe('IMPORT_INVALID');
    expect(body.errors.map((e) => [e.row, e.field, e.code])).toEqual([
      [2, 'code', 'REGION_PARENT_MISSING'],
      [3, 'code', 'REGION_CODE_FORMAT'],
      [4, 'name', 'REGION_NAME_EMPTY'],
      [5, 'code', 'REGION_DUPLICATE'],
      [6, 'code', 'REGION_OTHER_COUNTY'],
    ]);
    expect(body.errors[0]!.message).toContain('370783116000');
    expect(await regionCount()).toBe(before);
    const en = await admin.send('POST', '/api/regions/import', upload('bad.csv', bad), { 'accept-language': 'en' });
    expect(((await en.json()) as { message: string }).message).toBe('The file has 5 errors; nothing was imported');
  });

  it('reads an Excel workbook and renames an existing village', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('区划');
    sheet.addRow(['区划代码', '名称']);
    sheet.addRow(['370783115002', '海港社区']);
    sheet.addRow(['370783115003', '新港村']);
    const data = new Uint8Array(await workbook.xlsx.writeBuffer());
    const res = await admin.send('POST', '/api/regions/import', upload('regions.xlsx', data));
    expect(await res.json()).toEqual({ inserted: 1, updated: 1, unchanged: 0 });
  });

  it('refuses other file types and files without the header', async () => {
    const pdf = await admin.send('POST', '/api/regions/import', upload('regions.pdf', 'x'));
    expect(await pdf.json()).toMatchObject({ code: 'IMPORT_FILE_TYPE', field: 'file' });
    const noHeader = await admin.send('POST', '/api/regions/import', upload('r.csv', '370783115004,村\n'));
    expect(await noHeader.json()).toMatchObject({ code: 'IMPORT_HEADER', row: 1 });
  });
});
