import type { IncomingMessage } from 'node:http';
import type { Response } from 'supertest';
import { HubCalls } from '../../src/hubs/hub-calls.service';
import { asPerson } from '../events/relay-support';
import { API, startHub, TestHub } from '../support/hub';
import { connectInstance, ConnectedInstance, withElement } from '../support/recipe';
import { hubGet, metric, setCaching } from './cache-support';

const LIMIT = 60;

/** A hub GET with its body as the bytes sent. */
function rawGet(hub: TestHub, auth: string, path: string): Promise<Response> {
  return hub
    .http()
    .get(`${API}/hubs/collaboration/${path}`)
    .set('Authorization', auth)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
}

/** The answer's headers as sent, names and values in turn (superagent keeps Node's response as `res`). */
const rawHeadersOf = (res: Response) => (res as unknown as { res: IncomingMessage }).res.rawHeaders;

/** The answer's headers in the order sent, but for those that differ on every answer. */
function headersOf(res: Response): string[] {
  const raw = rawHeadersOf(res);
  const pairs: string[] = [];
  for (let i = 0; i < raw.length; i += 2) if (raw[i] !== 'elements-request-id' && raw[i] !== 'Date') pairs.push(`${raw[i]}: ${raw[i + 1]}`);
  return pairs;
}

/**
 * The same cached read answered by the hub route (the early path made to decline it once) and
 * early: the two answers, after checking the second was answered early and they match.
 */
async function bothWays(hub: TestHub, auth: string, early: jest.SpyInstance, path: string): Promise<{ viaRoute: Response; viaEarly: Response }> {
  early.mockClear();
  early.mockReturnValueOnce(undefined);
  const viaRoute = await rawGet(hub, auth, path);
  const viaEarly = await rawGet(hub, auth, path);
  expect(early.mock.results.map((result) => result.value !== undefined)).toEqual([false, true]);
  early.mockClear();
  expect([viaRoute.status, viaEarly.status]).toEqual([200, 200]);
  expect(headersOf(viaEarly)).toEqual(headersOf(viaRoute));
  expect(rawHeadersOf(viaEarly)[0]).toBe('elements-request-id');
  expect(viaEarly.headers['elements-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  expect(viaEarly.headers['elements-request-id']).not.toBe(viaRoute.headers['elements-request-id']);
  expect((viaEarly.body as Buffer).equals(viaRoute.body as Buffer)).toBe(true);
  return { viaRoute, viaEarly };
}

/**
 * Cached reads answered before Fastify routes the request (src/http/early-answers.ts): the same
 * answer, log line, metrics and rate limit as when the hub route answers them, and every request
 * that is not a plain hit still answered by the hub route, as before. Which path answered is seen
 * through `HubCalls.cachedRead`, the early path's one way to the cache.
 */
describe('cached reads answered before the framework', () => {
  let hub: TestHub;
  let ann: ConnectedInstance;
  let auth: string;
  let early: jest.SpyInstance;
  /** How many of the reads since the last call were answered early. */
  const answeredEarly = () => {
    const answered = early.mock.results.filter((result) => result.type === 'return' && result.value !== undefined).length;
    early.mockClear();
    return answered;
  };
  const newChannel = async (title: string): Promise<string> => (await asPerson(hub, ann.personToken, 'POST', '/rooms', { title })).id;
  const raw = (path: string) => rawGet(hub, auth, path);

  beforeAll(async () => {
    hub = await startHub({ env: { HUB_RATE_LIMIT_PER_MINUTE: String(LIMIT) } });
    ann = await connectInstance(hub);
    auth = withElement(hub, ann.token);
    await setCaching(hub, ann.id, { cachingEnabled: true, cacheTimeToLive: 300, maxCacheSize: 100 });
    early = jest.spyOn(hub.app.get(HubCalls), 'cachedRead');
  }, 60_000);
  afterAll(() => hub.close());

  it('answers a hit early with the bytes and headers the hub route gives for it', async () => {
    const id = await newChannel('Early');
    expect((await hubGet(hub, auth, `channels/${id}`)).cache).toBe('miss');
    const { viaEarly } = await bothWays(hub, auth, early, `channels/${id}`);
    expect(headersOf(viaEarly)).toEqual(expect.arrayContaining([`elements-element-instance-id: ${ann.id}`, 'elements-cache: hit']));
    expect(JSON.parse(String(viaEarly.body)).title).toBe('Early');
  });

  it('logs an early answer as the route logs one, and counts it under the hub route', async () => {
    const id = await newChannel('Logged');
    await hubGet(hub, auth, `channels/${id}`);
    const route = { method: 'GET', route: `${API}/hubs/:hub/*`, status: '200' };
    const before = await metric(hub, 'hub_http_request_duration_seconds_count', route);
    const hits = await metric(hub, 'hub_cache_hits_total');
    answeredEarly();

    const res = await raw(`channels/${id}`);
    expect(answeredEarly()).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    const line = hub.logs
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((text) => JSON.parse(text) as Record<string, unknown>)
      .find((entry) => entry.requestId === res.headers['elements-request-id']);
    expect(line).toEqual({ level: 30, time: expect.any(String), requestId: res.headers['elements-request-id'], method: 'GET', url: `${API}/hubs/collaboration/channels/${id}`, status: 200, ms: expect.any(Number), msg: 'request' });
    expect(await metric(hub, 'hub_http_request_duration_seconds_count', route)).toBe(before + 1);
    expect(await metric(hub, 'hub_cache_hits_total')).toBe(hits + 1);
  });

  it('leaves everything but a plain hit to the hub route, which answers it as before', async () => {
    const id = await newChannel('Routed');
    await hubGet(hub, auth, `channels/${id}`);
    answeredEarly();

    // A query string, HEAD (no hub operation), a percent-escape, wrong credentials, an unknown channel: the route's answers.
    const fields = await hubGet(hub, auth, `channels/${id}`, { fields: 'title' });
    expect([fields.status, fields.body]).toEqual([200, { title: 'Routed' }]);
    await hub.http().head(`${API}/hubs/collaboration/channels/${id}`).set('Authorization', auth).expect(405);
    const nul = await hub.http().get(`${API}/hubs/collaboration/channels/${id}%00`).set('Authorization', auth);
    expect([nul.status, nul.body.code]).toEqual([400, 'UNSTORABLE_TEXT']);
    const wrongUser = await hub.http().get(`${API}/hubs/collaboration/channels/${id}`).set('Authorization', auth.replace(hub.userSecret, 'not-the-secret'));
    expect(wrongUser.status).toBe(401);
    expect((await hubGet(hub, auth, 'channels/unknown')).status).toBe(404);
    // A {hub} longer than the router's 100 characters: the router's 414, though the rest is a hit.
    const long = await hub.http().get(`${API}/hubs/${'h'.repeat(101)}/channels/${id}`).set('Authorization', auth);
    expect([long.status, long.body.code]).toEqual([414, 'URI_TOO_LONG']);
    expect(answeredEarly()).toBe(0);

    // A disabled instance is refused even though its answer is still cached.
    await hub.http().delete(`${API}/instances/${ann.id}/enabled`).set('Authorization', hub.auth).expect(200);
    const disabled = await hubGet(hub, auth, `channels/${id}`);
    expect([disabled.status, disabled.body.code]).toEqual([403, 'INSTANCE_DISABLED']);
    await hub.http().put(`${API}/instances/${ann.id}/enabled`).set('Authorization', hub.auth).expect(200);
    expect(answeredEarly()).toBe(0);

    // With caching off nothing is cached, so nothing is answered early.
    await setCaching(hub, ann.id, { cachingEnabled: false });
    const uncached = await hubGet(hub, auth, `channels/${id}`);
    expect([uncached.status, uncached.cache]).toEqual([200, undefined]);
    expect(answeredEarly()).toBe(0);
    await setCaching(hub, ann.id, { cachingEnabled: true, cacheTimeToLive: 300, maxCacheSize: 100 });
  });

  it('leaves a read to the route when answering it early throws, and the route still answers the hit', async () => {
    const id = await newChannel('Faulty');
    await hubGet(hub, auth, `channels/${id}`);
    answeredEarly();
    early.mockImplementationOnce(() => {
      throw new Error('a fault in the early path');
    });
    const read = await hubGet(hub, auth, `channels/${id}`);
    expect([read.status, read.cache, read.body.title]).toEqual([200, 'hit', 'Faulty']);
    expect(early).toHaveBeenCalledTimes(1);
    expect(answeredEarly()).toBe(0);
  });

  it("charges the organization's rate limit: past it, the next read is the route's 429", async () => {
    const id = await newChannel('Limited');
    await hubGet(hub, auth, `channels/${id}`);
    answeredEarly();
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 5; i++) statuses.push((await hubGet(hub, auth, `channels/${id}`)).status);
    const limited = statuses.indexOf(429);
    expect(limited).toBeGreaterThan(0);
    expect(statuses.slice(limited).every((status) => status === 429)).toBe(true);
    expect(answeredEarly()).toBe(limited);
    const refused = await hubGet(hub, auth, `channels/${id}`);
    expect([refused.status, refused.body.code, refused.headers['retry-after']]).toEqual([429, expect.any(String), expect.stringMatching(/^\d+$/)]);
  });
});

describe('cached reads answered before the framework, with CORS on', () => {
  let hub: TestHub;

  afterAll(() => hub?.close());

  it("carries the CORS plugin's vary: Origin as the route's answer does, and leaves browser requests to the route", async () => {
    hub = await startHub({ env: { HUB_CORS_ORIGINS: 'http://app.example' } });
    const ann = await connectInstance(hub);
    const auth = withElement(hub, ann.token);
    await setCaching(hub, ann.id, { cachingEnabled: true, cacheTimeToLive: 300, maxCacheSize: 100 });
    const early = jest.spyOn(hub.app.get(HubCalls), 'cachedRead');
    const { id } = await asPerson(hub, ann.personToken, 'POST', '/rooms', { title: 'Browsed' });
    await hubGet(hub, auth, `channels/${id}`);

    const { viaEarly } = await bothWays(hub, auth, early, `channels/${id}`);
    expect(viaEarly.headers.vary).toBe('Origin');

    const browser = await hub.http().get(`${API}/hubs/collaboration/channels/${id}`).set('Authorization', auth).set('Origin', 'http://app.example');
    expect([browser.status, browser.headers['elements-cache'], browser.headers['access-control-allow-origin']]).toEqual([200, 'hit', 'http://app.example']);
    expect(early).not.toHaveBeenCalled();
  }, 60_000);
});
