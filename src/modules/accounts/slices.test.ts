import { describe, expect, it } from 'vitest';
import { ChunkSizer } from './slices.js';

describe('ChunkSizer', () => {
  it('keeps the configured size without a time budget', () => {
    const s = new ChunkSizer(1000, undefined);
    expect(s.size).toBe(1000);
    s.record(1000, 5000);
    expect(s.size).toBe(1000);
  });

  it('sizes chunks to the budget from the time per item, at most doubling, within min and max', () => {
    const s = new ChunkSizer(1000, 40);
    expect(s.size).toBe(100); // first chunk: time per item unknown
    s.record(100, 10); // 0.1 ms each: 400 fit in 40 ms, but at most twice the last
    expect(s.size).toBe(200);
    s.record(200, 20);
    expect(s.size).toBe(400);
    s.record(400, 40);
    expect(s.size).toBe(400); // 40 ms / 0.1 ms
    s.record(400, 10); // 0.025 ms each: 1,600 fit, doubling gives 800
    expect(s.size).toBe(800);
    s.record(800, 10);
    expect(s.size).toBe(1000); // never above the configured size
    s.record(1000, 4000); // 4 ms each: 10 fit, the floor is 25
    expect(s.size).toBe(25);
    s.record(25, 50); // 2 ms each: 20 fit, still 25
    expect(s.size).toBe(25);
    s.record(25, 25); // 1 ms each: 40
    expect(s.size).toBe(40);
  });

  it('never goes below a small configured size nor above it', () => {
    const s = new ChunkSizer(10, 40);
    expect(s.size).toBe(10);
    s.record(10, 1000);
    expect(s.size).toBe(10);
  });
});
