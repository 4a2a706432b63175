import { HubConfig } from '../config/hub-config';
import { AuthException } from './auth.exception';
import { OrganizationRateLimit } from './organization-rate-limit';

const limitOf = (perMinute: number) => new OrganizationRateLimit(Object.assign(new HubConfig(), { HUB_RATE_LIMIT_PER_MINUTE: perMinute }));

describe('OrganizationRateLimit', () => {
  it('lets a minute of requests through, then answers 429 with the seconds until the next one', () => {
    const sut = limitOf(6);
    for (let i = 0; i < 6; i++) sut.take(1, 1000);
    let refused: unknown;
    try {
      sut.take(1, 1000);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(AuthException);
    expect((refused as AuthException).status).toBe(429);
    // 6 per minute: one request back every 10 s.
    expect((refused as AuthException).extra.headers).toEqual({ 'retry-after': '10' });
  });

  it('refills over time and keeps organizations apart', () => {
    const sut = limitOf(60);
    for (let i = 0; i < 60; i++) sut.take(1, 0);
    expect(() => sut.take(1, 500)).toThrow(AuthException);
    expect(() => sut.take(2, 500)).not.toThrow();
    expect(() => sut.take(1, 1000)).not.toThrow();
    expect(() => sut.take(1, 1000)).toThrow(AuthException);
  });

  it('is not drained by a clock that steps back', () => {
    const sut = limitOf(60);
    sut.take(1, 10_000_000);
    for (let i = 0; i < 59; i++) sut.take(1, 1000);
    expect(() => sut.take(1, 1000)).toThrow(AuthException);
    expect(() => sut.take(1, 2000)).not.toThrow();
  });

  it('never refuses when the limit is 0', () => {
    const sut = limitOf(0);
    for (let i = 0; i < 10_000; i++) sut.take(1, 0);
  });
});
