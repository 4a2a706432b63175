/** An access token is refreshed before a call when it expires within this... */
const MAX_EXPIRY_MARGIN_MS = 60_000;
/** ...or within this fraction of its lifetime, whichever is smaller: a token that lives 30 s is not stale from birth. */
const EXPIRY_MARGIN_FRACTION = 0.1;

/**
 * When to refresh a token that lives `expiresInSeconds`: ahead of expiry by `aheadFraction` of its
 * lifetime, minus up to 5% jitter so a fleet of instances granted together does not refresh together.
 */
export function nextRefreshAt(expiresInSeconds: number, aheadFraction: number, now = Date.now(), random = Math.random): Date {
  const lifetimeMs = Math.max(expiresInSeconds, 1) * 1000;
  const jitterMs = lifetimeMs * 0.05 * random();
  return new Date(now + lifetimeMs * (1 - aheadFraction) - jitterMs);
}

/**
 * How close to its expiry an access token is refreshed before a call uses it: the smaller of 60 s
 * and a tenth of its lifetime (issued at `issuedAt`, expiring at `expiresAt`). Without an issue
 * time the lifetime is unknown, and the margin is the full 60 s.
 */
export function expiryMarginMs(expiresAt: Date | string, issuedAt: Date | string | null): number {
  if (!issuedAt) return MAX_EXPIRY_MARGIN_MS;
  const lifetimeMs = new Date(expiresAt).getTime() - new Date(issuedAt).getTime();
  return Math.max(0, Math.min(MAX_EXPIRY_MARGIN_MS, lifetimeMs * EXPIRY_MARGIN_FRACTION));
}
