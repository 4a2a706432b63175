import { nextDelay, parseSchedule, retryAfterMs } from './retry-schedule';

describe('retry schedule', () => {
  it('reads the default schedule', () => {
    expect(parseSchedule('5s,5m,30m,2h,5h,10h,24h')).toEqual([5000, 300000, 1800000, 7200000, 18000000, 36000000, 86400000]);
    expect(parseSchedule('50ms,1s')).toEqual([50, 1000]);
  });

  it('jitters each delay within ±20% and gives up after the last', () => {
    const sut = nextDelay;
    const schedule = [1000, 60000];
    expect(sut(schedule, 1, undefined, () => 0)).toBe(800);
    expect(sut(schedule, 1, undefined, () => 1)).toBe(1200);
    expect(sut(schedule, 2, undefined, () => 0.5)).toBe(60000);
    expect(sut(schedule, 3, undefined, () => 0.5)).toBeUndefined();
  });

  it('waits at least as long as Retry-After says', () => {
    expect(nextDelay([1000], 1, 30000, () => 0.5)).toBe(30000);
    expect(retryAfterMs('7')).toBe(7000);
    expect(retryAfterMs(new Date(Date.now() + 60000).toUTCString())).toBeGreaterThan(55000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs('99999999')).toBe(24 * 3600 * 1000);
  });
});
