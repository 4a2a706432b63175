import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Agent, errors, request } from 'undici';
import { HubConfig } from '../config/hub-config';
import { assertPublicCallback, callbackHost, guardedLookup } from './callback-address';
import { CallbackRefusedError } from './events.exception';
import { retryAfterMs } from './retry-schedule';

/**
 * How long before a callback's advertised keep-alive runs out its connection is no longer used.
 * undici's default, 2 s, meant a receiver that keeps connections 2 s or less (`Keep-Alive:
 * timeout=1`) got a new connection for every event; 500 ms still leaves room for a request's trip.
 */
export const KEEP_ALIVE_MARGIN_MS = 500;

/** What one delivery attempt came to. `final` outcomes are not retried. */
export type DeliveryOutcome =
  | { ok: true; status: number }
  | { ok: false; final: boolean; status?: number; error: string; retryAfterMs?: number };

/**
 * Posts events to callbacks: bounded by a timeout, redirects not followed (undici's default), and
 * unless private callbacks are allowed, only to public addresses, checked on the address dialled.
 */
@Injectable()
export class CallbackClient implements OnApplicationShutdown {
  private readonly agent: Agent;

  constructor(private readonly config: HubConfig) {
    const timeout = config.HUB_EVENT_TIMEOUT_MS;
    this.agent = new Agent({
      keepAliveTimeout: 10_000,
      keepAliveTimeoutThreshold: KEEP_ALIVE_MARGIN_MS,
      headersTimeout: timeout,
      bodyTimeout: timeout,
      connect: { timeout, ...(config.HUB_ALLOW_PRIVATE_CALLBACKS ? {} : { lookup: guardedLookup }) },
    });
  }

  /** Configuration-time check of a callback URL; throws CallbackRefusedError with the reason. */
  async check(url: string): Promise<void> {
    if (this.config.HUB_ALLOW_PRIVATE_CALLBACKS) callbackHost(url);
    else await assertPublicCallback(url);
  }

  async post(url: string, body: string, headers: Record<string, string>): Promise<DeliveryOutcome> {
    try {
      // IP literals never reach the lookup, so they are checked here; names are checked as dialled.
      const host = callbackHost(url).hostname;
      if (!this.config.HUB_ALLOW_PRIVATE_CALLBACKS && (/^[\d.]+$/.test(host) || host.startsWith('['))) await assertPublicCallback(url);
      const response = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'element-hub', ...headers },
        body,
        dispatcher: this.agent,
        signal: AbortSignal.timeout(this.config.HUB_EVENT_TIMEOUT_MS),
      });
      await response.body.dump();
      const status = response.statusCode;
      if (status >= 200 && status < 300) return { ok: true, status };
      const retryAfter = response.headers['retry-after'];
      return {
        ok: false,
        final: status === 410,
        status,
        error: status === 410 ? 'Callback answered 410 Gone: no more attempts' : `Callback answered HTTP ${status}`,
        retryAfterMs: retryAfterMs(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter),
      };
    } catch (error) {
      return this.failure(error);
    }
  }

  private failure(error: unknown): DeliveryOutcome {
    const refused = findRefusal(error);
    if (refused) return { ok: false, final: true, error: `Callback URL refused: it ${refused.message} (set HUB_ALLOW_PRIVATE_CALLBACKS=true to allow)` };
    if (error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError || error instanceof errors.ConnectTimeoutError || (error as Error).name === 'TimeoutError') {
      return { ok: false, final: false, error: `Callback did not answer within ${this.config.HUB_EVENT_TIMEOUT_MS} ms` };
    }
    const code = (error as { code?: string }).code;
    return { ok: false, final: false, error: `Callback unreachable: ${code ?? (error as Error).message ?? 'unknown error'}` };
  }

  /** After the shutdown drain (not at module destroy), so deliveries in flight can finish. */
  async onApplicationShutdown() {
    await this.agent.close();
  }
}

/** undici may wrap the lookup's error; look through `cause`. */
function findRefusal(error: unknown): CallbackRefusedError | undefined {
  for (let e = error; e; e = (e as { cause?: unknown }).cause) {
    if (e instanceof CallbackRefusedError) return e;
  }
  return undefined;
}
