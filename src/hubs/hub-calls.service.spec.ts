import { randomBytes } from 'node:crypto';
import { Credentials } from '../auth/auth.guard';
import { OrganizationRateLimit } from '../auth/organization-rate-limit';
import { HubCallCache } from '../cache/hub-call-cache';
import { SecretBox } from '../common/secret-box';
import { HubConfig } from '../config/hub-config';
import { ElementsService } from '../elements/elements.service';
import { InstanceResolver } from '../instances/instance-resolver';
import { Instance } from '../instances/instance.entity';
import { AccessTokens } from '../tokens/access-tokens';
import { WebexClient, WebexRequest, WebexResponse } from '../webex/webex.client';
import { WebexApiException, WebexTimeoutException, WebexUnreachableException } from '../webex/webex.exception';
import { HubAnswer, HubCall, HubCalls } from './hub-calls.service';
import { HubLists } from './hub-lists';
import { NextPageToken } from './next-page-token';
import { UpstreamCalls } from './upstream-calls';
import { HubCallObserver } from '../trace-logging/hub-call-observer';
import { TraceLog } from '../trace-logging/trace-log.service';

const WEBEX = 'https://webex.test/v1';
const caller = { organization: { id: 1 }, user: { id: 10, role: 'admin' }, elementToken: 'element-token' } as unknown as Credentials;

/** What the fake Webex answers, one entry per call in order: a response or an error to throw. */
type Reply = { status?: number; body?: unknown; headers?: Record<string, string> } | Error;

/**
 * HubCalls with its real routing, paging and upstream retries, over fakes for what lies beyond:
 * the instance resolver, the access tokens, the rate limit and Webex itself.
 */
function setup(options: { budgetMs?: number; instance?: Partial<Instance> } = {}) {
  const config = Object.assign(new HubConfig(), { WEBEX_API_URL: WEBEX, WEBEX_RETRY_BUDGET_MS: options.budgetMs ?? 10_000 });
  const instance = { id: 7, organizationId: 1, userId: 10, elementKey: 'ciscospark', configuration: {}, valid: true, disabled: false, ...options.instance } as Instance;
  const box = new SecretBox([{ id: 'k1', key: randomBytes(32) }]);
  const replies: Reply[] = [];
  const sent: WebexRequest[] = [];
  const webex = {
    baseUrl: WEBEX,
    isWebexUrl: (url: string) => url.startsWith(`${WEBEX}/`),
    url: (path: string, query: Record<string, string> = {}) => {
      const url = new URL(path.startsWith('http') ? path : `${WEBEX}${path}`);
      for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
      return url.toString();
    },
    send: jest.fn(async (request: WebexRequest) => {
      sent.push(request);
      const reply = replies.shift();
      if (!reply) throw new Error(`unexpected Webex call ${request.method} ${request.path}`);
      if (reply instanceof Error) throw reply;
      return new WebexResponse(reply.status ?? 200, reply.headers ?? {}, reply.body === undefined ? '' : JSON.stringify(reply.body));
    }),
  } as unknown as WebexClient;
  const resolver = { byToken: jest.fn(async () => instance), assertUsable: jest.fn() } as unknown as InstanceResolver;
  const tokens = {
    forCall: jest.fn(async () => 'access-1'),
    afterRejected: jest.fn(async () => 'access-2'),
  } as unknown as AccessTokens;
  const rateLimit = { take: jest.fn() } as unknown as OrganizationRateLimit;
  const elements = new ElementsService(config);
  const pages = new NextPageToken(box, webex);
  const upstream = new UpstreamCalls(config, webex, tokens, new HubCallObserver({} as TraceLog, config));
  const sut = new HubCalls(elements, resolver, upstream, new HubLists(upstream, pages, webex), box, rateLimit, { through: (_i: unknown, _r: unknown, _c: unknown, answer: () => Promise<HubAnswer>) => answer() } as unknown as HubCallCache);
  const call = (method: string, path: string, query: HubCall['query'] = {}, body?: unknown) => sut.call(caller, { method, path, query, body });
  return { sut, call, instance, replies, sent, resolver, tokens, rateLimit, pages };
}

const webexError = (status: number, retryAfter?: string) => new WebexApiException(status, `Webex says ${status}`, 'tracking-1', retryAfter ? { 'retry-after': retryAfter } : undefined);

describe('HubCalls: the call before Webex', () => {
  it('refuses a call without an Element token with 401 and resolves no instance', async () => {
    const { sut, resolver, sent } = setup();
    await expect(sut.call({ ...caller, elementToken: undefined }, { method: 'GET', path: 'rooms', query: {}, body: undefined })).rejects.toMatchObject({ status: 401, code: 'ELEMENT_TOKEN_REQUIRED' });
    expect(resolver.byToken).not.toHaveBeenCalled();
    expect(sent).toHaveLength(0);
  });

  it('asks Webex nothing for an instance the resolver finds unusable', async () => {
    const { call, resolver, sent } = setup();
    const refusal = new Error('Instance 7 is no longer authorized');
    jest.mocked(resolver.assertUsable).mockImplementation(() => {
      throw refusal;
    });
    await expect(call('GET', 'rooms')).rejects.toBe(refusal);
    expect(sent).toHaveLength(0);
  });

  it.each([
    ['an unknown query parameter', { colour: 'red' }, 'INVALID_QUERY'],
    ['a parameter given twice', { teamId: ['a', 'b'] }, 'INVALID_QUERY'],
    ['page and nextPage together', { page: '2', nextPage: 'x' }, 'INVALID_PAGING'],
    ['a page walk past the item bound', { page: '100', pageSize: '100' }, 'INVALID_PAGING'],
    ['a pageSize that is not a positive integer', { pageSize: '0' }, 'INVALID_PAGING'],
    ['a nextPage this hub never issued', { nextPage: 'forged' }, 'INVALID_NEXT_PAGE'],
  ])('answers %s with 400 before Webex is called', async (_case, query, code) => {
    const { call, sent } = setup();
    await expect(call('GET', 'rooms', query)).rejects.toMatchObject({ status: 400, code });
    expect(sent).toHaveLength(0);
  });

  it('refuses a next-page token issued for another instance', async () => {
    const { call, pages, sent } = setup();
    const token = pages.issue({ instanceId: 8, resourcePath: 'rooms' }, { url: `${WEBEX}/rooms?cursor=abc`, offset: 0 })!;
    await expect(call('GET', 'rooms', { nextPage: token })).rejects.toMatchObject({ status: 400, code: 'INVALID_NEXT_PAGE' });
    expect(sent).toHaveLength(0);
  });

  it('refuses a body that is not a JSON object', async () => {
    const { call, sent } = setup();
    await expect(call('POST', 'rooms', {}, ['a list'])).rejects.toMatchObject({ status: 400, code: 'BODY_NOT_OBJECT' });
    expect(sent).toHaveLength(0);
  });
});

describe('HubCalls: the Webex call and its answer', () => {
  it('maps a single read onto its Webex path with the access token and strips nulls', async () => {
    const { call, replies, sent } = setup();
    replies.push({ body: { id: 'r1', title: 'Room', teamId: null } });
    const answer = await call('GET', 'channels/r1');
    expect(sent).toEqual([expect.objectContaining({ method: 'GET', path: '/rooms/r1', accessToken: 'access-1' })]);
    expect(answer.body).toEqual({ id: 'r1', title: 'Room' });
  });

  it('leaves out of a create a secret sent back masked, and masks it in the answer', async () => {
    const { call, replies, sent } = setup();
    replies.push({ body: { id: 'w1', secret: 'webex-side' } });
    const answer = await call('POST', 'webhooks', {}, { name: 'w', secret: '********' });
    expect(sent[0].body).toEqual({ name: 'w' });
    expect(answer.body).toEqual({ id: 'w1', secret: '********' });
  });

  it('merges a patch onto the current resource, charging the extra read to the organization', async () => {
    const { call, replies, sent, rateLimit } = setup();
    replies.push({ body: { id: 'r1', title: 'Old', isLocked: false } }, { body: { id: 'r1', title: 'New', isLocked: false } });
    await call('PATCH', 'rooms/r1', {}, { title: 'New' });
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /rooms/r1', 'PUT /rooms/r1']);
    expect(sent[1].body).toEqual({ id: 'r1', title: 'New', isLocked: false });
    expect(rateLimit.take).toHaveBeenCalledTimes(1);
  });

  it('caps pageSize at the instance setting, sends what Webex filters exactly and seals where the next page starts', async () => {
    const { call, replies, sent } = setup({ instance: { configuration: { 'pagination.max': '2' } } });
    replies.push({ body: { items: [{ id: 'r1' }, { id: 'r2' }] }, headers: { link: `<${WEBEX}/rooms?cursor=2>; rel="next"` } });
    const answer = await call('GET', 'rooms', { pageSize: '500', where: "teamId = 't1'" });
    expect(sent[0].path).toBe(`${WEBEX}/rooms?teamId=t1&max=2`);
    expect(answer.body).toEqual([{ id: 'r1' }, { id: 'r2' }]);
    expect(answer.headers['elements-returned-count']).toBe('2');
    expect(answer.headers['elements-next-page-token']).toEqual(expect.any(String));

    replies.push({ body: { items: [{ id: 'r3' }] } });
    const second = await call('GET', 'rooms', { nextPage: answer.headers['elements-next-page-token'], where: "teamId = 't1'" });
    expect(sent[1].path).toBe(`${WEBEX}/rooms?cursor=2`);
    expect(second.headers['elements-next-page-token']).toBeUndefined();
  });

  it('fills a page from the next Webex page when Webex answers a short one', async () => {
    const { call, replies, sent, rateLimit } = setup();
    replies.push({ body: { items: [{ id: 'r1' }] }, headers: { link: `<${WEBEX}/rooms?cursor=1>; rel="next"` } }, { body: { items: [{ id: 'r2' }, { id: 'r3' }] } });
    const answer = await call('GET', 'rooms', { pageSize: '2' });
    expect(sent.map((r) => r.path)).toEqual([`${WEBEX}/rooms?max=2`, `${WEBEX}/rooms?cursor=1`]);
    expect(answer.body).toEqual([{ id: 'r1' }, { id: 'r2' }]);
    expect(rateLimit.take).toHaveBeenCalledTimes(1);
    // The next page starts after r2, inside the Webex page it came from.
    replies.push({ body: { items: [{ id: 'r2' }, { id: 'r3' }] } });
    const second = await call('GET', 'rooms', { nextPage: answer.headers['elements-next-page-token'] });
    expect(sent[2].path).toBe(`${WEBEX}/rooms?cursor=1`);
    expect(second.body).toEqual([{ id: 'r3' }]);
  });

  it('checks in the hub what Webex cannot filter, reading Webex pages until the hub page is full', async () => {
    const { call, replies, sent } = setup();
    const rooms = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => ({ id: `r${from + i}`, title: (from + i) % 3 === 0 ? `launch ${from + i}` : 'other', type: 'group' }));
    replies.push({ body: { items: rooms(0, 5) }, headers: { link: `<${WEBEX}/rooms?cursor=5>; rel="next"` } }, { body: { items: rooms(5, 10) } });
    const answer = await call('GET', 'rooms', { pageSize: '3', where: "title LIKE '%LAUNCH%' AND type = 'group'", fields: 'id' });
    expect(sent[0].path).toBe(`${WEBEX}/rooms?type=group&max=100`);
    expect(answer.body).toEqual([{ id: 'r0' }, { id: 'r3' }, { id: 'r6' }]);
    expect(answer.headers['elements-returned-count']).toBe('3');
    replies.push({ body: { items: rooms(5, 10) } });
    const second = await call('GET', 'rooms', { nextPage: answer.headers['elements-next-page-token'], fields: 'id,title' });
    expect(second.body).toEqual([{ id: 'r9', title: 'launch 9' }]);
    expect(second.headers['elements-next-page-token']).toBeUndefined();
  });

  it('sorts in the hub an order Webex cannot give, and pages the sorted list by its last key', async () => {
    const { call, replies } = setup();
    const items = [{ id: 'a', title: 'b' }, { id: 'b', title: 'c' }, { id: 'c', title: 'a' }, { id: 'd', title: 'b' }];
    replies.push({ body: { items } });
    const first = await call('GET', 'rooms', { orderBy: 'title desc', pageSize: '2' });
    expect(first.body).toEqual([items[1], items[0]]);
    replies.push({ body: { items } });
    const second = await call('GET', 'rooms', { orderBy: 'title desc', pageSize: '2', nextPage: first.headers['elements-next-page-token'] });
    expect(second.body).toEqual([items[3], items[2]]);
    expect(second.headers['elements-next-page-token']).toBeUndefined();
  });

  it('asks Webex for an order it gives, and refuses one on a Webex input or a secret', async () => {
    const { call, replies, sent } = setup();
    replies.push({ body: { items: [] } });
    await call('GET', 'rooms', { orderBy: 'created desc' });
    expect(sent[0].path).toBe(`${WEBEX}/rooms?sortBy=created&max=100`);
    await expect(call('GET', 'people', { orderBy: 'email' })).rejects.toMatchObject({ status: 400, code: 'INVALID_ORDER_BY', message: expect.stringMatching(/email is a Webex parameter/) });
    await expect(call('GET', 'webhooks', { where: "secret LIKE 'a%'" })).rejects.toMatchObject({ status: 400, code: 'INVALID_WHERE', message: expect.stringMatching(/secret/) });
    await expect(call('GET', 'rooms', { where: "sortBy = 'id'", orderBy: 'created desc' })).rejects.toMatchObject({ status: 400, code: 'INVALID_ORDER_BY' });
    expect(sent).toHaveLength(1);
  });

  it('never issues a token for a next link that leaves Webex', async () => {
    const { call, replies } = setup();
    replies.push({ body: { items: [] }, headers: { link: '<https://elsewhere.test/rooms?cursor=2>; rel="next"' } });
    const answer = await call('GET', 'rooms');
    expect(answer.headers['elements-next-page-token']).toBeUndefined();
  });

  it('walks to page N one Webex call per page, each past the first charged, and answers [] past the end', async () => {
    const { call, replies, sent, rateLimit } = setup();
    replies.push({ body: { items: [{ id: 1 }] }, headers: { link: `<${WEBEX}/rooms?cursor=2>; rel="next"` } }, { body: { items: [{ id: 2 }] } });
    const answer = await call('GET', 'rooms', { page: '3', pageSize: '1' });
    expect(sent.map((r) => r.path)).toEqual([`${WEBEX}/rooms?max=1`, `${WEBEX}/rooms?cursor=2`]);
    expect(rateLimit.take).toHaveBeenCalledTimes(1);
    expect(answer).toEqual({ body: [], headers: { 'elements-returned-count': '0' } });
  });

  it('bounds what a hub-side filter reads for one request: 2000 items or 100 Webex calls, then a short page and a token', async () => {
    const { call, replies, sent } = setup();
    const page = (n: number) => ({ body: { items: Array.from({ length: 100 }, (_, i) => ({ id: `r${n}-${i}`, title: 'other' })) }, headers: { link: `<${WEBEX}/rooms?cursor=${n + 1}>; rel="next"` } });
    for (let n = 0; n < 20; n++) replies.push(page(n));
    const answer = await call('GET', 'rooms', { where: "title = 'launch'", pageSize: '5' });
    expect(sent).toHaveLength(20);
    expect(answer.body).toEqual([]);
    expect(answer.headers['elements-next-page-token']).toEqual(expect.any(String));
    // page=N that the bound stops short of is refused rather than answered with another page.
    for (let n = 0; n < 20; n++) replies.push(page(n));
    await expect(call('GET', 'rooms', { where: "title = 'launch'", pageSize: '5', page: '2' })).rejects.toMatchObject({ status: 400, code: 'INVALID_PAGING', message: expect.stringMatching(/page 2 is past what one request may read/) });
    // Empty Webex pages that still have a next one stop at 100 calls.
    const empty = (n: number) => ({ body: { items: [] }, headers: { link: `<${WEBEX}/rooms?cursor=${n + 1}>; rel="next"` } });
    for (let n = 0; n < 100; n++) replies.push(empty(n));
    const calls = sent.length;
    const hollow = await call('GET', 'rooms', { where: "title = 'launch'" });
    expect(sent.length - calls).toBe(100);
    expect(hollow.headers['elements-next-page-token']).toEqual(expect.any(String));
  });

  it('tells of the instance before anything can refuse the call', async () => {
    const { sut, resolver } = setup();
    jest.mocked(resolver.assertUsable).mockImplementation(() => {
      throw new Error('disabled');
    });
    const known = jest.fn();
    await expect(sut.call(caller, { method: 'GET', path: 'rooms', query: {}, body: undefined }, known)).rejects.toThrow('disabled');
    expect(known).toHaveBeenCalledWith(expect.objectContaining({ id: 7 }));
  });
});

describe('HubCalls: Webex errors and the retry budget', () => {
  it('refreshes the token once on a 401 and retries with the new one', async () => {
    const { call, replies, sent, tokens } = setup();
    replies.push(webexError(401), { body: { id: 'me' } });
    await call('GET', 'accounts');
    expect(sent.map((r) => r.accessToken)).toEqual(['access-1', 'access-2']);
    expect(tokens.afterRejected).toHaveBeenCalledWith(expect.objectContaining({ id: 7 }), 'access-1');
  });

  it('hands a second 401 back with Webex status, message and trackingId', async () => {
    const { call, replies, sent } = setup();
    replies.push(webexError(401), webexError(401));
    await expect(call('GET', 'accounts')).rejects.toMatchObject({ status: 401, code: 'WEBEX_ERROR', extra: { providerMessage: 'Webex says 401', trackingId: 'tracking-1' } });
    expect(sent).toHaveLength(2);
  });

  it('waits out a 503 whose Retry-After fits the budget, then answers', async () => {
    const { call, replies, sent } = setup({ budgetMs: 5_000 });
    replies.push(webexError(503, '0'), { body: { id: 'r1' } });
    const answer = await call('GET', 'rooms/r1');
    expect(sent).toHaveLength(2);
    expect(answer.body).toBe('{"id":"r1"}');
  });

  it('hands a 429 back at once when its Retry-After is past the budget, keeping Retry-After', async () => {
    const { call, replies, sent } = setup({ budgetMs: 2_000 });
    replies.push(webexError(429, '30'));
    const started = Date.now();
    await expect(call('GET', 'rooms/r1')).rejects.toMatchObject({ status: 429, extra: { headers: { 'retry-after': '30' } } });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(sent).toHaveLength(1);
  });

  it('tells the caller when to come back once the budget is spent, even when Webex did not say', async () => {
    const { call, replies, sent } = setup({ budgetMs: 0 });
    replies.push(webexError(503));
    await expect(call('GET', 'rooms/r1')).rejects.toMatchObject({ status: 503, extra: { headers: { 'retry-after': '1' }, providerMessage: 'Webex says 503' } });
    expect(sent).toHaveLength(1);
  });

  it('retries a read twice when Webex cannot be reached, then answers 502', async () => {
    const { call, replies, sent } = setup();
    replies.push(new WebexUnreachableException('ECONNRESET'), new WebexUnreachableException('ECONNRESET'), new WebexUnreachableException('ECONNRESET'));
    await expect(call('GET', 'rooms/r1')).rejects.toMatchObject({ status: 502, code: 'WEBEX_UNREACHABLE' });
    expect(sent).toHaveLength(3);
  });

  it('never repeats a create when Webex cannot be reached: it could have been made', async () => {
    const { call, replies, sent } = setup();
    replies.push(new WebexUnreachableException('ECONNRESET'));
    await expect(call('POST', 'rooms', {}, { title: 'x' })).rejects.toMatchObject({ status: 502 });
    expect(sent).toHaveLength(1);
  });

  it('does not retry a timeout: 504 at once', async () => {
    const { call, replies, sent } = setup();
    replies.push(new WebexTimeoutException(100));
    await expect(call('GET', 'rooms/r1')).rejects.toMatchObject({ status: 504, code: 'WEBEX_TIMEOUT' });
    expect(sent).toHaveLength(1);
  });

  it('passes a Webex 404 on as it is, without retrying', async () => {
    const { call, replies, sent } = setup();
    replies.push(webexError(404));
    await expect(call('DELETE', 'rooms/r1')).rejects.toMatchObject({ status: 404, code: 'WEBEX_ERROR' });
    expect(sent).toHaveLength(1);
  });
});
