import { Injectable } from '@nestjs/common';
import { HubConfig } from '../config/hub-config';
import { TooManyRequestsException } from '../common/hub.exception';

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * HUB_RATE_LIMIT_PER_MINUTE per organization, as a token bucket (bursts up to a minute's worth,
 * refilled continuously). Kept in this process's memory: with N replicas an organization may make
 * up to N times the limit, the price of a check that costs no database round trip.
 */
@Injectable()
export class OrganizationRateLimit {
  private readonly buckets = new Map<number, Bucket>();
  private readonly perMinute: number;
  private readonly perMs: number;

  constructor(config: HubConfig) {
    this.perMinute = config.HUB_RATE_LIMIT_PER_MINUTE;
    this.perMs = this.perMinute / 60_000;
  }

  /** Takes one request from the organization's bucket, or throws 429 with the seconds until one is back (`now` in ms). */
  take(organizationId: number, now = performance.now()): void {
    if (this.perMinute === 0) return;
    const bucket = this.buckets.get(organizationId);
    if (!bucket) {
      this.buckets.set(organizationId, { tokens: this.perMinute - 1, at: now });
      return;
    }
    // A monotonic clock by default; a clock that steps back all the same refills nothing rather than drains.
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + Math.max(0, now - bucket.at) * this.perMs);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return;
    }
    const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000));
    throw new TooManyRequestsException(`This organization made more than ${this.perMinute} requests in a minute; retry in ${retryAfter} s`, retryAfter);
  }
}
