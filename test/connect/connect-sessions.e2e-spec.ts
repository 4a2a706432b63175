import { SecretBox } from '../../src/common/secret-box';
import { InstanceToken } from '../../src/tokens/instance-token.entity';
import { eventsConfiguration } from '../events/relay-support';
import { API } from '../support/hub';
import { connectInstance, withElement } from '../support/recipe';
import { answerConsent, ConnectHub, countRows, createSession, newBrowser, sessionStatus, startConnectHub, toConsent } from './connect-browser';

/** The end user's path in a real Chromium, from POST /connect-sessions to a redeemed token that works. */
describe('connect sessions in the browser', () => {
  let ctx: ConnectHub;

  beforeAll(async () => {
    ctx = await startConnectHub();
  });
  afterAll(() => ctx?.close());

  const redeem = (id: string) => ctx.hub.http().post(`${API}/connect-sessions/${id}/redeem`).set('Authorization', ctx.hub.auth);
  const expire = (id: string) => ctx.hub.dataSource().query(`UPDATE connect_sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [id]);

  it('connects an account: the start page names the application and the scopes, Webex gets S256 and the hub redirect URI, the page says who, the browser returns, and the token is redeemed once and works', async () => {
    const email = 'ada.lovelace@example.com';
    ctx.hub.emulator.createPerson({ email, displayName: 'Ada Lovelace' });
    const session = await createSession(ctx, { name: "Ada's Webex", tags: ['by-link'] });
    expect(session.url).toMatch(new RegExp(`^${ctx.origin}/elements/api-v2/connect\\?token=`));
    expect((await sessionStatus(ctx, session.id)).status).toBe('PENDING');
    await redeem(session.id).expect(409);

    const { context, page } = await newBrowser(ctx);
    const authorize: string[] = [];
    page.on('request', (request) => request.url().includes('/v1/authorize') && authorize.push(request.url()));
    await page.goto(session.url);
    await expect(page.locator('#application').textContent()).resolves.toBe('Default organization');
    // The tab names the page and the application, not the hub's console.
    await expect(page.title()).resolves.toBe('Connect your Webex account – Default organization');
    await expect(page.locator('#scopes').textContent()).resolves.toMatch(/Read and send messages.*encrypted/s);
    await page.getByRole('button', { name: 'Continue to Webex' }).click();
    await page.waitForURL(/\/v1\/authorize/);
    const consent = new URL(authorize[0]);
    expect(consent.searchParams.get('code_challenge_method')).toBe('S256');
    expect(consent.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(consent.searchParams.get('redirect_uri')).toBe(`${ctx.origin}/elements/api-v2/connect/oauth/callback`);
    expect(consent.searchParams.get('scope')).toBe('spark:all spark:kms');

    await answerConsent(page, 'Accept', email);
    await expect(page.locator('#connected .account').textContent()).resolves.toMatch(/Connected as Ada Lovelace ada\.lovelace@example\.com/);
    await expect(page.title()).resolves.toBe('Webex account connected – Default organization');
    const html = await page.content();
    await page.waitForURL(`${ctx.app}/done?connectSession=${session.id}`);
    await context.close();

    const status = await sessionStatus(ctx, session.id);
    expect(status).toEqual({ id: session.id, status: 'CONNECTED', instanceId: expect.any(Number), expiresAt: session.expiresAt });
    // Two redeems at once: exactly one gets the instance.
    const both = await Promise.all([redeem(session.id), redeem(session.id)]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const redeemed = both.find((r) => r.status === 200)!.body;
    expect(redeemed).toMatchObject({ id: status.instanceId, name: "Ada's Webex", tags: ['by-link'], valid: true, email, displayName: 'Ada Lovelace' });
    expect(redeemed.token).toMatch(/^[\w-]{43}$/);
    expect(html).not.toContain(redeemed.token);
    await ctx.hub.http().get(`${API}/hubs/collaboration/channels`).set('Authorization', withElement(ctx.hub, redeemed.token)).expect(200);
    const again = await redeem(session.id).expect(409);
    expect(again.body).toMatchObject({ code: 'CONNECT_NOT_REDEEMABLE', message: expect.stringMatching(/already redeemed/) });
    expect(JSON.stringify(again.body)).not.toContain(redeemed.token);
  });

  it('a decline ends on a clear page, creates nothing, and the status says DECLINED', async () => {
    const before = await countRows(ctx, 'instances');
    const session = await createSession(ctx);
    const { context, page } = await newBrowser(ctx);
    await toConsent(page, session.url);
    await answerConsent(page, 'Decline');
    await expect(page.locator('h1').textContent()).resolves.toBe('Access not granted');
    await expect(page.getByRole('link', { name: 'Back to the application' }).getAttribute('href')).resolves.toBe(`${ctx.app}/done?connectSession=${session.id}`);
    await context.close();
    expect(await sessionStatus(ctx, session.id)).toMatchObject({ status: 'DECLINED', reason: expect.stringMatching(/declined/) });
    expect(await countRows(ctx, 'instances')).toBe(before);
    await redeem(session.id).expect(409);
  });

  it('an expired link, before the start page or while the user is at Webex, ends on a clear page and creates nothing', async () => {
    const before = await countRows(ctx, 'instances');
    const unopened = await createSession(ctx);
    await expire(unopened.id);
    expect((await sessionStatus(ctx, unopened.id)).status).toBe('EXPIRED');
    const { context, page } = await newBrowser(ctx);
    const answer = await page.goto(unopened.url);
    expect(answer?.status()).toBe(410);
    await expect(page.locator('h1').textContent()).resolves.toBe('This link has expired');
    await expect(page.title()).resolves.toBe('This link has expired – Webex account connection');

    const atWebex = await createSession(ctx);
    await toConsent(page, atWebex.url);
    await expire(atWebex.id);
    await answerConsent(page, 'Accept', 'late@example.com');
    await expect(page.locator('h1').textContent()).resolves.toBe('This link has expired');
    await context.close();
    expect(await sessionStatus(ctx, atWebex.id)).toMatchObject({ status: 'EXPIRED' });
    expect(await countRows(ctx, 'instances')).toBe(before);
  });

  it('a replayed callback, and a second browser opening the finished link, end on clear pages and change nothing', async () => {
    const session = await createSession(ctx);
    const first = await newBrowser(ctx);
    await toConsent(first.page, session.url);
    const callback = await answerConsent(first.page, 'Accept', 'replay@example.com');
    await expect(first.page.locator('#connected').isVisible()).resolves.toBe(true);
    const instances = await countRows(ctx, 'instances');

    const replay = await first.page.goto(callback);
    expect(replay?.status()).toBe(409);
    await expect(first.page.locator('h1').textContent()).resolves.toBe('This sign-in was already used');
    await first.context.close();

    const second = await newBrowser(ctx, 390);
    const opened = await second.page.goto(session.url);
    expect(opened?.status()).toBe(410);
    await expect(second.page.locator('#message').textContent()).resolves.toMatch(/already connected through this link/);
    await expect(second.page.getByRole('button', { name: 'Continue to Webex' }).count()).resolves.toBe(0);
    await second.context.close();

    expect(await countRows(ctx, 'instances')).toBe(instances);
    expect(await sessionStatus(ctx, session.id)).toMatchObject({ status: 'CONNECTED' });
  });

  it('a callback in a foreign browser, or with a state the hub did not send, is refused, creates nothing, and fails the session', async () => {
    const before = await countRows(ctx, 'instances');
    const session = await createSession(ctx);
    const started = await newBrowser(ctx);
    await toConsent(started.page, session.url);
    // What Accept yields for the consent the first browser is on, opened in another browser instead.
    const asked = new URL(started.page.url()).searchParams;
    const { location: callback } = ctx.hub.emulator.authorize({
      clientId: asked.get('client_id')!,
      redirectUri: asked.get('redirect_uri')!,
      scope: asked.get('scope')!,
      state: asked.get('state')!,
      codeChallenge: asked.get('code_challenge')!,
      codeChallengeMethod: asked.get('code_challenge_method')!,
      email: 'foreign@example.com',
    });
    expect(callback).toContain('code=');
    const foreign = await newBrowser(ctx);
    const refused = await foreign.page.goto(callback);
    expect(refused?.status()).toBe(403);
    await expect(foreign.page.locator('h1').textContent()).resolves.toBe('Finish in the browser you started in');
    await foreign.context.close();
    await started.context.close();
    expect(await sessionStatus(ctx, session.id)).toMatchObject({ status: 'FAILED', reason: expect.stringMatching(/another browser|other than the one/) });

    const mismatched = await createSession(ctx);
    const browser = await newBrowser(ctx);
    await toConsent(browser.page, mismatched.url);
    const wrong = await browser.page.goto(`${ctx.origin}/elements/api-v2/connect/oauth/callback?code=abc&state=not-the-state`);
    expect(wrong?.status()).toBe(400);
    await expect(browser.page.locator('h1').textContent()).resolves.toBe('Sign-in not recognized');
    await browser.context.close();
    expect(await sessionStatus(ctx, mismatched.id)).toMatchObject({ status: 'FAILED', reason: expect.stringMatching(/state/) });
    expect(await countRows(ctx, 'instances')).toBe(before);
  });

  it('re-authorizes an instance Webex no longer authorizes: valid again, same token, and the outcome arrives as an event', async () => {
    const connected = await connectInstance(ctx.hub, { configuration: eventsConfiguration(`${ctx.app}/events`) });
    // Webex refuses the grant for good: its refresh token is spent elsewhere (the emulator rotates them).
    const stored = await ctx.hub.dataSource().getRepository(InstanceToken).findOneByOrFail({ id: connected.id });
    const { clientId, clientSecret } = ctx.hub.emulator.options;
    const spent = await fetch(`${ctx.hub.emulator.baseUrl}/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: ctx.hub.app.get(SecretBox).open(stored.refreshToken!), client_id: clientId, client_secret: clientSecret }),
    });
    expect(spent.status).toBe(200);
    await ctx.hub.http().post(`${API}/instances/${connected.id}/tokens/refresh`).set('Authorization', ctx.hub.auth).expect(401);
    expect((await ctx.hub.http().get(`${API}/instances/${connected.id}`).set('Authorization', ctx.hub.auth).expect(200)).body).toMatchObject({ valid: false });
    await ctx.hub.http().get(`${API}/hubs/collaboration/channels`).set('Authorization', withElement(ctx.hub, connected.token)).expect(401);

    const session = await createSession(ctx, { element: undefined, name: undefined, configuration: undefined, instanceId: connected.id });
    expect(await sessionStatus(ctx, session.id)).toMatchObject({ status: 'PENDING', instanceId: connected.id });
    const { context, page } = await newBrowser(ctx);
    await page.goto(session.url);
    await expect(page.locator('h1').textContent()).resolves.toBe('Reconnect your Webex account');
    await toConsent(page, session.url);
    await answerConsent(page, 'Accept', connected.email);
    await expect(page.locator('#connected .account').textContent()).resolves.toContain(connected.email);
    await context.close();

    expect(await sessionStatus(ctx, session.id)).toMatchObject({ status: 'CONNECTED', instanceId: connected.id });
    const redeemed = (await redeem(session.id).expect(200)).body;
    expect(redeemed).toMatchObject({ id: connected.id, valid: true, token: '********' });
    await ctx.hub.http().get(`${API}/hubs/collaboration/channels`).set('Authorization', withElement(ctx.hub, connected.token)).expect(200);
    const events = (await ctx.hub.http().get(`${API}/instances/${connected.id}/events`).set('Authorization', ctx.hub.auth).expect(200)).body as { vendorEvent: string; providerData: string }[];
    const outcome = events.find((e) => e.vendorEvent === 'connect.session.connected');
    expect(JSON.parse(outcome!.providerData)).toMatchObject({ type: 'connect.session.connected', connectSessionId: session.id, instanceId: connected.id, status: 'CONNECTED', reauthorize: true });
    await redeem(session.id).expect(409);
  });
});
