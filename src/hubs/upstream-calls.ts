import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { HubConfig } from '../config/hub-config';
import { Instance } from '../instances/instance.entity';
import { AccessTokens } from '../tokens/access-tokens';
import { HubCallObserver } from '../trace-logging/hub-call-observer';
import { WebexClient, WebexRequest, WebexResponse } from '../webex/webex.client';
import { WebexApiException, WebexUnreachableException } from '../webex/webex.exception';

/** Webex statuses that mean "later": waited out within WEBEX_RETRY_BUDGET_MS. */
const RETRYABLE_STATUSES = new Set([429, 503]);
/** When Webex says 429/503 without Retry-After. */
const DEFAULT_RETRY_AFTER_MS = 1000;
const MAX_JITTER_MS = 250;
/** Connection failures retried for idempotent calls (stale keep-alive sockets, resets). */
const CONNECTION_RETRIES = 2;

/**
 * A Webex call on behalf of an instance: its access token, one refresh and retry on a 401, 429
 * and 503 waited out (Retry-After plus jitter) within the retry budget and then handed back with
 * Retry-After, idempotent calls retried on connection errors. Timeouts are not retried (504).
 */
@Injectable()
export class UpstreamCalls {
  constructor(
    private readonly config: HubConfig,
    private readonly webex: WebexClient,
    private readonly tokens: AccessTokens,
    private readonly observer: HubCallObserver,
  ) {}

  async send<T = unknown>(instance: Instance, request: Omit<WebexRequest, 'accessToken'>, idempotent: boolean): Promise<WebexResponse<T>> {
    const deadline = Date.now() + this.config.WEBEX_RETRY_BUDGET_MS;
    let accessToken = await this.tokens.forCall(instance);
    let refreshed = false;
    let connectionRetries = 0;
    for (;;) {
      try {
        // Trace logging (when the instance has it on) records every attempt.
        return await this.observer.observe(instance, request, () => this.webex.send<T>({ ...request, accessToken }));
      } catch (error) {
        if (error instanceof WebexApiException && error.status === 401 && !refreshed) {
          refreshed = true;
          accessToken = await this.tokens.afterRejected(instance, accessToken);
          continue;
        }
        if (error instanceof WebexApiException && RETRYABLE_STATUSES.has(error.status)) {
          const wait = webexRetryWaitMs(error.extra.headers?.['retry-after']) + Math.random() * MAX_JITTER_MS;
          if (Date.now() + wait > deadline) throw withRetryAfter(error);
          await sleep(wait);
          continue;
        }
        if (error instanceof WebexUnreachableException && idempotent && connectionRetries < CONNECTION_RETRIES) {
          connectionRetries++;
          await sleep(50 * connectionRetries);
          continue;
        }
        throw error;
      }
    }
  }
}

/** The caller is told when to come back even when Webex did not say. */
function withRetryAfter(error: WebexApiException): WebexApiException {
  if (error.extra.headers?.['retry-after']) return error;
  const seconds = String(DEFAULT_RETRY_AFTER_MS / 1000);
  return new WebexApiException(error.status, error.extra.providerMessage ?? '', error.extra.trackingId, { 'retry-after': seconds }, error.upstreamBody);
}

/** How long to wait before retrying Webex: its Retry-After (seconds or an HTTP date), or Webex's default when absent or unreadable. */
export function webexRetryWaitMs(value: string | undefined, now = Date.now()): number {
  if (!value) return DEFAULT_RETRY_AFTER_MS;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? DEFAULT_RETRY_AFTER_MS : Math.max(0, date - now);
}
