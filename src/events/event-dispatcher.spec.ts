import { Logger } from '@nestjs/common';
import { createHmac, randomBytes } from 'node:crypto';
import { SecretBox } from '../common/secret-box';
import { HubConfig } from '../config/hub-config';
import { ElementsService } from '../elements/elements.service';
import { Instance } from '../instances/instance.entity';
import { InstancesService } from '../instances/instances.service';
import { HubShutdown } from '../lifecycle/hub-shutdown';
import { HubMetrics } from '../metrics/hub-metrics';
import { CallbackClient, DeliveryOutcome } from './callback-client';
import { EventDispatcher } from './event-dispatcher';
import { Completion, EventOutbox } from './event-outbox';
import { OutboxEvent } from './outbox-event.entity';

const CALLBACK = 'https://receiver.test/events';
const KEY = 'signature-key';
/** Two retries: the third failed attempt spends the schedule. */
const SCHEDULE = '5s,5m';

let seq = 0;
/** The dispatcher's warnings, kept off the test output and checked where they matter. */
let warn: jest.SpyInstance;
beforeEach(() => (warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined)));
afterEach(() => warn.mockRestore());

function event(fields: Partial<OutboxEvent> = {}): OutboxEvent {
  seq++;
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    instanceId: 7,
    objectType: 'messages',
    objectId: 'm1',
    eventType: 'CREATED',
    vendorEvent: 'created',
    raw: JSON.stringify({ resource: 'messages', event: 'created', data: { id: 'm1', created: '2026-01-01T00:00:00.000Z' } }),
    attempts: 1,
    receivedAt: new Date('2026-01-01T00:00:01.000Z'),
    ...fields,
  } as OutboxEvent;
}

/**
 * EventDispatcher over fakes: an outbox whose claims are scripted, a callback client whose
 * outcomes are scripted, and the instance as stored. Elements, retry schedule and signatures are
 * the real ones.
 */
function setup(options: { instance?: Partial<Instance> | null; config?: Partial<HubConfig> } = {}) {
  const box = new SecretBox([{ id: 'k1', key: randomBytes(32) }]);
  const config = Object.assign(new HubConfig(), { HUB_EVENT_RETRY_SCHEDULE: SCHEDULE, HUB_EVENT_TIMEOUT_MS: 1000, HUB_WORKERS_ENABLED: false, ...options.config });
  const instance =
    options.instance === null
      ? null
      : ({
          id: 7,
          elementKey: 'ciscospark',
          eventsEnabled: true,
          configuration: { 'event.notification.callback.url': CALLBACK, 'event.notification.signature.key': box.seal(KEY) },
          ...options.instance,
        } as Instance);
  const claims: { leaseId: string; events: OutboxEvent[] }[] = [];
  const outbox = {
    claim: jest.fn(async () => claims.shift() ?? { leaseId: 'empty', events: [] }),
    complete: jest.fn(async (_id: string, _leaseId: string, _done: Completion) => undefined),
  };
  const outcomes: DeliveryOutcome[] = [];
  const client = { post: jest.fn(async () => outcomes.shift() ?? { ok: true, status: 200 }) };
  const instances = { stored: jest.fn(async () => instance) };
  const metrics = { delivered: jest.fn() };
  const shutdown = { within: jest.fn(async (work?: Promise<unknown>) => (await work, true)) };
  const sut = new EventDispatcher(
    config,
    outbox as unknown as EventOutbox,
    client as unknown as CallbackClient,
    new ElementsService(config),
    box,
    instances as unknown as InstancesService,
    metrics as unknown as HubMetrics,
    shutdown as unknown as HubShutdown,
  );
  /** How the n-th completed delivery ended. */
  const completion = (n = 0) => outbox.complete.mock.calls[n][2];
  return { sut, claims, outbox, completion, outcomes, client, instances, metrics };
}

describe('EventDispatcher: one delivery', () => {
  it('posts the Cloud Elements message, signed with the instance key, and completes it under its claim', async () => {
    const { sut, claims, outbox, client, metrics } = setup();
    const due = event();
    claims.push({ leaseId: 'lease-1', events: [due] });

    expect(await sut.runOnce()).toBe(1);

    expect(client.post).toHaveBeenCalledTimes(1);
    const [url, body, headers] = client.post.mock.calls[0] as unknown as [string, string, Record<string, string>];
    expect(url).toBe(CALLBACK);
    expect(JSON.parse(body).message).toMatchObject({ eventId: due.id, instanceId: 7, elementKey: 'ciscospark', events: [{ objectType: 'messages', objectId: 'm1', eventType: 'CREATED' }] });
    expect(headers['elements-webhook-signature']).toBe(`sha256=${createHmac('sha256', KEY).update(body).digest('base64')}`);
    expect(headers['webhook-id']).toBe(due.id);
    expect(headers['elements-webhook-id']).toBe(due.id);
    expect(outbox.complete).toHaveBeenCalledWith(due.id, 'lease-1', { status: 'NOTIFIED', httpStatus: 200 });
    expect(metrics.delivered).toHaveBeenCalledWith('delivered');
  });

  it('claims with twice the callback timeout as lease and the configured caps', async () => {
    const { sut, outbox } = setup({ config: { HUB_EVENT_CONCURRENCY: 5, HUB_EVENT_INSTANCE_CONCURRENCY: 2 } });
    await sut.runOnce();
    expect(outbox.claim).toHaveBeenCalledWith(5, 2000, 2);
  });

  it('completes each event under the lease of the claim that took it, never another', async () => {
    const { sut, claims, outbox } = setup();
    const [first, second] = [event(), event()];
    claims.push({ leaseId: 'lease-A', events: [first] }, { leaseId: 'lease-B', events: [second] });
    expect(await sut.drain()).toBe(2);
    expect(outbox.complete.mock.calls.map((call) => call.slice(0, 2))).toEqual([
      [first.id, 'lease-A'],
      [second.id, 'lease-B'],
    ]);
  });

  it('leaves an event whose completion is refused to its lease: nothing thrown, nothing counted', async () => {
    const { sut, claims, outbox, metrics } = setup();
    claims.push({ leaseId: 'lease-1', events: [event()] });
    outbox.complete.mockRejectedValueOnce(new Error('connection terminated'));
    await expect(sut.runOnce()).resolves.toBe(1);
    expect(metrics.delivered).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ err: expect.objectContaining({ message: 'connection terminated' }) }), 'Event delivery failed unexpectedly');
  });

  it('drains until a claim comes back empty, and counts the attempts', async () => {
    const { sut, claims, outbox } = setup();
    claims.push({ leaseId: 'a', events: [event(), event()] }, { leaseId: 'b', events: [event()] });
    expect(await sut.drain()).toBe(3);
    expect(outbox.claim).toHaveBeenCalledTimes(3);
  });
});

describe('EventDispatcher: retries and giving up', () => {
  it('schedules a failed attempt again after the schedule step, within ±20%', async () => {
    const { sut, claims, outcomes, metrics, completion } = setup();
    const due = event({ attempts: 2 });
    claims.push({ leaseId: 'lease-1', events: [due] });
    outcomes.push({ ok: false, final: false, status: 500, error: 'Callback answered HTTP 500' });
    await sut.runOnce();
    const done = completion() as { status: string; delayMs: number; error: string };
    expect(done).toMatchObject({ status: 'RECEIVED', httpStatus: 500, error: 'Callback answered HTTP 500' });
    expect(done.delayMs).toBeGreaterThanOrEqual(0.8 * 300_000);
    expect(done.delayMs).toBeLessThanOrEqual(1.2 * 300_000);
    expect(metrics.delivered).toHaveBeenCalledWith('retry');
  });

  it("waits at least the receiver's Retry-After", async () => {
    const { sut, claims, outcomes, completion } = setup();
    claims.push({ leaseId: 'lease-1', events: [event({ attempts: 1 })] });
    outcomes.push({ ok: false, final: false, status: 429, error: 'Callback answered HTTP 429', retryAfterMs: 60_000 });
    await sut.runOnce();
    expect(completion()).toMatchObject({ status: 'RECEIVED', delayMs: 60_000 });
  });

  it('gives up once the retry schedule is spent', async () => {
    const { sut, claims, outbox, outcomes, metrics } = setup();
    const due = event({ attempts: 3 });
    claims.push({ leaseId: 'lease-1', events: [due] });
    outcomes.push({ ok: false, final: false, error: 'Callback unreachable: ECONNREFUSED' });
    await sut.runOnce();
    expect(outbox.complete).toHaveBeenCalledWith(due.id, 'lease-1', { status: 'FAILED', httpStatus: undefined, error: 'Callback unreachable: ECONNREFUSED' });
    expect(metrics.delivered).toHaveBeenCalledWith('failed');
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ eventId: due.id, attempts: 3 }), 'Event delivery given up');
  });

  it('gives up at the first attempt on a final outcome (410 Gone)', async () => {
    const { sut, claims, outcomes, completion } = setup();
    claims.push({ leaseId: 'lease-1', events: [event({ attempts: 1 })] });
    outcomes.push({ ok: false, final: true, status: 410, error: 'Callback answered 410 Gone: no more attempts' });
    await sut.runOnce();
    expect(completion()).toMatchObject({ status: 'FAILED', httpStatus: 410 });
  });

  it.each([
    ['events are off for the instance', { eventsEnabled: false }],
    ['the instance has no callback URL', { configuration: {} }],
    ['the instance is gone', null],
  ])('fails the event without posting when %s', async (_case, instance) => {
    const { sut, claims, client, completion } = setup({ instance });
    claims.push({ leaseId: 'lease-1', events: [event()] });
    await sut.runOnce();
    expect(client.post).not.toHaveBeenCalled();
    expect(completion()).toMatchObject({ status: 'FAILED', error: expect.stringContaining('not enabled') });
  });
});

describe('EventDispatcher: the worker loop', () => {
  it('keeps claiming after a failed claim, and at shutdown awaits the delivery in flight', async () => {
    const { sut, claims, outbox, client } = setup({ config: { HUB_WORKERS_ENABLED: true, HUB_EVENT_POLL_MS: 5 } });
    let answer!: (outcome: DeliveryOutcome) => void;
    client.post.mockImplementationOnce(() => new Promise<DeliveryOutcome>((resolve) => (answer = resolve)));
    outbox.claim.mockRejectedValueOnce(new Error('database restarting'));
    const due = event();
    claims.push({ leaseId: 'lease-1', events: [due] });

    sut.onApplicationBootstrap();
    await waitFor(() => client.post.mock.calls.length === 1);
    const stopped = sut.beforeApplicationShutdown();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(outbox.complete).not.toHaveBeenCalled();

    answer({ ok: true, status: 204 });
    await stopped;
    expect(outbox.complete).toHaveBeenCalledWith(due.id, 'lease-1', { status: 'NOTIFIED', httpStatus: 204 });
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ err: expect.objectContaining({ message: 'database restarting' }) }), 'Claiming due events failed');
    const claimsAtStop = outbox.claim.mock.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(outbox.claim).toHaveBeenCalledTimes(claimsAtStop);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
