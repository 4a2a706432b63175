import { Injectable } from '@nestjs/common';
import { HubConfig } from '../config/hub-config';
import { rateLimited } from './auth.exception';
import { TokenBuckets } from '../common/token-buckets';

/**
 * HUB_RATE_LIMIT_PER_MINUTE per organization, as a token bucket (bursts up to a minute's worth,
 * refilled continuously). Kept in this process's memory: with N replicas an organization may make
 * up to N times the limit, the price of a check that costs no database round trip.
 */
@Injectable()
export class OrganizationRateLimit {
  private readonly buckets: TokenBuckets<number>;
  private readonly perMinute: number;

  constructor(config: HubConfig) {
    this.perMinute = config.HUB_RATE_LIMIT_PER_MINUTE;
    this.buckets = new TokenBuckets(this.perMinute);
  }

  /** Takes one request from the organization's bucket, or throws 429 with the seconds until one is back (`now` in ms). */
  take(organizationId: number, now = performance.now()): void {
    const retryAfter = this.buckets.take(organizationId, now);
    if (retryAfter !== undefined) throw rateLimited(`This organization made more than ${this.perMinute} requests in a minute; retry in ${retryAfter} s`, retryAfter);
  }

  /** Takes one request if the bucket has one; false (nothing taken) when `take` would throw. */
  tryTake(organizationId: number): boolean {
    return this.buckets.take(organizationId, performance.now()) === undefined;
  }
}
