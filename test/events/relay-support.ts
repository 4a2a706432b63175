import { request } from 'undici';
import { verifySignatures, type Received } from '../../demo/callback-receiver';
import { EventDispatcher } from '../../src/events/event-dispatcher';
import { startHub, StartHubOptions, TestHub } from '../support/hub';
import { freePort } from '../support/hub-process';

export { startReceiver, type Answer, type Received, type Receiver } from '../../demo/callback-receiver';

/** A hub listening on a real port that is also its HUB_PUBLIC_URL, so the emulator's webhooks reach it. */
export async function startRelayHub(options: StartHubOptions = {}): Promise<TestHub & { publicUrl: string; dispatcher: EventDispatcher }> {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const hub = await startHub({ ...options, env: { HUB_PUBLIC_URL: publicUrl, HUB_EVENT_TIMEOUT_MS: '1000', ...options.env } });
  await hub.app.listen(port, '127.0.0.1');
  return Object.assign(hub, { publicUrl, dispatcher: hub.app.get(EventDispatcher) });
}

export const SIGNATURE_KEY = 'ce-signing-key-for-tests';

export function eventsConfiguration(callbackUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'event.notification.enabled': 'true',
    'event.vendor.type': 'webhook',
    'event.notification.callback.url': callbackUrl,
    'event.notification.signature.key': SIGNATURE_KEY,
    ...extra,
  };
}

/** Checks both signatures the way a receiver would, with only the key and the bytes received. */
export function signaturesVerify(received: Received, key = SIGNATURE_KEY): { elements: boolean; standard: boolean } {
  return verifySignatures(received, key);
}

/** A Webex API call as a person of the emulator (their own token, not the hub's). */
export async function asPerson<T = any>(hub: TestHub, token: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const response = await request(`${hub.emulator.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.body.text();
  if (response.statusCode >= 300) throw new Error(`${method} ${path} answered ${response.statusCode}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Waits until `check` holds, polling; fails with `what` after `timeoutMs`. */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
