import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

/** Why a backup file cannot be restored, in words for the operator (the CLI prints it). */
export class BackupFileError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'BackupFileError';
  }
}

const BLOCK = 512;

function octal(field: Uint8Array): number {
  const text = Buffer.from(field).toString('latin1').replace(/\0.*$/s, '').trim();
  return text === '' ? 0 : /^[0-7]+$/.test(text) ? parseInt(text, 8) : NaN;
}

function checksumOk(header: Uint8Array): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]!;
  return octal(header.subarray(148, 156)) === sum;
}

/** Walks tar headers as the bytes arrive, keeping only the current header in memory. */
class TarWalker {
  private header = Buffer.alloc(0);
  private skip = 0;
  private offset = 0;
  private members = 0;
  private ended = false;

  push(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length && !this.ended) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - i);
        this.skip -= n;
        i += n;
        this.offset += n;
        continue;
      }
      const n = Math.min(BLOCK - this.header.length, chunk.length - i);
      this.header = Buffer.concat([this.header, chunk.subarray(i, i + n)]);
      i += n;
      if (this.header.length < BLOCK) continue;
      const header = this.header;
      this.header = Buffer.alloc(0);
      if (header.every((b) => b === 0)) {
        this.ended = true;
        break;
      }
      const size = octal(header.subarray(124, 136));
      if (!checksumOk(header) || !Number.isSafeInteger(size)) throw new BackupFileError(`the archive is damaged at byte ${this.offset}`);
      this.offset += BLOCK;
      this.skip = Math.ceil(size / BLOCK) * BLOCK;
      this.members += 1;
    }
  }

  end(): void {
    if (this.skip > 0) throw new BackupFileError('the archive ends in the middle of a file');
    if (!this.ended) throw new BackupFileError('the archive ends without its end marker');
    if (this.members === 0) throw new BackupFileError('the archive is empty');
  }
}

/**
 * Checks that a file written by `xinnongbao backup` (a gzip'd tar of the data folder) is whole before
 * anything is restored from it: the gzip stream is valid and complete, every tar header is intact,
 * every member's content is there and the archive has its end marker. Given a truncated file, PGlite
 * itself dies half-way with a zlib stack trace. Streams, so a large backup is not held in memory twice.
 */
export async function checkBackupFile(path: string): Promise<void> {
  const walker = new TarWalker();
  const gunzip = createGunzip();
  const source = createReadStream(path);
  source.on('error', (error) => gunzip.destroy(error));
  source.pipe(gunzip);
  try {
    for await (const chunk of gunzip) walker.push(chunk as Buffer);
  } catch (error) {
    if (error instanceof BackupFileError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'Z_BUF_ERROR') throw new BackupFileError('the file ends too early');
    if (code === 'Z_DATA_ERROR') throw new BackupFileError('it is not a gzip file, or the compressed data is damaged');
    if (code === 'ENOENT') throw new BackupFileError('no such file');
    throw new BackupFileError((error as Error).message);
  }
  walker.end();
}
