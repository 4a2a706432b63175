/**
 * When to refresh a token that lives `expiresInSeconds`: ahead of expiry by `aheadFraction` of its
 * lifetime, minus up to 5% jitter so a fleet of instances granted together does not refresh together.
 */
export function nextRefreshAt(expiresInSeconds: number, aheadFraction: number, now = Date.now(), random = Math.random): Date {
  const lifetimeMs = Math.max(expiresInSeconds, 1) * 1000;
  const jitterMs = lifetimeMs * 0.05 * random();
  return new Date(now + lifetimeMs * (1 - aheadFraction) - jitterMs);
}
