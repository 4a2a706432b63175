const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const RETRY_AFTER_CAP_MS = 24 * 3_600_000;

/** `5s,5m,30m` → milliseconds; HubConfig has already validated the form. */
export function parseSchedule(spec: string): number[] {
  return spec.split(',').map((part) => {
    const [, amount, unit] = /^(\d+)(ms|s|m|h)$/.exec(part.trim())!;
    return Number(amount) * UNIT_MS[unit];
  });
}

/** `30d`, `12h`, `90s` → milliseconds; HubConfig has already validated the form. */
export function parseDuration(spec: string): number {
  const [, amount, unit] = /^(\d+)(ms|s|m|h|d)$/.exec(spec.trim())!;
  return Number(amount) * UNIT_MS[unit];
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from `now`; nonsense is ignored. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const ms = /^\d+$/.test(header.trim()) ? Number(header) * 1000 : Date.parse(header) - now;
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, RETRY_AFTER_CAP_MS) : undefined;
}

/**
 * The wait before the next attempt after `attempts` failed ones, or undefined when the schedule is
 * spent. ±20% jitter keeps a callback that comes back from being hit by every retry at once; a
 * receiver's Retry-After is a floor.
 */
export function nextDelay(schedule: number[], attempts: number, retryAfter?: number, random = Math.random): number | undefined {
  if (attempts > schedule.length) return undefined;
  const base = schedule[attempts - 1] * (0.8 + 0.4 * random());
  return Math.round(Math.max(base, retryAfter ?? 0));
}
