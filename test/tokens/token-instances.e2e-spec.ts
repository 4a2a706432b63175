import { setTimeout as sleep } from 'node:timers/promises';
import { Instance } from '../../src/instances/instance.entity';
import { InstanceToken } from '../../src/tokens/instance-token.entity';
import { RefreshScheduler } from '../../src/tokens/refresh-scheduler';
import { asPerson, eventsConfiguration, Receiver, startReceiver, startRelayHub } from '../events/relay-support';
import { API } from '../support/hub';
import { refreshRequests } from '../support/instance-fleet';
import { withElement } from '../support/recipe';

type RelayHub = Awaited<ReturnType<typeof startRelayHub>>;

/** Instances from a bot token or a personal access token (externalAuthentication "token"), on PGlite and on PostgreSQL. */
describe('instances from tokens', () => {
  let hub: RelayHub;
  let receiver: Receiver;
  let scheduler: RefreshScheduler;

  beforeAll(async () => {
    receiver = await startReceiver();
    hub = await startRelayHub({ env: { HUB_EVENT_RETRY_SCHEDULE: '100ms,100ms' } });
    scheduler = hub.app.get(RefreshScheduler);
  });
  afterAll(async () => {
    await hub.close();
    await receiver.close();
  });

  const fromToken = (body: Record<string, unknown>) =>
    hub
      .http()
      .post(`${API}/instances`)
      .set('Authorization', hub.auth)
      .send({ element: { key: 'ciscospark' }, externalAuthentication: 'token', configuration: {}, ...body });
  const hubCall = (token: string, path = 'channels') => hub.http().get(`${API}/hubs/collaboration/${path}`).set('Authorization', withElement(hub, token));
  const stored = (id: number) => hub.dataSource().getRepository(InstanceToken).findOneByOrFail({ id });
  const counts = async () => ({
    instances: await hub.dataSource().getRepository(Instance).count(),
    tokens: await hub.dataSource().getRepository(InstanceToken).count(),
    webhooks: hub.emulator.emulator.store.webhooks.size,
  });
  /** Lets the emulator's webhook posts land, then delivers what is due. */
  async function settle(): Promise<void> {
    await hub.emulator.flushWebhooks();
    await hub.dispatcher.drain();
  }
  const authorizationFailures = (id: number) => receiver.received.filter((r) => r.json.message.raw?.type === 'instance.authorization.failed' && r.json.message.instanceId === id);

  it('a bot-token instance calls Webex as the bot, is never refreshed, and relays a group message that mentions the bot', async () => {
    const bot = hub.emulator.createBot({ displayName: 'Relay Bot' });
    const alice = hub.emulator.createPerson({ email: 'alice@example.com', displayName: 'Alice' });
    const refreshesBefore = refreshRequests(hub);

    const created = await fromToken({ providerData: { accessToken: bot.accessToken }, configuration: eventsConfiguration(receiver.url, { 'event.objects': 'messages' }) }).expect(200);

    expect(created.body).toMatchObject({ valid: true, externalAuthentication: 'token', name: expect.stringMatching(/^Relay Bot /), account: { id: bot.person.id, email: 'relay-bot@webex.bot' } });
    expect(created.body.nextRefreshDate).toBeUndefined();
    expect(JSON.stringify(created.body)).not.toContain(bot.accessToken);
    expect(await hub.dump()).not.toContain(bot.accessToken);
    expect(await stored(created.body.id)).toMatchObject({ refreshToken: null, accessTokenExpiresAt: null, nextRefreshAt: null, valid: true });

    // A hub call through it: Webex answers as the bot.
    expect((await hubCall(created.body.token, 'accounts').expect(200)).body).toMatchObject({ id: bot.person.id, type: 'bot' });
    // Its webhooks are the bot's own.
    const ours = [...hub.emulator.emulator.store.webhooks.values()].filter((w) => w.targetUrl.startsWith(hub.publicUrl));
    expect(ours.map((w) => [w.resource, w.createdBy])).toEqual([['messages', bot.person.id]]);

    const room = await asPerson(hub, alice.accessToken, 'POST', '/rooms', { title: 'Bots welcome' });
    await asPerson(hub, alice.accessToken, 'POST', '/memberships', { roomId: room.id, personId: bot.person.id });
    const plain = await asPerson(hub, alice.accessToken, 'POST', '/messages', { roomId: room.id, text: 'not for the bot' });
    const mention = await asPerson(hub, alice.accessToken, 'POST', '/messages', { roomId: room.id, markdown: `<@personId:${bot.person.id}|Relay Bot> ping` });
    await settle();

    const relayed = receiver.received.filter((r) => r.json.message.instanceId === created.body.id).map((r) => r.json.message.events[0].objectId);
    expect(relayed).toContain(mention.id);
    expect(relayed).not.toContain(plain.id);

    // Nothing is due, and a manual refresh is refused: Webex has nothing to refresh a bot token with.
    await scheduler.tick();
    expect(refreshRequests(hub)).toBe(refreshesBefore);
    const manual = await hub.http().post(`${API}/instances/${created.body.id}/tokens/refresh`).set('Authorization', hub.auth).expect(409);
    expect(manual.body.code).toBe('TOKEN_NOT_REFRESHABLE');
    expect(hub.logs.join('')).not.toContain(bot.accessToken);
  });

  it('a personal-token instance works; when Webex stops accepting the token, the instance is invalid, hub calls get 401 and the authorization-failed event fires', async () => {
    const personal = hub.emulator.createPersonalToken({ email: 'dev@example.com', expiresIn: 2 });
    const created = await fromToken({ providerData: { accessToken: personal.accessToken }, configuration: eventsConfiguration(receiver.url) }).expect(200);
    const issued = Date.now();
    // The hub cannot know when the portal issued it: 12 hours from now is the most it can live.
    const expiry = Date.parse(created.body.nextRefreshDate);
    expect(Math.abs(expiry - (Date.now() + 12 * 3_600_000))).toBeLessThan(60_000);
    expect((await hubCall(created.body.token, 'accounts').expect(200)).body.emails).toEqual(['dev@example.com']);

    await sleep(Math.max(0, issued + 2_100 - Date.now()));
    const refused = await hubCall(created.body.token).expect(401);
    expect(refused.body).toMatchObject({ code: 'INSTANCE_NOT_AUTHORIZED', message: expect.stringMatching(/Webex no longer accepts the access token.*create an instance from a new token/) });
    const view = (await hub.http().get(`${API}/instances/${created.body.id}`).set('Authorization', hub.auth).expect(200)).body;
    expect(view).toMatchObject({ valid: false, invalidReason: 'Webex no longer accepts the access token' });
    await hubCall(created.body.token).expect(401);

    await settle();
    expect(authorizationFailures(created.body.id)).toHaveLength(1);
    expect(authorizationFailures(created.body.id)[0].json.message.raw.reason).toBe('Webex no longer accepts the access token');
  });

  it("a personal token's known expiry passing marks the instance invalid on the schedule, without a call, and the event fires", async () => {
    const personal = hub.emulator.createPersonalToken({ email: 'twelve@example.com' });
    const created = await fromToken({ providerData: { accessToken: personal.accessToken }, configuration: eventsConfiguration(receiver.url) }).expect(200);
    const refreshesBefore = refreshRequests(hub);
    await scheduler.tick();
    expect((await stored(created.body.id)).valid).toBe(true);

    // Twelve hours on.
    await hub.dataSource().query(`UPDATE instance_tokens SET access_token_expires_at = now() - interval '1 second', next_refresh_at = now() - interval '1 second' WHERE instance_id = $1`, [created.body.id]);
    await scheduler.tick();

    expect(await stored(created.body.id)).toMatchObject({ valid: false, invalidReason: expect.stringMatching(/reached the end of its lifetime \(a personal access token lives 12 hours\)/), nextRefreshAt: null });
    expect(refreshRequests(hub)).toBe(refreshesBefore);
    await settle();
    expect(authorizationFailures(created.body.id)).toHaveLength(1);
    await hubCall(created.body.token).expect(401);
  });

  it("a token Webex refuses gets a 400 with Webex's message, and nothing is stored", async () => {
    const before = await counts();

    const refused = await fromToken({ providerData: { accessToken: 'not-a-webex-token' }, configuration: eventsConfiguration(receiver.url) }).expect(400);

    expect(refused.body).toMatchObject({
      code: 'ACCESS_TOKEN_REFUSED',
      message: 'Webex refused the access token (401); nothing was stored',
      providerMessage: 'The request requires a valid access token set in the Authorization request header.',
      trackingId: expect.any(String),
    });
    expect(await counts()).toEqual(before);
    expect(hub.logs.join('')).not.toContain('not-a-webex-token');
  });

  it('a missing or malformed token is a 400 before Webex is asked, with nothing stored', async () => {
    const before = await counts();
    const asked = () => hub.emulator.stats()['GET /people/me'] ?? 0;
    const askedBefore = asked();

    expect((await fromToken({}).expect(400)).body.code).toBe('ACCESS_TOKEN_INVALID');
    expect((await fromToken({ providerData: {} }).expect(400)).body.code).toBe('ACCESS_TOKEN_INVALID');
    for (const accessToken of ['', 'two words', 'line\nbreak', 'x'.repeat(4000) + ' ']) {
      expect((await fromToken({ providerData: { accessToken } }).expect(400)).body).toMatchObject({ code: 'ACCESS_TOKEN_INVALID', requestId: expect.any(String) });
    }
    // Not a string, longer than any token, text no column can store: refused by the body's checks before tokens/ sees it.
    for (const accessToken of [42, ['a'], 'x'.repeat(4097), 'nul\u0000byte', 'lone\ud800surrogate']) await fromToken({ providerData: { accessToken } }).expect(400);
    // An unknown mode is refused as any bad field is.
    await fromToken({ externalAuthentication: 'bearer', providerData: { accessToken: 'abc' } }).expect(400);

    expect(asked()).toBe(askedBefore);
    expect(await counts()).toEqual(before);
  });
});
