/** Today's date in China (UTC+8, no daylight saving): it decides ages, application dates and months. */
export function chinaToday(now: number = Date.now()): string {
  return new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
}
