import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { fetch } from 'undici';
import type { Webhook } from './model';
import type { EmulatorOptions } from './options';
import type { ChangeRecord } from './store';

function parseFilter(filter: string): Array<[string, string]> {
  return filter
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      return [pair.slice(0, eq), decodeURIComponent(pair.slice(eq + 1))] as [string, string];
    });
}

/** Webex filter semantics: every `key=value` must hold for the resource's data. */
function filterMatches(webhook: Webhook, data: Record<string, unknown>): boolean {
  if (!webhook.filter) return true;
  return parseFilter(webhook.filter).every(([key, value]) => {
    const actual = data[key];
    if (key === 'mentionedPeople') return Array.isArray(actual) && actual.includes(value === 'me' ? webhook.createdBy : value);
    if (key === 'hasFiles') return String(Array.isArray(data.files) && data.files.length > 0) === value;
    if (key === 'personEmail') return typeof actual === 'string' && actual.toLowerCase() === value.toLowerCase();
    return actual !== undefined && String(actual) === value;
  });
}

export function webhookMatches(webhook: Webhook, change: ChangeRecord): boolean {
  if (webhook.status !== 'active') return false;
  // Webex has no webhooks for room tabs; they only appear as compliance events.
  if (change.resource === 'tabs') return false;
  if (webhook.resource !== 'all' && webhook.resource !== change.resource) return false;
  if (webhook.event !== 'all' && webhook.event !== change.event) return false;
  if (webhook.ownedBy !== 'org' && !change.audience.has(webhook.createdBy)) return false;
  return filterMatches(webhook, change.webhookData);
}

/** The body Webex posts to a webhook's target URL. */
export function webhookEnvelope(webhook: Webhook, change: ChangeRecord) {
  return {
    id: webhook.id,
    name: webhook.name,
    targetUrl: webhook.targetUrl,
    resource: change.resource,
    event: change.event,
    ...(webhook.filter ? { filter: webhook.filter } : {}),
    orgId: webhook.orgId,
    createdBy: webhook.createdBy,
    appId: webhook.appId,
    ownedBy: webhook.ownedBy,
    status: webhook.status,
    created: webhook.created,
    actorId: change.actorId,
    data: change.webhookData,
  };
}

/** How deliveries are timed, retried and, after repeated failures, stopped. */
export type DeliveryPolicy = Pick<EmulatorOptions, 'webhookTimeoutMs' | 'webhookRetryDelaysMs' | 'webhookDisableAfterFailures' | 'webhookFailureWindowMs'>;

/**
 * Posts webhook bodies in the background; `flush()` lets tests wait for them. A failed attempt
 * (no answer, or not 2xx) is retried after each of `webhookRetryDelaysMs`; every failed attempt
 * counts, and `webhookDisableAfterFailures` of them within `webhookFailureWindowMs` set the
 * webhook `inactive`, as Webex does, until a `PUT` with `status: active`.
 */
export class WebhookDelivery {
  private readonly pending = new Set<Promise<void>>();
  delivered = 0;
  failed = 0;
  disabled = 0;

  constructor(private readonly policy: DeliveryPolicy) {}

  dispatch(webhooks: Iterable<Webhook>, change: ChangeRecord): void {
    for (const webhook of webhooks) {
      if (!webhookMatches(webhook, change)) continue;
      const body = JSON.stringify(webhookEnvelope(webhook, change));
      const delivery = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.deliver(webhook, body));
      this.pending.add(delivery);
      void delivery.finally(() => this.pending.delete(delivery));
    }
  }

  private async deliver(webhook: Webhook, body: string): Promise<void> {
    const waits = [0, ...this.policy.webhookRetryDelaysMs];
    for (const wait of waits) {
      if (wait > 0) await sleep(wait);
      if (webhook.status !== 'active') return;
      if (await this.post(webhook, body)) {
        this.delivered++;
        return;
      }
      this.noteFailure(webhook);
    }
    this.failed++;
  }

  private async post(webhook: Webhook, body: string): Promise<boolean> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (webhook.secret) headers['x-spark-signature'] = createHmac('sha1', webhook.secret).update(body).digest('hex');
    try {
      const res = await fetch(webhook.targetUrl, { method: 'POST', headers, body, signal: AbortSignal.timeout(this.policy.webhookTimeoutMs) });
      await res.body?.cancel();
      return res.ok;
    } catch {
      return false;
    }
  }

  private noteFailure(webhook: Webhook): void {
    const now = Date.now();
    const recent = (webhook.failures ?? []).filter((at) => at > now - this.policy.webhookFailureWindowMs);
    recent.push(now);
    webhook.failures = recent;
    if (webhook.status === 'active' && recent.length >= this.policy.webhookDisableAfterFailures) {
      webhook.status = 'inactive';
      this.disabled++;
    }
  }

  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
