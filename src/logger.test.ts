import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, maskSensitive } from './logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger('info', stream) };
}

describe('logs', () => {
  it('masks ID numbers and bank card numbers inside messages', () => {
    expect(maskSensitive('resident 37078319550315123X paid')).toBe('resident 370783********123X paid');
    expect(maskSensitive('card 6228480402564890018 refused')).toBe('card 622848********0018 refused');
    expect(maskSensitive('old id 370783550315123')).toBe('old id 370783********5123');
    expect(maskSensitive('amount 150000 fen on 2024-01-01')).toBe('amount 150000 fen on 2024-01-01');
  });

  it('redacts ID, bank and password fields of logged objects', () => {
    const { lines, logger } = capture();
    logger.info({ idNumber: '37078319550315123X', person: { bankAccount: '6228480402564890018', password: 'x' } }, 'changed 37078319550315123X');
    const text = lines.join('');
    expect(text).not.toContain('37078319550315123X');
    expect(text).not.toContain('6228480402564890018');
    expect(text).toContain('[redacted]');
    expect(text).toContain('370783********123X');
  });
});
