import { randomBytes } from 'node:crypto';
import type { Receiver } from './callback-receiver';
import { verifySignatures } from './callback-receiver';

/** What the demo needs to know of the running hub and emulator. */
export interface WalkthroughTarget {
  /** The hub's base URL, e.g. `http://127.0.0.1:PORT`. */
  hub: string;
  /** The emulator's `/v1` base (the hub's WEBEX_API_URL). */
  webex: string;
  clientId: string;
  clientSecret: string;
  /** `User …, Organization …`. */
  auth: string;
  receiver: Receiver;
}

export interface WalkthroughResult {
  instanceId: number;
  instanceToken: string;
  channelId: string;
}

type Print = (title: string, ...lines: string[]) => void;

const API_PATH = '/elements/api-v2';

/** An HTTP answer read whole; a status other than `expected` fails the step with the body. */
async function call(method: string, url: string, init: { auth?: string; json?: unknown; form?: Record<string, string>; expected?: number } = {}) {
  const headers: Record<string, string> = {};
  if (init.auth) headers.authorization = init.auth;
  let body: string | undefined;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  } else if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  }
  const response = await fetch(url, { method, headers, body, redirect: 'manual' });
  const text = await response.text();
  const expected = init.expected ?? 200;
  if (response.status !== expected) throw new Error(`${method} ${url} answered ${response.status} (expected ${expected}): ${text.slice(0, 500)}`);
  const json = (response.headers.get('content-type') ?? '').includes('json') && text ? JSON.parse(text) : undefined;
  return { status: response.status, headers: response.headers, text, json };
}

/**
 * The README's offline walkthrough as HTTP calls, each printed with its result: OAuth URL, consent
 * at the emulator's page, an instance with events on, a channel and messages, a list page by page,
 * and a Webex event relayed, signed, to the local receiver.
 */
export async function runWalkthrough(target: WalkthroughTarget, print: Print): Promise<WalkthroughResult> {
  const api = `${target.hub}${API_PATH}`;
  const callbackUrl = `${target.hub}/callback`;
  const email = 'ada@example.com';

  const url = await call('GET', `${api}/elements/ciscospark/oauth/url?${new URLSearchParams({ apiKey: target.clientId, apiSecret: target.clientSecret, callbackUrl, state: 'demo' })}`, { auth: target.auth });
  const oauthUrl = new URL(url.json.oauthUrl);
  print('OAuth URL', `GET /elements/ciscospark/oauth/url -> ${oauthUrl.href}`);

  // What a browser does: load the consent page, then post its form with Accept.
  const consent = await call('GET', oauthUrl.href);
  if (!consent.text.includes('Accept')) throw new Error('The consent page has no Accept button');
  const accepted = await call('POST', `${target.webex}/authorize`, { form: { ...Object.fromEntries(oauthUrl.searchParams), email, decision: 'accept' }, expected: 302 });
  const location = new URL(accepted.headers.get('location') ?? '');
  const code = location.searchParams.get('code') ?? '';
  const landing = await call('GET', location.href);
  print('Consent', `${email} accepted on the consent page; Webex redirected to ${location.origin}${location.pathname}?code=…&state=${location.searchParams.get('state')}`, `code: ${code}`, `the callback page answers ${landing.status} and shows the code: ${landing.text.includes(code)}`);

  const signatureKey = randomBytes(16).toString('base64url');
  const created = await call('POST', `${api}/instances`, {
    auth: target.auth,
    json: {
      element: { key: 'ciscospark' },
      providerData: { code },
      configuration: {
        'oauth.api.key': target.clientId,
        'oauth.api.secret': target.clientSecret,
        'oauth.callback.url': callbackUrl,
        'event.notification.enabled': 'true',
        'event.vendor.type': 'webhook',
        'event.notification.callback.url': target.receiver.url,
        'event.notification.signature.key': signatureKey,
        'event.objects': 'messages',
      },
      tags: ['demo'],
      name: "Ada's Webex",
    },
  });
  const instance = created.json as { id: number; token: string; providerData?: unknown };
  print('Instance', `POST /instances -> id ${instance.id}, token ${instance.token}`, `events: relayed to ${target.receiver.url}`);

  const element = `${target.auth}, Element ${instance.token}`;
  const channel = (await call('POST', `${api}/hubs/collaboration/channels`, { auth: element, json: { title: 'Launch' } })).json as { id: string; title: string };
  print('Channel', `POST /hubs/collaboration/channels -> id ${channel.id} ("${channel.title}")`);

  const texts = ['Hello from the hub', 'Second message', 'Third message'];
  const messages: string[] = [];
  for (const text of texts) messages.push((await call('POST', `${api}/hubs/collaboration/channels/${channel.id}/messages`, { auth: element, json: { text } })).json.id);
  print('Messages', `POST /hubs/collaboration/channels/{id}/messages x${messages.length} -> ids ${messages.join(', ')}`);

  const list = `${api}/hubs/collaboration/channels/${channel.id}/messages`;
  const first = await call('GET', `${list}?pageSize=2`, { auth: element });
  const next = first.headers.get('elements-next-page-token') ?? '';
  const second = await call('GET', `${list}?${new URLSearchParams({ pageSize: '2', nextPage: next })}`, { auth: element });
  print(
    'Pages',
    `GET …/messages?pageSize=2 -> ${first.json.length} messages, elements-next-page-token ${next ? 'present' : 'absent'}`,
    `GET …/messages?pageSize=2&nextPage=… -> ${second.json.length} message, elements-next-page-token ${second.headers.get('elements-next-page-token') ? 'present' : 'absent'}`,
  );

  // Webex posted a webhook to the hub for each message; the hub relays it to the receiver.
  const deadline = Date.now() + 20_000;
  const relayed = () => target.receiver.received.find((r) => r.json.message?.events?.[0]?.objectId === messages[0]);
  while (!relayed() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  const event = relayed();
  if (!event) throw new Error('No event reached the receiver within 20 s');
  const { objectType, eventType, objectId } = event.json.message.events[0];
  const signatures = verifySignatures(event, signatureKey);
  print('Event', `the receiver got ${objectType} ${eventType} ${objectId} for instance ${event.json.message.instanceId}`, `Elements-Webhook-Signature verified: ${signatures.elements}, webhook-signature verified: ${signatures.standard}`);

  return { instanceId: instance.id, instanceToken: instance.token, channelId: channel.id };
}
