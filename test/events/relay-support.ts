import { createHmac } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { request } from 'undici';
import { EventDispatcher } from '../../src/events/event-dispatcher';
import { startHub, StartHubOptions, TestHub } from '../support/hub';
import { freePort } from '../support/hub-process';

/** One request the test receiver got. */
export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  json: { message: { eventId: string; instanceId: number; elementKey: string; events: Array<Record<string, string>>; raw: Record<string, any> } };
  at: number;
}

/** How the receiver answers one request; by default 200 at once. */
export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  delayMs?: number;
}

/** A local callback receiver (127.0.0.1:0) that records every request and answers as told. */
export interface Receiver {
  url: string;
  received: Received[];
  /** Answers for the next requests, in order; then `fallback`. */
  answers: Answer[];
  fallback: Answer;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const receiver = { received: [] as Received[], answers: [] as Answer[], fallback: {} as Answer } as Receiver;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      receiver.received.push({ headers: req.headers, body, json: JSON.parse(body), at: Date.now() });
      const answer = receiver.answers.shift() ?? receiver.fallback;
      setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(answer.status ?? 200, answer.headers).end('{}');
      }, answer.delayMs ?? 0);
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/ce`;
  receiver.close = () => new Promise((resolve) => server.close(() => resolve()).closeAllConnections());
  return receiver;
}

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
  const elements = `sha256=${createHmac('sha256', key).update(received.body).digest('base64')}`;
  const id = received.headers['webhook-id'];
  const timestamp = received.headers['webhook-timestamp'];
  const standard = `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${received.body}`).digest('base64')}`;
  return { elements: received.headers['elements-webhook-signature'] === elements, standard: received.headers['webhook-signature'] === standard };
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
