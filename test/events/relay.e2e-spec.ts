import { createHmac } from 'node:crypto';
import { SecretBox } from '../../src/common/secret-box';
import { EventOutbox as OutboxStore } from '../../src/events/event-outbox';
import { OutboxEvent } from '../../src/events/outbox-event.entity';
import { EventRegistration } from '../../src/events/event-registration.entity';
import { Instance } from '../../src/instances/instance.entity';
import { InstanceToken } from '../../src/tokens/instance-token.entity';
import { TokenEvents } from '../../src/tokens/token-events';
import type { TokenHolder } from '../../src/tokens/token-grants';
import { API, TestHub } from '../support/hub';
import { connectInstance, ConnectedInstance } from '../support/recipe';
import { asPerson, eventsConfiguration, eventually, Receiver, SIGNATURE_KEY, signaturesVerify, startReceiver, startRelayHub } from './relay-support';

type RelayHub = Awaited<ReturnType<typeof startRelayHub>>;

describe('event relay: Webex webhooks in, signed Cloud Elements events out', () => {
  let hub: RelayHub;
  let receiver: Receiver;
  let instance: ConnectedInstance;
  let roomId: string;

  beforeAll(async () => {
    receiver = await startReceiver();
    hub = await startRelayHub({ env: { HUB_EVENT_RETRY_SCHEDULE: '100ms,100ms,100ms,100ms' } });
    instance = await connectInstance(hub, { configuration: eventsConfiguration(receiver.url) });
    roomId = (await asPerson(hub, instance.personToken, 'POST', '/rooms', { title: 'Relay room' })).id;
    await settle();
  });
  afterAll(async () => {
    await hub.close();
    await receiver.close();
  });
  beforeEach(() => {
    receiver.answers = [];
    receiver.fallback = {};
  });

  const outbox = () => hub.dataSource().getRepository(OutboxEvent);
  const webexWebhooks = () => [...hub.emulator.emulator.store.webhooks.values()];
  const ourWebhooks = () => webexWebhooks().filter((w) => w.targetUrl.startsWith(`${hub.publicUrl}/elements/api-v2/events/ciscospark/`));
  /** Lets the emulator's webhook posts land, then delivers what is due. */
  async function settle(): Promise<void> {
    await hub.emulator.flushWebhooks();
    await hub.dispatcher.drain();
  }
  const deliveriesOf = (objectId: string) => receiver.received.filter((r) => r.json.message.events[0].objectId === objectId);
  const events = (id = instance.id, query: Record<string, string> = {}) => hub.http().get(`${API}/instances/${id}/events`).query(query).set('Authorization', hub.auth);

  /** A Webex delivery signed with the instance's real webhook secret, posted to its real target. */
  function signedDelivery(body: string) {
    const webhook = ourWebhooks()[0];
    const signature = createHmac('sha1', webhook.secret!).update(body).digest('hex');
    return hub.http().post(new URL(webhook.targetUrl).pathname).set('content-type', 'application/json').set('x-spark-signature', signature).send(body);
  }

  it('registers one Webex webhook per watched resource, with a secret kept sealed, and does not duplicate them on reconfiguration', async () => {
    expect(ourWebhooks().map((w) => [w.resource, w.event]).sort()).toEqual([
      ['memberships', 'all'],
      ['messages', 'all'],
      ['rooms', 'all'],
    ]);
    const secret = ourWebhooks()[0].secret!;
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(new Set(ourWebhooks().map((w) => w.secret)).size).toBe(1);

    for (let i = 0; i < 2; i++) {
      await hub.http().patch(`${API}/instances/${instance.id}`).set('Authorization', hub.auth).send({ configuration: { 'event.objects': 'messages,memberships,rooms' } }).expect(200);
    }
    expect(ourWebhooks()).toHaveLength(3);
    const dump = await hub.dump();
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain(eventsConfiguration('')['event.notification.signature.key']);
    expect(hub.logs.join('')).not.toContain(secret);
  });

  it('relays a message created, edited and deleted in Webex as CREATED, UPDATED and DELETED, both signatures verifying', async () => {
    const message = await asPerson(hub, instance.personToken, 'POST', '/messages', { roomId, text: 'hello relay' });
    await settle();
    await asPerson(hub, instance.personToken, 'PUT', `/messages/${message.id}`, { roomId, text: 'hello again' });
    await settle();
    await asPerson(hub, instance.personToken, 'DELETE', `/messages/${message.id}`);
    await settle();

    const got = deliveriesOf(message.id);
    expect(got.map((r) => r.json.message.events[0].eventType)).toEqual(['CREATED', 'UPDATED', 'DELETED']);
    for (const r of got) {
      expect(signaturesVerify(r)).toEqual({ elements: true, standard: true });
      expect(signaturesVerify(r, 'some-other-key')).toEqual({ elements: false, standard: false });
      const { message: m } = r.json;
      expect(m).toMatchObject({ instanceId: instance.id, elementKey: 'ciscospark' });
      expect(m.events[0]).toMatchObject({ objectType: 'messages', objectId: message.id, elementKey: 'ciscospark' });
      expect(Number.isNaN(Date.parse(m.events[0].eventDate))).toBe(false);
      expect(m.raw).toMatchObject({ resource: 'messages', data: { id: message.id, roomId } });
      expect(r.headers['webhook-id']).toBe(m.eventId);
      expect(Math.abs(Number(r.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(30);
    }
    expect(got[0].json.message.events[0].eventDate).toBe(message.created);

    const listed = await events().expect(200);
    const mine = listed.body.filter((e: { objectId: string }) => e.objectId === message.id);
    expect(mine.map((e: { eventType: string; status: string; attempts: number }) => [e.eventType, e.status, e.attempts])).toEqual([
      ['DELETED', 'NOTIFIED', 1],
      ['UPDATED', 'NOTIFIED', 1],
      ['CREATED', 'NOTIFIED', 1],
    ]);
    const one = await hub.http().get(`${API}/instances/${instance.id}/events/${mine[2].id}`).set('Authorization', hub.auth).expect(200);
    expect(one.body).toMatchObject({ id: mine[2].id, status: 'NOTIFIED', raw: { event: 'created', data: { id: message.id } } });
  });

  it('relays rooms and memberships too: a room title change is an UPDATED rooms event', async () => {
    await asPerson(hub, instance.personToken, 'PUT', `/rooms/${roomId}`, { title: 'Renamed room' });
    await settle();
    expect(deliveriesOf(roomId).map((r) => [r.json.message.events[0].objectType, r.json.message.events[0].eventType])).toEqual([
      ['rooms', 'CREATED'],
      ['rooms', 'UPDATED'],
    ]);
    expect(receiver.received.some((r) => r.json.message.events[0].objectType === 'memberships' && r.json.message.events[0].eventType === 'CREATED')).toBe(true);
  });

  it('answers 401 to a forged or unsigned delivery, and stores and delivers nothing', async () => {
    const target = new URL(ourWebhooks()[0].targetUrl).pathname;
    const body = JSON.stringify({ id: 'x', resource: 'messages', event: 'created', data: { id: 'forged-message' } });
    const before = await outbox().count();
    const heard = receiver.received.length;

    const unsigned = await hub.http().post(target).set('content-type', 'application/json').send(body).expect(401);
    expect(unsigned.body).toMatchObject({ message: expect.stringMatching(/X-Spark-Signature/) });
    const forged = createHmac('sha1', 'not-the-secret').update(body).digest('hex');
    await hub.http().post(target).set('content-type', 'application/json').set('x-spark-signature', forged).send(body).expect(401);
    await hub.http().post(target).set('content-type', 'application/json').set('x-spark-signature', 'zz').send(body).expect(401);
    // A good signature over other bytes: the body must be the signed one, byte for byte.
    const other = createHmac('sha1', ourWebhooks()[0].secret!).update(`${body} `).digest('hex');
    await hub.http().post(target).set('content-type', 'application/json').set('x-spark-signature', other).send(body).expect(401);
    await hub.http().post(`${API}/events/ciscospark/no-such-target`).set('content-type', 'application/json').set('x-spark-signature', forged).send(body).expect(404);

    await settle();
    expect(await outbox().count()).toBe(before);
    expect(receiver.received.length).toBe(heard);
  });

  it('stores a repeated Webex delivery once', async () => {
    const body = JSON.stringify({ id: ourWebhooks()[0].id, resource: 'messages', event: 'created', created: '2026-01-01T00:00:00.000Z', data: { id: 'dup-message', created: '2026-01-01T00:00:01.000Z' } });
    await signedDelivery(body).expect(200);
    await signedDelivery(body).expect(200);
    expect(await outbox().countBy({ objectId: 'dup-message' })).toBe(1);
    await settle();
    expect(deliveriesOf('dup-message')).toHaveLength(1);
  });

  /** Runs the dispatcher as time passes until `objectId`'s event settles (NOTIFIED or FAILED). */
  async function deliverUntilSettled(objectId: string, timeoutMs = 15000): Promise<OutboxEvent> {
    let row: OutboxEvent | null = null;
    await eventually(
      `${objectId} to settle`,
      async () => {
        await hub.dispatcher.runOnce();
        row = await outbox().findOneBy({ objectId });
        return row?.status === 'NOTIFIED' || row?.status === 'FAILED';
      },
      timeoutMs,
    );
    return row!;
  }

  it('retries a failing receiver (500, then a timeout, then Retry-After) on schedule and delivers once it recovers', async () => {
    receiver.answers = [{ status: 500 }, { delayMs: 1500 }, { status: 429, headers: { 'retry-after': '1' } }];
    await signedDelivery(JSON.stringify({ id: 'w', resource: 'messages', event: 'created', data: { id: 'flaky-message' } })).expect(200);

    await hub.dispatcher.runOnce();
    const afterFirst = (await events()).body.find((e: { objectId: string }) => e.objectId === 'flaky-message');
    expect(afterFirst).toMatchObject({ status: 'RECEIVED', attempts: 1, lastStatus: 500, lastError: expect.stringMatching(/HTTP 500/) });
    expect(Date.parse(afterFirst.nextAttemptDate)).toBeGreaterThan(Date.now() - 1000);

    const row = await deliverUntilSettled('flaky-message');
    expect(row).toMatchObject({ status: 'NOTIFIED', attempts: 4, lastError: null });
    const got = deliveriesOf('flaky-message');
    expect(got).toHaveLength(4);
    expect(new Set(got.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(new Set(got.map((r) => r.body)).size).toBe(1);
    // 100 ms ±20% between the early attempts; Retry-After: 1 holds the last one back a second.
    expect(got[1].at - got[0].at).toBeGreaterThanOrEqual(75);
    expect(got[3].at - got[2].at).toBeGreaterThanOrEqual(950);
    for (const r of got) expect(signaturesVerify(r)).toEqual({ elements: true, standard: true });
  });

  it('stops at once on 410, and after the schedule on a receiver that keeps failing; a FAILED event can be redelivered', async () => {
    receiver.answers = [{ status: 410 }];
    await signedDelivery(JSON.stringify({ id: 'w', resource: 'messages', event: 'created', data: { id: 'gone-message' } })).expect(200);
    const gone = await deliverUntilSettled('gone-message');
    expect(gone).toMatchObject({ status: 'FAILED', attempts: 1, lastStatus: 410 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await hub.dispatcher.drain();
    expect(deliveriesOf('gone-message')).toHaveLength(1);

    receiver.fallback = { status: 503 };
    await signedDelivery(JSON.stringify({ id: 'w', resource: 'messages', event: 'created', data: { id: 'down-message' } })).expect(200);
    const down = await deliverUntilSettled('down-message');
    expect(down).toMatchObject({ status: 'FAILED', attempts: 5, lastStatus: 503 });
    expect(deliveriesOf('down-message')).toHaveLength(5);

    receiver.fallback = {};
    const redeliver = (id: string) => hub.http().post(`${API}/instances/${instance.id}/events/${id}/redeliver`).set('Authorization', hub.auth);
    expect((await redeliver(down.id).expect(200)).body).toMatchObject({ status: 'RECEIVED', attempts: 0 });
    await redeliver(down.id).expect(409);
    expect((await deliverUntilSettled('down-message')).status).toBe('NOTIFIED');
    await redeliver(down.id).expect(409);
    await hub.http().post(`${API}/instances/${instance.id}/events/00000000-0000-4000-8000-000000000000/redeliver`).set('Authorization', hub.auth).expect(404);
  });

  it('pages the event list newest first and keeps other organizations out', async () => {
    const first = await events(instance.id, { pageSize: '2' }).expect(200);
    expect(first.body).toHaveLength(2);
    const token = first.headers['elements-next-page-token'];
    expect(token).toBeTruthy();
    const second = await events(instance.id, { pageSize: '2', nextPage: token }).expect(200);
    expect(Date.parse(second.body[0].receivedDate)).toBeLessThanOrEqual(Date.parse(first.body[1].receivedDate));
    expect(second.body.map((e: { id: string }) => e.id)).not.toContain(first.body[0].id);
    await events(instance.id, { nextPage: 'bogus' }).expect(400);
    await hub.http().get(`${API}/instances/999999/events`).set('Authorization', hub.auth).expect(404);
    await hub.http().get(`${API}/instances/${instance.id}/events`).expect(401);
  });

  it('emits an authorization-failed event when Webex refuses the grant for good', async () => {
    const instances = hub.dataSource().getRepository(Instance);
    const row = await instances.findOneByOrFail({ id: instance.id });
    Object.assign(row, { valid: false, invalidReason: 'invalid_grant: refresh token revoked', invalidAt: new Date() });
    const tokens = hub.dataSource().getRepository(InstanceToken);
    await tokens.update({ id: instance.id }, { valid: row.valid, invalidReason: row.invalidReason, invalidAt: row.invalidAt });
    // What tokens/ publishes once a refresh finds the grant dead: the instance with its token row.
    const holder = async () => ({ ...(await tokens.findOneByOrFail({ id: instance.id })), elementKey: row.elementKey, configuration: row.configuration, disabled: row.disabled }) as TokenHolder;
    await hub.app.get(TokenEvents).publish('invalidated', await holder());
    await settle();
    const got = deliveriesOf(String(instance.id));
    expect(got).toHaveLength(1);
    expect(got[0].json.message.events[0]).toMatchObject({ objectType: 'instance', eventType: 'UPDATED' });
    expect(got[0].json.message.raw).toMatchObject({ type: 'instance.authorization.failed', instanceId: instance.id, reason: expect.stringMatching(/invalid_grant/) });
    expect(signaturesVerify(got[0])).toEqual({ elements: true, standard: true });
    await tokens.update({ id: instance.id }, { valid: true, invalidReason: null, invalidAt: null });
    // Valid again, as a re-authorization would leave it, with every cache told.
    await hub.app.get(TokenEvents).publish('refreshed', await holder());
  });

  it('removes the webhooks when the instance is disabled or events are switched off, and registers them again when enabled', async () => {
    const target = ourWebhooks()[0].targetUrl;
    await hub.http().delete(`${API}/instances/${instance.id}/enabled`).set('Authorization', hub.auth).expect(200);
    expect(ourWebhooks()).toHaveLength(0);
    await hub.http().post(new URL(target).pathname).set('content-type', 'application/json').set('x-spark-signature', 'a'.repeat(40)).send('{}').expect(404);

    await hub.http().put(`${API}/instances/${instance.id}/enabled`).set('Authorization', hub.auth).expect(200);
    expect(ourWebhooks().map((w) => w.targetUrl)).toEqual([target, target, target]);

    await hub.http().patch(`${API}/instances/${instance.id}`).set('Authorization', hub.auth).send({ configuration: { 'event.notification.enabled': false } }).expect(200);
    expect(ourWebhooks()).toHaveLength(0);
    expect(await hub.dataSource().getRepository(EventRegistration).findOneByOrFail({ instanceId: instance.id })).toMatchObject({ active: false, webhooks: [], lastError: null });
  });

  it('deletes the webhooks with the instance', async () => {
    const other = await connectInstance(hub, { configuration: eventsConfiguration(receiver.url, { 'event.objects': 'messages' }) });
    const before = webexWebhooks().length;
    expect(ourWebhooks().filter((w) => w.name.includes(`instance ${other.id} `))).toHaveLength(1);
    await hub.http().delete(`${API}/instances/${other.id}`).set('Authorization', hub.auth).expect(200);
    expect(webexWebhooks().length).toBe(before - 1);
  });

  it.each([
    [{ 'event.notification.callback.url': 'ftp://receiver.example/hook' }, /callback.url must be an http or https URL/],
    [{ 'event.notification.callback.url': 'not a url' }, /callback.url is not a valid URL/],
    [{ 'event.notification.callback.url': '' }, /callback.url is required/],
    [{ 'event.notification.signature.key': '' }, /signature.key is required/],
    [{ 'event.vendor.type': 'polling' }, /event.vendor.type "polling" is not supported/],
  ])('refuses events configuration %j with a 400', async (bad, message) => {
    const options = hub.emulator.options;
    const configuration = { 'oauth.api.key': options.clientId, 'oauth.api.secret': options.clientSecret, 'oauth.callback.url': options.redirectUris[0], ...eventsConfiguration(receiver.url), ...bad };
    const created = await hub.http().post(`${API}/instances`).set('Authorization', hub.auth).send({ element: { key: 'ciscospark' }, providerData: { code: 'unused' }, configuration });
    expect(created.status).toBe(400);
    expect(created.body.message).toMatch(message);
    const patched = await hub.http().patch(`${API}/instances/${instance.id}`).set('Authorization', hub.auth).send({ configuration: { ...eventsConfiguration(receiver.url), ...bad } });
    expect(patched.status).toBe(400);
  });
});

describe('event relay: the dispatcher running by itself', () => {
  let hub: TestHub;
  let receiver: Receiver;

  beforeAll(async () => {
    receiver = await startReceiver();
    hub = await startRelayHub({ env: { HUB_WORKERS_ENABLED: 'true', HUB_EVENT_POLL_MS: '200' } });
  });
  afterAll(async () => {
    await hub.close();
    await receiver.close();
  });

  it('delivers a posted message with nobody driving it', async () => {
    const instance = await connectInstance(hub, { configuration: eventsConfiguration(receiver.url, { 'event.objects': 'messages' }) });
    const roomId = (await asPerson(hub, instance.personToken, 'POST', '/rooms', { title: 'Worker room' })).id;
    const message = await asPerson(hub, instance.personToken, 'POST', '/messages', { roomId, text: 'on its own' });
    await eventually('the worker to deliver', () => receiver.received.some((r) => r.json.message.events[0].objectId === message.id));
  });
});

describe('event relay: callbacks on internal addresses', () => {
  let hub: RelayHub;
  let receiver: Receiver;

  beforeAll(async () => {
    receiver = await startReceiver();
    hub = await startRelayHub({ env: { HUB_ALLOW_PRIVATE_CALLBACKS: 'false' } });
  });
  afterAll(async () => {
    await hub.close();
    await receiver.close();
  });

  it('refuses them when configured (400) and when delivering (FAILED, nothing sent)', async () => {
    const port = new URL(receiver.url).port;
    for (const url of [receiver.url, `http://localhost:${port}/hook`, `http://2130706433:${port}/`, `http://0177.0.0.1:${port}/`, 'http://169.254.169.254/', 'http://[::ffff:127.0.0.1]/', 'http://10.0.0.8/']) {
      const refused = await connectInstance(hub, { configuration: eventsConfiguration(url) }).then(
        () => undefined,
        (error: Error) => error.message,
      );
      expect(refused).toMatch(/answered 400.*internal address/);
    }

    // An instance whose callback was changed behind the hub's back: delivery checks the address it dials.
    const instance = await connectInstance(hub, {});
    for (const [n, url] of [`http://localhost:${port}/hook`, receiver.url].entries()) {
      const instances = hub.dataSource().getRepository(Instance);
      const row = await instances.findOneByOrFail({ id: instance.id });
      const box = hub.app.get(SecretBox);
      const events = { ...eventsConfiguration(url), 'event.notification.signature.key': box.seal(SIGNATURE_KEY) };
      await instances.update({ id: instance.id }, { eventsEnabled: true, configuration: { ...row.configuration, ...events } });
      await hub.app.get(OutboxStore).store({ instanceId: instance.id, dedupKey: `ssrf-${n}`, objectType: 'messages', objectId: `ssrf-${n}`, eventType: 'CREATED', vendorEvent: 'created', raw: '{}' });
      await hub.dispatcher.drain();
      const event = await hub.dataSource().getRepository(OutboxEvent).findOneByOrFail({ objectId: `ssrf-${n}` });
      expect(event).toMatchObject({ status: 'FAILED', attempts: 1, lastError: expect.stringMatching(/refused.*internal address 127\.0\.0\.1|refused.*internal address ::1/) });
    }
    expect(receiver.received).toHaveLength(0);
  });
});
