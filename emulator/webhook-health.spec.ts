import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator, type RunningEmulator } from './index';
import { OpenApiValidator } from './openapi-validator';
import { client, type Client } from './spec-support';

/** A webhook target that answers the statuses queued in `answers` (then 200), counting posts. */
async function flakyTarget(): Promise<{ url: string; answers: number[]; posts: number; server: Server }> {
  const target = { url: '', answers: [] as number[], posts: 0, server: undefined as unknown as Server };
  target.server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      target.posts++;
      res.writeHead(target.answers.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => target.server.listen(0, '127.0.0.1', resolve));
  target.url = `http://127.0.0.1:${(target.server.address() as AddressInfo).port}/hook`;
  return target;
}

describe('emulator webhook retries and auto-disable', () => {
  let sut: RunningEmulator;
  let alice: Client;
  let roomId: string;
  let target: Awaited<ReturnType<typeof flakyTarget>>;
  const DISABLE_AFTER = 4;

  beforeAll(async () => {
    sut = await startEmulator({ port: 0, webhookRetryDelaysMs: [10, 10], webhookDisableAfterFailures: DISABLE_AFTER, webhookFailureWindowMs: 60_000 });
    alice = client(sut, sut.createPerson({ email: 'alice@example.com' }).accessToken);
    roomId = (await alice.post('/rooms', { title: 'Hooks' })).body.id;
    target = await flakyTarget();
  });
  afterAll(async () => {
    await sut.close();
    await new Promise((resolve) => target.server.close(resolve));
  });

  const hook = async () => (await alice.post('/webhooks', { name: 'h', targetUrl: target.url, resource: 'messages', event: 'created' })).body;
  const send = async (text: string) => {
    await alice.post('/messages', { roomId, text });
    await sut.flushWebhooks();
  };

  it('retries a failed delivery after each configured delay, and stops at the first success', async () => {
    const webhook = await hook();
    target.posts = 0;
    target.answers = [503, 500];
    await send('retried');
    expect(target.posts).toBe(3);
    expect((await alice.get(`/webhooks/${webhook.id}`)).body.status).toBe('active');
    await alice.del(`/webhooks/${webhook.id}`);
  });

  it(`sets a webhook inactive after ${DISABLE_AFTER} failed attempts, posts nothing more, and a PUT with status active revives it`, async () => {
    const webhook = await hook();
    target.posts = 0;
    target.answers = Array(DISABLE_AFTER).fill(500);
    await send('fails three times');
    expect((await alice.get(`/webhooks/${webhook.id}`)).body.status).toBe('active');
    await send('fails once more: the fourth failure');
    expect(target.posts).toBe(DISABLE_AFTER);
    const inactive = await alice.get(`/webhooks/${webhook.id}`);
    expect(inactive.body.status).toBe('inactive');
    expect(new OpenApiValidator().validate('get', '/webhooks/{webhookId}', 200, inactive.body)).toEqual([]);

    await send('not delivered while inactive');
    expect(target.posts).toBe(DISABLE_AFTER);

    const revived = await alice.put(`/webhooks/${webhook.id}`, { name: webhook.name, targetUrl: webhook.targetUrl, status: 'active' });
    expect(revived.body.status).toBe('active');
    // The count starts afresh: one failure does not disable it again.
    target.answers = [500];
    await send('delivered after one retry');
    expect(target.posts).toBe(DISABLE_AFTER + 2);
    expect((await alice.get(`/webhooks/${webhook.id}`)).body.status).toBe('active');
    await alice.del(`/webhooks/${webhook.id}`);
  });

  it('forgets failures older than the window', async () => {
    const webhook = await hook();
    const stored = sut.emulator.store.webhooks.get(webhook.id)!;
    stored.failures = Array(DISABLE_AFTER - 1).fill(Date.now() - 120_000);
    target.answers = [500, 500, 500];
    await send('three fresh failures, three stale ones');
    expect((await alice.get(`/webhooks/${webhook.id}`)).body.status).toBe('active');
    await alice.del(`/webhooks/${webhook.id}`);
  });

  it('counts an unreachable target as failures too', async () => {
    const dead = (await alice.post('/webhooks', { name: 'dead', targetUrl: 'http://127.0.0.1:9/none', resource: 'messages', event: 'created' })).body;
    await send('to nowhere');
    await send('to nowhere again');
    expect((await alice.get(`/webhooks/${dead.id}`)).body.status).toBe('inactive');
  });
});
