import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator, type RunningEmulator } from './index';
import { call, client, type Answer, type Client } from './spec-support';

interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
  body: any;
}

/** A local target that records every webhook post it receives. */
async function webhookTarget(): Promise<{ url: string; received: Received[]; close: () => Promise<void>; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, raw, body: JSON.parse(raw) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, received, server, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('emulator paging, faults and webhooks', () => {
  let sut: RunningEmulator;
  let alice: Client;
  let aliceId: string;

  beforeAll(async () => {
    sut = await startEmulator({ port: 0 });
    const a = sut.createPerson({ email: 'alice@example.com', displayName: 'Alice' });
    alice = client(sut, a.accessToken);
    aliceId = a.person.id;
  });
  afterAll(() => sut.close());
  afterEach(() => sut.clearFaults());

  it('pages through 250 messages by following Link, each exactly once, newest first, while new ones arrive', async () => {
    const room = (await alice.post('/rooms', { title: 'Busy' })).body;
    const sent: string[] = [];
    for (let i = 0; i < 250; i++) sent.push((await alice.post('/messages', { roomId: room.id, text: `m${i}` })).body.id);

    const seen: string[] = [];
    let next: string | undefined = `/messages?roomId=${room.id}&max=40`;
    let pages = 0;
    while (next) {
      const page: Answer = await alice.get(next);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((m: { id: string }) => m.id));
      const link = page.headers.get('link');
      next = link ? /^<([^>]+)>; rel="next"$/.exec(link)?.[1] : undefined;
      if (next) expect(next.startsWith(sut.baseUrl)).toBe(true);
      // A message posted mid-way is newer than the cursor and must not appear in later pages.
      if (pages++ === 1) await alice.post('/messages', { roomId: room.id, text: 'late' });
    }
    expect(pages).toBe(7);
    expect(seen).toEqual([...sent].reverse());
  });

  it('caps max as Webex does and rejects a nonsense max', async () => {
    const room = (await alice.post('/rooms', { title: 'Caps' })).body;
    for (let i = 0; i < 3; i++) await alice.post('/messages', { roomId: room.id, text: `c${i}` });
    const capped = await alice.get(`/messages?roomId=${room.id}&max=5000`);
    expect(capped.body.items).toHaveLength(3);
    expect((await alice.get(`/messages?roomId=${room.id}&max=0`)).status).toBe(400);
    expect((await alice.get(`/messages?roomId=${room.id}&max=abc`)).status).toBe(400);
  });

  it('answers an injected 429 with Retry-After, then succeeds', async () => {
    const room = (await alice.post('/rooms', { title: 'Limited' })).body;
    const faults = await call(`${sut.origin}/_emulator/faults`, { method: 'POST', json: { method: 'GET', path: '/rooms/{id}', status: 429, count: 1, retryAfter: 2 } });
    expect(faults.status).toBe(204);
    const limited = await alice.get(`/rooms/${room.id}`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(limited.body).toMatchObject({ message: expect.any(String), trackingId: limited.headers.get('trackingid') });
    expect((await alice.get(`/rooms/${room.id}`)).status).toBe(200);
    const stats = (await call(`${sut.origin}/_emulator/stats`)).body;
    expect(stats['GET /rooms/{id}']).toBeGreaterThanOrEqual(2);
  });

  it('delays, fails by prefix and drops connections on demand; faults never touch /_emulator', async () => {
    sut.injectFault({ path: '/v1/rooms*', status: 503, count: 2 });
    expect((await call(`${sut.origin}/_emulator/stats`)).status).toBe(200);
    expect((await alice.get('/rooms')).status).toBe(503);
    expect((await alice.post('/rooms', { title: 'x' })).status).toBe(503);
    expect((await alice.get('/rooms')).status).toBe(200);

    sut.injectFault({ path: '/people/me', delayMs: 300 });
    const started = Date.now();
    expect((await alice.get('/people/me')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);

    sut.injectFault({ path: '/people/me', drop: true });
    await expect(alice.get('/people/me')).rejects.toThrow();
    expect((await alice.get('/people/me')).status).toBe(200);

    const cleared = await call(`${sut.origin}/_emulator/faults`, { method: 'DELETE' });
    expect(cleared.status).toBe(204);
    expect((await call(`${sut.origin}/_emulator/faults`, { method: 'POST', json: { path: '/rooms' } })).status).toBe(400);
  });

  it('posts a signed webhook body for a matching change and none for a filtered-out one', async () => {
    const target = await webhookTarget();
    try {
      const room = (await alice.post('/rooms', { title: 'Hooked' })).body;
      const other = (await alice.post('/rooms', { title: 'Ignored' })).body;
      const hook = (await alice.post('/webhooks', { name: 'msgs', targetUrl: target.url, resource: 'messages', event: 'created', filter: `roomId=${room.id}`, secret: 'shh' })).body;
      const message = (await alice.post('/messages', { roomId: room.id, text: 'hello hook' })).body;
      await alice.post('/messages', { roomId: other.id, text: 'not for the hook' });
      await sut.flushWebhooks();

      expect(target.received).toHaveLength(1);
      const [delivery] = target.received;
      const expected = createHmac('sha1', 'shh').update(delivery.raw).digest('hex');
      const signature = String(delivery.headers['x-spark-signature']);
      expect(timingSafeEqual(Buffer.from(signature), Buffer.from(expected))).toBe(true);
      expect(delivery.body).toMatchObject({
        id: hook.id,
        name: 'msgs',
        resource: 'messages',
        event: 'created',
        filter: `roomId=${room.id}`,
        orgId: expect.any(String),
        createdBy: aliceId,
        appId: expect.any(String),
        ownedBy: 'creator',
        status: 'active',
        actorId: aliceId,
        data: { id: message.id, roomId: room.id, roomType: 'group', personId: aliceId, personEmail: 'alice@example.com' },
      });
      expect(delivery.body.data.text).toBeUndefined();
    } finally {
      await target.close();
    }
  });

  it('fires the all/all firehose for memberships and rooms, unsigned without a secret', async () => {
    const target = await webhookTarget();
    try {
      await alice.post('/webhooks', { name: 'all', targetUrl: target.url, resource: 'all', event: 'all' });
      const room = (await alice.post('/rooms', { title: 'Fire' })).body;
      await alice.put(`/rooms/${room.id}`, { title: 'Fire 2' });
      await sut.flushWebhooks();
      const kinds = target.received.map((r) => `${r.body.resource}:${r.body.event}`);
      expect(kinds).toEqual(['rooms:created', 'memberships:created', 'rooms:updated']);
      expect(target.received[0].headers['x-spark-signature']).toBeUndefined();
    } finally {
      await target.close();
    }
  });
});
