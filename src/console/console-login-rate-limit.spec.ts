import { HubConfig } from '../config/hub-config';
import { HubError } from '../common/hub-error';
import { ConsoleLoginRateLimit } from './console-login-rate-limit';

function refusal(take: () => void): { status: number; retryAfter?: string } | undefined {
  try {
    take();
    return undefined;
  } catch (error) {
    if (!(error instanceof HubError)) throw error;
    return { status: error.status, retryAfter: error.extra.headers?.['retry-after'] };
  }
}

describe('ConsoleLoginRateLimit', () => {
  const limit = (perMinute: number) => new ConsoleLoginRateLimit({ HUB_CONSOLE_LOGINS_PER_MINUTE: perMinute } as HubConfig);

  it('lets an address make a minute’s worth of logins at once, then answers 429 with the seconds until the next', () => {
    const sut = limit(3);
    for (let i = 0; i < 3; i++) expect(refusal(() => sut.take('198.51.100.1', 0))).toBeUndefined();
    expect(refusal(() => sut.take('198.51.100.1', 0))).toEqual({ status: 429, retryAfter: '20' });
    // Another address has its own bucket.
    expect(refusal(() => sut.take('198.51.100.2', 0))).toBeUndefined();
    // One login is back after a third of a minute.
    expect(refusal(() => sut.take('198.51.100.1', 20_000))).toBeUndefined();
    expect(refusal(() => sut.take('198.51.100.1', 20_000))?.status).toBe(429);
  });

  it('is off at 0', () => {
    const sut = limit(0);
    for (let i = 0; i < 100; i++) expect(refusal(() => sut.take('198.51.100.1', 0))).toBeUndefined();
  });

  it('keeps limiting a busy address when a full map is pruned', () => {
    const sut = limit(2);
    for (let i = 0; i < 9_999; i++) sut.take(`10.0.${i >> 8}.${i & 255}`, 0);
    // A minute later those buckets are full again (idle); this address empties its own.
    sut.take('203.0.113.1', 60_000);
    sut.take('203.0.113.1', 60_000);
    sut.take('203.0.113.2', 60_000);
    expect(refusal(() => sut.take('203.0.113.1', 60_000))?.status).toBe(429);
  });
});
