import { randomBytes } from 'node:crypto';
import { Credentials } from '../auth/auth.guard';
import { OrganizationRateLimit } from '../auth/organization-rate-limit';
import { SecretBox } from '../common/secret-box';
import { HubConfig } from '../config/hub-config';
import { ElementsService } from '../elements/elements.service';
import { InstanceResolver } from '../instances/instance-resolver';
import { Instance } from '../instances/instance.entity';
import { AccessTokens } from '../tokens/access-tokens';
import { WebexClient, WebexRequest, WebexResponse } from '../webex/webex.client';
import { WebexApiException, WebexTimeoutException, WebexUnreachableException } from '../webex/webex.exception';
import { HubCall, HubCalls } from './hub-calls.service';
import { NextPageToken } from './next-page-token';
import { UpstreamCalls } from './upstream-calls';

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
  const sut = new HubCalls(elements, resolver, new UpstreamCalls(config, webex, tokens), pages, webex, box, rateLimit);
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
    const token = pages.issue({ instanceId: 8, resourcePath: 'rooms' }, `${WEBEX}/rooms?cursor=abc`)!;
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

  it('caps pageSize at the instance setting, turns where into Webex parameters and seals Webex next link', async () => {
    const { call, replies, sent } = setup({ instance: { configuration: { 'pagination.max': '20' } } });
    replies.push({ body: { items: [{ id: 'r1' }] }, headers: { link: `<${WEBEX}/rooms?cursor=2>; rel="next"` } });
    const answer = await call('GET', 'rooms', { pageSize: '500', where: "teamId = 't1'" });
    expect(sent[0].query).toEqual({ teamId: 't1', max: '20' });
    expect(answer.body).toEqual([{ id: 'r1' }]);
    expect(answer.headers['elements-returned-count']).toBe('1');
    expect(answer.headers['elements-next-page-token']).toEqual(expect.any(String));

    replies.push({ body: { items: [{ id: 'r2' }] } });
    const second = await call('GET', 'rooms', { nextPage: answer.headers['elements-next-page-token'], where: "teamId = 't1'" });
    expect(sent[1].path).toBe(`${WEBEX}/rooms?cursor=2`);
    expect(second.headers['elements-next-page-token']).toBeUndefined();
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
    expect(sent.map((r) => r.path)).toEqual(['/rooms', `${WEBEX}/rooms?cursor=2`]);
    expect(rateLimit.take).toHaveBeenCalledTimes(1);
    expect(answer).toEqual({ body: [], headers: { 'elements-returned-count': '0' } });
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
