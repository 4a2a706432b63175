import { Injectable } from '@nestjs/common';
import { HubConfig } from '../config/hub-config';
import { TokenBuckets } from '../common/token-buckets';
import { loginRateLimited } from './console.exception';

/** Addresses remembered at most: past it the idle ones (bucket full again) go, then the oldest. */
const MAX_ADDRESSES = 10_000;

/**
 * HUB_CONSOLE_LOGINS_PER_MINUTE per client address, as a token bucket (bursts up to a minute's
 * worth). It runs before anything else of a login, so a flood of logins costs no password hash and
 * cannot take the CPU from API calls. Kept in this process's memory, as the organizations' API limit
 * is: with N replicas an address may make N times the limit.
 */
@Injectable()
export class ConsoleLoginRateLimit {
  private readonly buckets: TokenBuckets<string>;

  constructor(config: HubConfig) {
    this.buckets = new TokenBuckets(config.HUB_CONSOLE_LOGINS_PER_MINUTE, MAX_ADDRESSES);
  }

  /** Takes one login from the address's bucket, or throws 429 with the seconds until one is back (`now` in ms). */
  take(address: string, now = performance.now()): void {
    const retryAfter = this.buckets.take(address, now);
    if (retryAfter !== undefined) throw loginRateLimited(retryAfter);
  }
}
