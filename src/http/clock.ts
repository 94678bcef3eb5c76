import { readFileSync } from 'node:fs';

/**
 * The instant the business clock says it is (ms since the epoch). Real time, except under tests
 * (NODE_ENV=test): `setTestClock` fixes it in-process, and for a server run as a child process
 * (browser tests) the file named by `XNB_TEST_CLOCK_FILE` holds an ISO instant the test can move.
 * It decides business dates (today, a submission's day, an approval's day), never session or
 * rate-limit timing.
 */
export function clockNow(): number {
  if (process.env.NODE_ENV !== 'test') return Date.now();
  if (fixedNow !== null) return fixedNow;
  const file = process.env.XNB_TEST_CLOCK_FILE;
  if (file) {
    try {
      const at = Date.parse(readFileSync(file, 'utf8').trim());
      if (Number.isFinite(at)) return at;
    } catch {
      /* no file yet: real time */
    }
  }
  return Date.now();
}

let fixedNow: number | null = null;

/** Tests only: fixes the business clock at an ISO instant (`2026-06-02T09:00:00+08:00`), or back to real time with null. */
export function setTestClock(at: string | null): void {
  fixedNow = at === null ? null : Date.parse(at);
}

/** The business clock's instant as a Date (for timestamps of business steps: approved, settled, submitted). */
export function clockDate(): Date {
  return new Date(clockNow());
}

/** Today's date in China (UTC+8, no daylight saving): it decides ages, application dates and months. */
export function chinaToday(now: number = clockNow()): string {
  return new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
}
