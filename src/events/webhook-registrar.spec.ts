import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Repository } from 'typeorm';
import { SecretBox } from '../common/secret-box';
import { HubConfig } from '../config/hub-config';
import { PublicUrl } from '../config/public-url';
import { ElementsService } from '../elements/elements.service';
import { InstanceHooks } from '../instances/instance-hooks';
import { Instance } from '../instances/instance.entity';
import { InstancesService } from '../instances/instances.service';
import { TokenEvents } from '../tokens/token-events';
import type { TokenHolder } from '../tokens/token-grants';
import { AccessTokens } from '../tokens/access-tokens';
import { WebexClient, WebexRequest, WebexResponse } from '../webex/webex.client';
import { WebexApiException } from '../webex/webex.exception';
import { CallbackClient } from './callback-client';
import { EventOutbox } from './event-outbox';
import { EventRegistration } from './event-registration.entity';
import { CallbackRefusedError } from './events.exception';
import { WebhookRegistrar } from './webhook-registrar';

const HUB = 'https://hub.test';
const CALLBACK = 'https://receiver.test/events';

/** A webhook as Webex lists it. */
type Hook = Record<'id' | 'targetUrl' | 'resource' | 'event', string> & Partial<Record<'filter' | 'status' | 'name', string>>;

/**
 * WebhookRegistrar over fakes: the registrations table as a map, Webex's webhook list as an array
 * behind a fake client (which can be told to fail), and the instance as stored.
 */
function setup(instanceFields: Partial<Instance> = {}) {
  const box = new SecretBox([{ id: 'k1', key: randomBytes(32) }]);
  const instance = {
    id: 7,
    elementKey: 'ciscospark',
    eventsEnabled: true,
    disabled: false,
    valid: true,
    configuration: { 'event.notification.callback.url': CALLBACK, 'event.notification.signature.key': box.seal('key'), 'event.objects': 'messages, rooms' },
    ...instanceFields,
  } as Instance;

  const rows = new Map<number, EventRegistration>();
  /** Each save, as the row was at that moment. */
  const saved: EventRegistration[] = [];
  const registrations = {
    findOneBy: jest.fn(async ({ instanceId }: { instanceId: number }) => rows.get(instanceId) ?? null),
    create: (fields: Partial<EventRegistration>) => ({ lastError: null, active: false, ...fields }) as EventRegistration,
    save: jest.fn(async (row: EventRegistration) => {
      rows.set(row.instanceId, row);
      saved.push({ ...row, webhooks: [...row.webhooks] });
      return row;
    }),
  } as unknown as Repository<EventRegistration>;

  const webexHooks: Hook[] = [];
  const sent: WebexRequest[] = [];
  /** What the next Webex calls fail with, in order (undefined: that call succeeds). */
  const failures: (Error | undefined)[] = [];
  let created = 0;
  const webex = {
    send: jest.fn(async (request: WebexRequest) => {
      sent.push(request);
      const failure = failures.shift();
      if (failure) throw failure;
      let body: unknown = undefined;
      if (request.method === 'GET') body = { items: webexHooks };
      if (request.method === 'POST') {
        const hook = { id: `new-${++created}`, ...(request.body as Omit<Hook, 'id'>) };
        webexHooks.push(hook);
        body = hook;
      }
      if (request.method === 'PUT') Object.assign(webexHooks.find((h) => request.path === `/webhooks/${h.id}`)!, request.body);
      if (request.method === 'DELETE') webexHooks.splice(webexHooks.findIndex((h) => request.path === `/webhooks/${h.id}`), 1);
      return new WebexResponse(200, {}, body === undefined ? '' : JSON.stringify(body));
    }),
  } as unknown as WebexClient;

  const stored = { ...instance, accessToken: 'stored-row' } as Instance;
  const instances = { stored: jest.fn(async () => stored) } as unknown as InstancesService;
  const tokens = { forCall: jest.fn(async () => 'access-1'), afterRejected: jest.fn(async () => 'access-2') } as unknown as AccessTokens;
  const callbacks = { check: jest.fn(async () => undefined) } as unknown as CallbackClient;
  const outbox = { storeAuthorizationFailure: jest.fn(async () => undefined) } as unknown as EventOutbox;
  const publicUrl = { value: HUB } as PublicUrl;
  const hooks = { check: jest.fn(), listen: jest.fn() } as unknown as InstanceHooks;

  const tokenEvents = new TokenEvents();
  const sut = new WebhookRegistrar(registrations, instances, hooks, new ElementsService(new HubConfig()), box, publicUrl, webex, tokens, callbacks, outbox, tokenEvents);
  const registration = () => rows.get(instance.id)!;
  const target = () => sut.targetUrl(registration());
  const hook = (fields: Partial<Hook> & { id: string }): Hook => ({ targetUrl: target(), resource: 'messages', event: 'all', ...fields });
  return { sut, instance, box, rows, saved, registration, target, hook, webexHooks, sent, failures, tokens, callbacks, outbox, instances, stored, tokenEvents };
}

describe('WebhookRegistrar.validate', () => {
  const settings = (configuration: Record<string, string>) => ({ elementKey: 'ciscospark', eventsEnabled: true, configuration });
  /** Settings that pass, with the signature key sealed as stored. */
  const complete = (box: SecretBox) => ({ 'event.notification.callback.url': CALLBACK, 'event.notification.signature.key': box.seal('key') });

  it('checks nothing while events are off', async () => {
    const { sut, callbacks } = setup();
    await sut.validate({ elementKey: 'ciscospark', eventsEnabled: false, configuration: {} });
    expect(callbacks.check).not.toHaveBeenCalled();
  });

  it.each([
    ['a vendor type other than webhook', { 'event.vendor.type': 'polling' }, [], /event.vendor.type "polling" is not supported/],
    ['no callback URL', {}, ['event.notification.callback.url'], /callback.url is required/],
    ['no signature key', {}, ['event.notification.signature.key'], /signature.key is required/],
    ['no watched resource', { 'event.objects': ' , ' }, [], /event.objects must name at least one/],
  ])('refuses %s with 400 before the callback is checked', async (_case, changed, removed, message) => {
    const { sut, callbacks, box } = setup();
    const configuration: Record<string, string> = { ...complete(box), ...changed };
    for (const key of removed) delete configuration[key];
    await expect(sut.validate(settings(configuration))).rejects.toMatchObject({ status: 400, code: 'INVALID_EVENT_SETTINGS', message: expect.stringMatching(message) });
    expect(callbacks.check).not.toHaveBeenCalled();
  });

  it("refuses a callback the hub may not post to with 400 and the check's reason", async () => {
    const { sut, callbacks, box } = setup();
    jest.mocked(callbacks.check).mockRejectedValueOnce(new CallbackRefusedError('resolves to a private address'));
    await expect(sut.validate(settings(complete(box)))).rejects.toMatchObject({ status: 400, code: 'CALLBACK_REFUSED', message: 'event.notification.callback.url resolves to a private address' });
  });

  it('lets any other failure of the check through as it is', async () => {
    const { sut, callbacks, box } = setup();
    const outage = new Error('DNS timeout');
    jest.mocked(callbacks.check).mockRejectedValueOnce(outage);
    await expect(sut.validate(settings(complete(box)))).rejects.toBe(outage);
    expect(callbacks.check).toHaveBeenCalledWith(CALLBACK);
  });
});

describe('WebhookRegistrar: activating', () => {
  it('registers one webhook per watched resource on an opaque target, with the sealed secret opened', async () => {
    const { sut, instance, box, registration, target, webexHooks, saved } = setup();
    await sut.onChange('configured', instance);

    const row = registration();
    expect(row).toMatchObject({ instanceId: 7, active: true, lastError: null });
    expect(target()).toBe(`${HUB}/elements/api-v2/events/ciscospark/${row.routeKey}`);
    expect(row.routeKey.length).toBeGreaterThanOrEqual(16);
    expect(webexHooks).toEqual([
      expect.objectContaining({ resource: 'messages', event: 'all', targetUrl: target(), secret: box.open(row.secret) }),
      expect.objectContaining({ resource: 'rooms', event: 'all', targetUrl: target() }),
    ]);
    expect(row.webhooks).toEqual(webexHooks.map(({ id, resource }) => ({ id, resource, status: 'active' })));
    // Active (and saved) before Webex knows the target, so the first delivery is accepted.
    expect(saved[0]).toMatchObject({ active: true, webhooks: [] });
  });

  it('keeps webhooks that fit and deletes those that do not, leaving other targets alone', async () => {
    const { sut, instance, hook, webexHooks, registration } = setup();
    await sut.onChange('configured', instance);
    const [messages] = webexHooks.splice(0);
    webexHooks.push(
      messages,
      hook({ id: 'filtered', resource: 'rooms', filter: 'type=group' }),
      hook({ id: 'second-messages' }),
      hook({ id: 'not-all', resource: 'rooms', event: 'created' }),
      hook({ id: 'inactive', resource: 'rooms', status: 'inactive' }),
      hook({ id: 'unwatched', resource: 'memberships' }),
      hook({ id: 'someone-else', targetUrl: 'https://other.test/' }),
    );

    await sut.onChange('configured', instance);

    expect(webexHooks.map((h) => h.id)).toEqual([messages.id, 'inactive', 'someone-else']);
    expect(registration().webhooks).toEqual([
      { id: messages.id, resource: 'messages', status: 'active' },
      { id: 'inactive', resource: 'rooms', status: 'active' },
    ]);
  });

  it('re-activates a webhook Webex set inactive (PUT, same id and secret) and re-creates one gone missing, and says so', async () => {
    const { sut, instance, box, webexHooks, sent, registration } = setup();
    await sut.onChange('configured', instance);
    const [messages, rooms] = webexHooks;
    messages.status = 'inactive';
    webexHooks.splice(1, 1);

    expect(await sut.reconcile(instance)).toEqual({ reactivated: ['messages'], created: ['rooms'], removed: [] });

    expect(sent.find((r) => r.method === 'PUT')).toMatchObject({
      path: `/webhooks/${messages.id}`,
      body: { name: messages.name, targetUrl: messages.targetUrl, secret: box.open(registration().secret), status: 'active' },
    });
    expect(webexHooks.map((h) => [h.resource, h.status ?? 'active'])).toEqual([['messages', 'active'], ['rooms', 'active']]);
    expect(webexHooks[1].id).not.toBe(rooms.id);
    expect(registration()).toMatchObject({ lastError: null, lastErrorAt: null, checkedAt: expect.any(Date) });
    expect(await sut.reconcile(instance)).toEqual({ reactivated: [], created: [], removed: [] });
    expect(await sut.reconcile({ ...instance, valid: false } as Instance)).toEqual({ reactivated: [], created: [], removed: [] });
  });

  it('calls Webex with the token of the instance as stored, not the copy the hooks passed', async () => {
    const { sut, instance, tokens, stored } = setup();
    await sut.onChange('created', instance);
    expect(tokens.forCall).toHaveBeenCalledWith(stored);
  });

  it('refreshes the token once when Webex rejects it, and retries', async () => {
    const { sut, instance, failures, sent, tokens, webexHooks } = setup();
    failures.push(new WebexApiException(401, 'The request requires a valid access token'));
    await sut.onChange('configured', instance);
    expect(sent.slice(0, 2).map((r) => r.accessToken)).toEqual(['access-1', 'access-2']);
    expect(tokens.afterRejected).toHaveBeenCalledTimes(1);
    expect(webexHooks).toHaveLength(2);
  });

  it('records what Webex answered when reconciling fails, and rethrows it', async () => {
    const { sut, instance, failures, registration, saved } = setup();
    const refused = new WebexApiException(403, 'Insufficient scope');
    failures.push(refused);
    await expect(sut.onChange('configured', instance)).rejects.toBe(refused);
    expect(registration().lastError).toBe('Webex answered 403: Insufficient scope');
    expect(saved.at(-1)).toMatchObject({ lastError: 'Webex answered 403: Insufficient scope', lastErrorAt: expect.any(Date), checkedAt: expect.any(Date) });
  });

  it('hands a second 401 back after the one refresh', async () => {
    const { sut, instance, failures, sent, registration } = setup();
    failures.push(new WebexApiException(401, 'expired'), new WebexApiException(401, 'still expired'));
    await expect(sut.onChange('configured', instance)).rejects.toMatchObject({ status: 401 });
    expect(sent).toHaveLength(2);
    expect(registration().lastError).toBe('Webex answered 401: still expired');
  });

  it('takes a webhook already gone from Webex (404) as removed', async () => {
    const { sut, instance, hook, webexHooks, failures, sent, registration } = setup();
    await sut.onChange('configured', instance);
    webexHooks.push(hook({ id: 'gone', resource: 'memberships' }));
    failures.push(undefined, new WebexApiException(404, 'Not found'));
    await sut.onChange('configured', instance);
    expect(sent.at(-1)).toMatchObject({ method: 'DELETE', path: '/webhooks/gone' });
    expect(registration().lastError).toBeNull();
  });

  it('records any other failure to delete a webhook', async () => {
    const { sut, instance, hook, webexHooks, failures, registration } = setup();
    await sut.onChange('configured', instance);
    webexHooks.push(hook({ id: 'stuck', resource: 'memberships' }));
    failures.push(undefined, new WebexApiException(500, 'Internal error'));
    await expect(sut.onChange('configured', instance)).rejects.toMatchObject({ status: 500 });
    expect(registration().lastError).toBe('Webex answered 500: Internal error');
  });
});

describe('WebhookRegistrar: deactivating', () => {
  it.each([
    ['was disabled', { disabled: true }],
    ['had events turned off', { eventsEnabled: false }],
  ])('deletes the webhooks of an instance that %s', async (_case, change) => {
    const { sut, instance, webexHooks, hook, registration } = setup();
    await sut.onChange('configured', instance);
    webexHooks.push(hook({ id: 'someone-else', targetUrl: 'https://other.test/' }));

    await sut.onChange('disabled', { ...instance, ...change } as Instance);

    expect(webexHooks.map((h) => h.id)).toEqual(['someone-else']);
    expect(registration()).toMatchObject({ active: false, webhooks: [], lastError: null });
  });

  it('marks the registration inactive without calling Webex when the grant is gone', async () => {
    const { sut, instance, sent, registration } = setup();
    await sut.onChange('configured', instance);
    const calls = sent.length;
    await sut.onChange('disabled', { ...instance, valid: false } as Instance);
    expect(sent).toHaveLength(calls);
    expect(registration().active).toBe(false);
  });

  it('does nothing for an instance that never registered', async () => {
    const { sut, instance, sent, saved } = setup();
    await sut.onChange('deleting', instance);
    expect(sent).toHaveLength(0);
    expect(saved).toHaveLength(0);
  });
});

describe('WebhookRegistrar: authorization lost', () => {
  const invalidated = (id: number) => ({ id }) as TokenHolder;

  it('stores the authorization-failed event when tokens/ publishes an invalidation of an instance with events on, and touches no webhook', async () => {
    const { sut, instance, outbox, sent, stored, tokenEvents } = setup();
    sut.onModuleInit();
    await tokenEvents.publish('invalidated', invalidated(instance.id));
    expect(outbox.storeAuthorizationFailure).toHaveBeenCalledTimes(1);
    expect(outbox.storeAuthorizationFailure).toHaveBeenCalledWith(stored);
    expect(sent).toHaveLength(0);
  });

  it('stores nothing when events are off', async () => {
    const { sut, instance, outbox, tokenEvents } = setup({ eventsEnabled: false });
    sut.onModuleInit();
    await tokenEvents.publish('invalidated', invalidated(instance.id));
    expect(outbox.storeAuthorizationFailure).not.toHaveBeenCalled();
  });

  it('stores nothing for the instance change that instances/ announces after it, so the event is stored once', async () => {
    const { sut, instance, outbox, sent } = setup();
    await sut.onChange('invalidated', instance);
    expect(outbox.storeAuthorizationFailure).not.toHaveBeenCalled();
    expect(sent).toHaveLength(0);
  });
});

beforeEach(() => jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined));
afterEach(() => jest.restoreAllMocks());
