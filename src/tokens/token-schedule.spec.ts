import { expiryMarginMs, nextRefreshAt } from './token-schedule';

const NOW = Date.parse('2026-12-03T08:00:00Z');
const at = (offsetMs: number) => new Date(NOW + offsetMs);

describe('nextRefreshAt', () => {
  it('is ahead of expiry by the fraction of the lifetime, less up to 5% jitter', () => {
    const hour = 3_600_000;
    expect(nextRefreshAt(3600, 0.2, NOW, () => 0)).toEqual(at(0.8 * hour));
    expect(nextRefreshAt(3600, 0.2, NOW, () => 1)).toEqual(at(0.75 * hour));
  });

  it('treats a lifetime below a second as one second', () => {
    expect(nextRefreshAt(0, 0.5, NOW, () => 0)).toEqual(at(500));
  });
});

describe('expiryMarginMs', () => {
  it('is 60 s for a token that lives long (Webex: 14 days)', () => {
    expect(expiryMarginMs(at(14 * 86_400_000), at(0))).toBe(60_000);
    expect(expiryMarginMs(at(10 * 60_000), at(0))).toBe(60_000);
  });

  it('is a tenth of the lifetime for a token that lives less than 10 minutes, so it is not stale from birth', () => {
    expect(expiryMarginMs(at(5 * 60_000), at(0))).toBe(30_000);
    expect(expiryMarginMs(at(30_000), at(0))).toBe(3_000);
    expect(expiryMarginMs(at(2_000), at(0))).toBe(200);
  });

  it('reads the times as stored (ISO text from a raw query) as well as dates', () => {
    expect(expiryMarginMs(at(30_000).toISOString(), at(0).toISOString())).toBe(3_000);
  });

  it('is 60 s when the issue time is unknown, and never negative', () => {
    expect(expiryMarginMs(at(30_000), null)).toBe(60_000);
    expect(expiryMarginMs(at(0), at(1_000))).toBe(0);
  });
});
