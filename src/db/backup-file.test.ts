import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { BackupFileError, checkBackupFile } from './backup-file.js';

const dir = mkdtempSync(join(tmpdir(), 'xnb-backup-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A one-member ustar archive, as tar(1) and PGlite write it. */
function tarOf(name: string, content: Buffer): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 'latin1');
  header.write('0000644\0', 100, 'latin1');
  header.write('0000000\0', 108, 'latin1');
  header.write('0000000\0', 116, 'latin1');
  header.write(`${content.length.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  header.write('00000000000\0', 136, 'latin1');
  header.write('0', 156, 'latin1');
  header.write('ustar\x0000', 257, 'latin1');
  header.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of header) sum += b;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  const body = Buffer.alloc(Math.ceil(content.length / 512) * 512);
  content.copy(body);
  return Buffer.concat([header, body, Buffer.alloc(1024)]);
}

function file(name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

async function reason(path: string): Promise<string> {
  const error = await checkBackupFile(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BackupFileError);
  return (error as BackupFileError).reason;
}

describe('checkBackupFile', () => {
  const tar = tarOf('PG_VERSION', Buffer.from('17\n'.repeat(400)));

  it('accepts a whole archive', async () => {
    await expect(checkBackupFile(file('whole.tar.gz', gzipSync(tar)))).resolves.toBeUndefined();
  });

  it('refuses a file cut short inside the gzip stream', async () => {
    const gz = gzipSync(tar);
    expect(await reason(file('cut.tar.gz', gz.subarray(0, gz.length - 10)))).toBe('the file ends too early');
  });

  it('refuses an archive cut inside a member, or before its end marker', async () => {
    expect(await reason(file('cut-member.tar.gz', gzipSync(tar.subarray(0, 700))))).toBe('the archive ends in the middle of a file');
    expect(await reason(file('no-end.tar.gz', gzipSync(tar.subarray(0, tar.length - 1024))))).toBe('the archive ends without its end marker');
  });

  it('refuses a file that is not a gzip file, a damaged header and a missing file', async () => {
    expect(await reason(file('garbage.tar.gz', Buffer.from('not a backup at all')))).toMatch(/not a gzip file/);
    const damaged = Buffer.from(tar);
    damaged[0] = 0x41;
    expect(await reason(file('damaged.tar.gz', gzipSync(damaged)))).toBe('the archive is damaged at byte 0');
    expect(await reason(join(dir, 'missing.tar.gz'))).toBe('no such file');
  });
});
