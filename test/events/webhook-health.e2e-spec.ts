import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import supertest from 'supertest';
import { request } from 'undici';
import { AdvisoryLock } from '../../src/common/shared-database';
import { WebhookHealth } from '../../src/events/webhook-health';
import { API } from '../support/hub';
import { onPostgres } from '../support/database';
import { connectInstance, ConnectedInstance } from '../support/recipe';
import { asPerson, eventsConfiguration, eventually, Receiver, startReceiver, startRelayHub } from './relay-support';

/** The reconciliation period under test; each repair must land within it (plus a pass's own time). */
const PERIOD_MS = 2000;
const PASS_MS = 1500;
/** Failed deliveries after which the emulator, as Webex, sets a webhook inactive. */
const DISABLE_AFTER = 2;
const CONSOLE_ADMIN = { username: 'root', password: 'webhook-health-console-password' };

/** What Webex reaches instead of the hub directly: a pass-through that can play a hub outage (503). */
interface Gate {
  url: string;
  upstream: string;
  up: boolean;
  server: Server;
}

async function startGate(): Promise<Gate> {
  const gate = { url: '', upstream: '', up: true } as Gate;
  gate.server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (!gate.up) return void res.writeHead(503).end();
      const headers = { 'content-type': String(req.headers['content-type']), 'x-spark-signature': String(req.headers['x-spark-signature']) };
      request(`${gate.upstream}${req.url}`, { method: 'POST', headers, body: Buffer.concat(chunks) })
        .then(async (answer) => res.writeHead(answer.statusCode).end(Buffer.from(await answer.body.arrayBuffer())))
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => gate.server.listen(0, '127.0.0.1', resolve));
  gate.url = `http://127.0.0.1:${(gate.server.address() as AddressInfo).port}`;
  return gate;
}

describe('Webex webhook health: the hub repairs what Webex disabled or lost', () => {
  let gate: Gate;
  let receiver: Receiver;
  let hub: Awaited<ReturnType<typeof startRelayHub>>;
  let instance: ConnectedInstance;
  let roomId: string;

  beforeAll(async () => {
    gate = await startGate();
    receiver = await startReceiver();
    hub = await startRelayHub({
      env: {
        HUB_PUBLIC_URL: gate.url,
        HUB_WORKERS_ENABLED: 'true',
        HUB_EVENT_POLL_MS: '100',
        HUB_WEBHOOK_RECONCILE_MS: String(PERIOD_MS),
        HUB_CONSOLE_ADMIN: CONSOLE_ADMIN.username,
        HUB_CONSOLE_PASSWORD: CONSOLE_ADMIN.password,
      },
      emulator: { webhookDisableAfterFailures: DISABLE_AFTER },
    });
    gate.upstream = hub.publicUrl;
    instance = await connectInstance(hub, { configuration: eventsConfiguration(receiver.url, { 'event.objects': 'messages' }) });
    roomId = (await asPerson(hub, instance.personToken, 'POST', '/rooms', { title: 'Health room' })).id;
  });
  afterAll(async () => {
    await hub.close();
    await receiver.close();
    await new Promise((resolve) => gate.server.close(resolve));
  });
  afterEach(() => {
    gate.up = true;
    hub.emulator.clearFaults();
  });

  const hooksOf = (id: number) => [...hub.emulator.emulator.store.webhooks.values()].filter((w) => w.targetUrl.startsWith(`${gate.url}/`) && w.name.includes(`instance ${id} `));
  const health = (id: number) => hub.http().get(`${API}/instances/${id}/events/webhooks`).set('Authorization', hub.auth).expect(200);
  async function send(text: string): Promise<string> {
    const message = await asPerson(hub, instance.personToken, 'POST', '/messages', { roomId, text });
    await hub.emulator.flushWebhooks();
    return message.id as string;
  }
  /** The console's card of an instance on its page, as a console admin logged in over HTTP sees it. */
  async function consoleCard(id: number): Promise<string> {
    const agent = supertest.agent(hub.app.getHttpServer());
    const form = await agent.get(`${API}/console/login`).expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
    await agent.post(`${API}/console/login`).type('form').send({ _csrf: csrf, ...CONSOLE_ADMIN }).expect(303);
    const page = (await agent.get(`${API}/console/instances/${id}`).expect(200)).text;
    const start = page.indexOf(`id="instance-${id}"`);
    expect(start).toBeGreaterThan(-1);
    return page.slice(start, page.indexOf('</section>', start));
  }
  const heard = (messageId: string) => receiver.received.some((r) => r.json.message.events[0].objectId === messageId);
  /** Waits for `what` no longer than one period and one pass, from `since`. */
  async function withinOnePeriod(what: string, since: number, check: () => boolean | Promise<boolean>): Promise<void> {
    await eventually(what, check, PERIOD_MS + PASS_MS);
    expect(Date.now() - since).toBeLessThanOrEqual(PERIOD_MS + PASS_MS);
  }

  it('re-activates a webhook Webex disabled during a hub outage within one period, and events flow again', async () => {
    const before = await send('before the outage');
    await eventually('the first message to be relayed', () => heard(before));
    const [hook] = hooksOf(instance.id);

    gate.up = false;
    for (let i = 0; i < DISABLE_AFTER; i++) await send(`lost in the outage ${i}`);
    expect(hook.status).toBe('inactive');
    const disabledAt = Date.now();
    gate.up = true;

    await withinOnePeriod('the webhook to be active again', disabledAt, () => hook.status === 'active');
    expect(hooksOf(instance.id).map((w) => w.id)).toEqual([hook.id]);
    const after = await send('after the repair');
    await eventually('a message after the repair to be relayed', () => heard(after));
    const view = await health(instance.id);
    expect(view.body).toMatchObject({ active: true, webhooks: [{ id: hook.id, resource: 'messages', status: 'active' }], lastError: null, lastErrorDate: null });
    // The repair sent the webhook's secret to Webex again; it reaches no log line and no answer.
    expect(hub.logs.join('')).not.toContain(hook.secret);
    expect(view.text).not.toContain(hook.secret);
  });

  it('re-creates a webhook deleted behind its back within one period, and events flow again', async () => {
    const [hook] = hooksOf(instance.id);
    hub.emulator.emulator.store.webhooks.delete(hook.id);
    const deletedAt = Date.now();

    await withinOnePeriod('the webhook to be re-created', deletedAt, () => hooksOf(instance.id).length === 1);
    const [again] = hooksOf(instance.id);
    expect(again).toMatchObject({ resource: 'messages', event: 'all', status: 'active', secret: hook.secret });
    expect(again.id).not.toBe(hook.id);
    const after = await send('after the re-creation');
    await eventually('a message after the re-creation to be relayed', () => heard(after));
    const view = (await health(instance.id)).body;
    expect(view.webhooks).toEqual([{ id: again.id, resource: 'messages', status: 'active' }]);
    expect(Date.parse(view.checkedDate)).toBeGreaterThanOrEqual(deletedAt);
  });

  it('shows a registration error on the instance, for both credential forms, until a later check succeeds', async () => {
    hub.emulator.injectFault({ method: 'POST', path: '/webhooks', status: 403, count: 1000 });
    const failing = await connectInstance(hub, { configuration: eventsConfiguration(receiver.url, { 'event.objects': 'rooms' }) });
    expect(hooksOf(failing.id)).toHaveLength(0);

    const view = (await health(failing.id)).body;
    expect(view).toMatchObject({ active: true, webhooks: [], lastError: expect.stringMatching(/^Webex answered 403: /) });
    expect(Number.isNaN(Date.parse(view.lastErrorDate))).toBe(false);
    const byToken = await hub.http().get(`${API}/instances/events/webhooks`).set('Authorization', `${hub.auth}, Element ${failing.token}`).expect(200);
    expect(byToken.body).toEqual(view);
    expect(await consoleCard(failing.id)).toMatch(/data-field="webhook-error">Registration error: Webex answered 403: /);

    hub.emulator.clearFaults();
    const clearedAt = Date.now();
    await withinOnePeriod('a check to register the webhook', clearedAt, async () => (await health(failing.id)).body.lastError === null);
    expect(hooksOf(failing.id).map((w) => w.resource)).toEqual(['rooms']);
    expect((await health(failing.id)).body).toMatchObject({ webhooks: [{ resource: 'rooms', status: 'active' }], lastErrorDate: null });
    const card = await consoleCard(failing.id);
    expect(card).toMatch(/Webex webhooks: rooms active/);
    expect(card).not.toMatch(/Registration error/);
  });

  it('answers 404 for the webhooks of an instance that is not there, and 401 without credentials', async () => {
    await hub.http().get(`${API}/instances/999999/events/webhooks`).set('Authorization', hub.auth).expect(404);
    await hub.http().get(`${API}/instances/${instance.id}/events/webhooks`).expect(401);
  });

  (onPostgres() ? it : it.skip)('skips a pass while another process holds the turn (PostgreSQL)', async () => {
    const runner = hub.dataSource().createQueryRunner();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [AdvisoryLock.WebhookReconcile]);
      expect(await hub.app.get(WebhookHealth).checkAll()).toMatchObject({ skipped: true, checked: 0 });
      await runner.query('SELECT pg_advisory_unlock($1)', [AdvisoryLock.WebhookReconcile]);
      await eventually('a pass of this process', async () => !(await hub.app.get(WebhookHealth).checkAll()).skipped);
    } finally {
      await runner.release();
    }
  });
});
