import { Injectable } from '@nestjs/common';
import { HubConfig } from '../config/hub-config';
import { TooManyRequestsException } from '../common/hub.exception';

interface Bucket {
  tokens: number;
  at: number;
}

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
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMinute: number;
  private readonly perMs: number;

  constructor(config: HubConfig) {
    this.perMinute = config.HUB_CONSOLE_LOGINS_PER_MINUTE;
    this.perMs = this.perMinute / 60_000;
  }

  /** Takes one login from the address's bucket, or throws 429 with the seconds until one is back (`now` in ms). */
  take(address: string, now = performance.now()): void {
    if (this.perMinute === 0) return;
    const bucket = this.buckets.get(address);
    if (!bucket) {
      if (this.buckets.size >= MAX_ADDRESSES) this.prune(now);
      this.buckets.set(address, { tokens: this.perMinute - 1, at: now });
      return;
    }
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + Math.max(0, now - bucket.at) * this.perMs);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return;
    }
    const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000));
    throw new TooManyRequestsException(`Too many logins from your address; try again in ${retryAfter} s`, retryAfter);
  }

  /** Frees a tenth of the map at least, so that a flood of new addresses scans it once per thousand of them, not once each. */
  private prune(now: number): void {
    for (const [address, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * this.perMs >= this.perMinute) this.buckets.delete(address);
    }
    for (const address of this.buckets.keys()) {
      if (this.buckets.size < MAX_ADDRESSES * 0.9) break;
      this.buckets.delete(address);
    }
  }
}
