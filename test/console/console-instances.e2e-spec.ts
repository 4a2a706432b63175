import type { BrowserContext, Page } from 'playwright-core';
import { EventOutbox } from '../../src/events/event-outbox';
import { Instance } from '../../src/instances/instance.entity';
import { AccessTokens } from '../../src/tokens/access-tokens';
import { CONSOLE, ConsoleHub, loggedIn, startConnect as connectInBrowser, startConsoleHub } from './console-browser';

const AVATAR = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="#2e7d32"/><text x="32" y="42" font-size="28" text-anchor="middle" fill="#fff" font-family="sans-serif">AL</text></svg>')}`;

describe('Console: connecting and managing Webex accounts in a browser', () => {
  let ctx: ConsoleHub;
  let context: BrowserContext;
  let page: Page;

  const instances = async () => ctx.hub.app.get(AccessTokens).withTokenState(await ctx.hub.dataSource().getRepository(Instance).find({ order: { id: 'ASC' } }));
  const startConnect = (on: Page, name: string, tags = '') => connectInBrowser(ctx, on, name, tags);

  /**
   * Accepts on the consent page but keeps the browser from following Webex's redirect to the
   * hub's callback (routes do not see redirects, so the consent post itself is intercepted).
   */
  async function consentWithoutCallback(on: Page, email: string): Promise<string> {
    const callback = new Promise<string>((resolve) => {
      void on.route('**/v1/authorize', async (route) => {
        if (route.request().method() !== 'POST') return route.continue();
        const answer = await route.fetch({ maxRedirects: 0 });
        resolve(answer.headers().location);
        return route.fulfill({ status: 200, contentType: 'text/html', body: '<p>held back</p>' });
      });
    });
    await on.getByLabel('Sign in as (email)').fill(email);
    await on.getByRole('button', { name: 'Accept' }).click();
    const url = await callback;
    await on.unroute('**/v1/authorize');
    return url;
  }

  beforeAll(async () => {
    ctx = await startConsoleHub();
    ({ context, page } = await loggedIn(ctx));
  });

  afterAll(async () => {
    await ctx?.close();
  });

  it('connects a Webex account through the consent page and shows who connected', async () => {
    const { person } = ctx.hub.emulator.createPerson({ email: 'ada@example.com', displayName: 'Ada Lovelace' });
    ctx.hub.emulator.emulator.store.people.get(person.id)!.avatar = AVATAR;
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Instances');
    expect(await page.locator('main').textContent()).toContain('No Webex account is connected yet');

    await startConnect(page, 'Sales bot', 'sales, emea');
    const authorize = new URL(page.url());
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${ctx.origin}${CONSOLE}/oauth/callback`);
    await page.getByLabel('Sign in as (email)').fill('ada@example.com');
    await page.getByRole('button', { name: 'Accept' }).click();
    await page.waitForURL('**/console/instances/*/connected');

    const connected = page.locator('#connected');
    expect(await connected.locator('strong.name').textContent()).toBe('Ada Lovelace');
    expect(await connected.textContent()).toContain('ada@example.com');
    expect(await connected.textContent()).toContain('Sales bot');
    expect(await connected.getByRole('img', { name: 'Avatar of Ada Lovelace' }).getAttribute('src')).toBe(AVATAR);
    // The image really loaded (the page's CSP lets data: avatars through).
    expect(await connected.locator('img.avatar').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(64);

    const [stored] = await instances();
    expect(stored).toMatchObject({ name: 'Sales bot', tags: ['sales', 'emea'], valid: true, disabled: false });
    expect(stored.account?.displayName).toBe('Ada Lovelace');
    if (process.env.CONSOLE_SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.CONSOLE_SCREENSHOT_DIR}/console-connected.png`, fullPage: true });
  });

  it('lists the instance with its account, status and refresh times, and refreshes it now', async () => {
    await page.goto(`${CONSOLE}/instances`);
    const card = page.locator('section.card', { hasText: 'Sales bot' });
    expect(await card.locator('.name').textContent()).toBe('Ada Lovelace');
    expect(await card.locator('[data-field=status]').textContent()).toBe('Valid');
    expect(await card.locator('[data-field=tags]').textContent()).toBe('salesemea');
    const lastRefresh = () => card.locator('[data-field=last-refresh] time').getAttribute('datetime');
    const before = await lastRefresh();
    expect(await card.locator('[data-field=next-refresh] time').getAttribute('datetime')).toEqual(expect.any(String));

    const refreshes = ctx.hub.emulator.stats()['POST /access_token#refresh_token'] ?? 0;
    await card.getByRole('button', { name: 'Refresh now' }).click();
    await page.waitForURL('**/instances?done=refreshed**');
    expect(await page.getByRole('status').textContent()).toContain('refreshed');
    expect(await lastRefresh()).not.toBe(before);
    expect(new Date((await lastRefresh())!).getTime()).toBeGreaterThan(new Date(before!).getTime());
    expect(ctx.hub.emulator.stats()['POST /access_token#refresh_token']).toBe(refreshes + 1);
  });

  it("shows the instance's refresh history on its page: the console's refresh, newest first", async () => {
    await page.goto(`${CONSOLE}/instances`);
    await page.locator('section.card', { hasText: 'Sales bot' }).getByRole('link', { name: 'Sales bot' }).click();
    const history = page.getByRole('table', { name: /Last refresh attempts of Sales bot/ });
    const rows = history.locator('tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(1);
    expect(await rows.first().getAttribute('data-outcome')).toBe('REFRESHED');
    expect((await rows.first().locator('td').allTextContents()).slice(1)).toEqual(['refreshed', 'console', 'none']);
  });

  it('disables and enables the instance', async () => {
    const card = page.locator('section.card', { hasText: 'Sales bot' });
    await card.getByRole('button', { name: 'Disable' }).click();
    await page.waitForURL('**/instances?done=disabled**');
    expect(await card.locator('[data-field=status]').textContent()).toBe('Disabled');
    expect((await instances())[0].disabled).toBe(true);

    await card.getByRole('button', { name: 'Enable' }).click();
    await page.waitForURL('**/instances?done=enabled**');
    expect(await card.locator('[data-field=status]').textContent()).toBe('Valid');
    expect((await instances())[0].disabled).toBe(false);
  });

  it('shows recent events with their delivery status and redelivers a failed one', async () => {
    const [stored] = await instances();
    const outbox = ctx.hub.app.get(EventOutbox);
    const event = (objectId: string) => ({ instanceId: stored.id, objectType: 'messages', objectId, eventType: 'CREATED' as const, vendorEvent: 'created', raw: '{}' });
    await outbox.store({ ...event('m1'), dedupKey: 'm1' });
    await outbox.store({ ...event('m2'), dedupKey: 'm2' });
    const [failed, delivered] = await ctx.hub.dataSource().query(`SELECT id FROM event_outbox WHERE instance_id = $1 ORDER BY seq`, [stored.id]);
    await ctx.hub.dataSource().query(`UPDATE event_outbox SET status = 'FAILED', attempts = 8, last_error = 'callback answered 500' WHERE id = $1`, [failed.id]);
    await ctx.hub.dataSource().query(`UPDATE event_outbox SET status = 'NOTIFIED', attempts = 1 WHERE id = $1`, [delivered.id]);

    // Events are on the instance's own page: the instances page reads one query per page.
    await page.goto(`${CONSOLE}/instances/${stored.id}`);
    const failedRow = page.locator(`tr[data-event="${failed.id}"]`);
    expect(await failedRow.locator('[data-field=delivery]').textContent()).toContain('failed (8 attempts)');
    expect(await failedRow.textContent()).toContain('callback answered 500');
    expect(await page.locator(`tr[data-event="${delivered.id}"] [data-field=delivery]`).textContent()).toBe('delivered (1 attempt)');
    expect(await page.locator(`tr[data-event="${delivered.id}"]`).getByRole('button', { name: 'Redeliver' }).count()).toBe(0);

    await failedRow.getByRole('button', { name: 'Redeliver' }).click();
    await page.waitForURL(`**/instances/${stored.id}?done=redelivered`);
    expect(await failedRow.locator('[data-field=delivery]').textContent()).toContain('waiting (0 attempts)');
    const [row] = await ctx.hub.dataSource().query(`SELECT status, attempts FROM event_outbox WHERE id = $1`, [failed.id]);
    expect(row).toEqual({ status: 'RECEIVED', attempts: 0 });
    if (process.env.CONSOLE_SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.CONSOLE_SCREENSHOT_DIR}/console-instances.png`, fullPage: true });
  });

  it('refuses a form without the session CSRF token, or with a wrong one, and changes nothing', async () => {
    await page.goto(`${CONSOLE}/instances`);
    const form = page.locator('section.card', { hasText: 'Sales bot' }).locator('form', { has: page.getByRole('button', { name: 'Disable' }) });
    await form.locator('input[name=_csrf]').evaluate((input) => input.remove());
    await form.getByRole('button', { name: 'Disable' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Refused');
    expect(await page.locator('#message').textContent()).toContain('Nothing was changed');

    await page.goto(`${CONSOLE}/instances`);
    const card = page.locator('section.card', { hasText: 'Sales bot' });
    const refresh = card.locator('form', { has: page.getByRole('button', { name: 'Refresh now' }) });
    await refresh.locator('input[name=_csrf]').evaluate((input) => ((input as unknown as { value: string }).value = 'forged'));
    const refreshes = ctx.hub.emulator.stats()['POST /access_token#refresh_token'] ?? 0;
    const answer = await Promise.all([page.waitForResponse('**/refresh'), refresh.getByRole('button', { name: 'Refresh now' }).click()]).then(([r]) => r);
    expect(answer.status()).toBe(403);
    expect(ctx.hub.emulator.stats()['POST /access_token#refresh_token'] ?? 0).toBe(refreshes);
    // A request another site could make: the session cookie alone is not enough.
    const id = (await instances())[0].id;
    const status = (await page.request.post(`${CONSOLE}/instances/${id}/disable`, { form: { x: '1' }, maxRedirects: 0 })).status();
    expect(status).toBe(403);
    expect((await instances())[0].disabled).toBe(false);
  });

  it('refuses a replayed callback and a callback with another session’s state; nothing is created', async () => {
    await startConnect(page, 'Replay check');
    const callback = await consentWithoutCallback(page, 'grace@example.com');

    // Another browser session (the same admin, logged in elsewhere) brings this session's state.
    const other = await loggedIn(ctx);
    await other.page.goto(callback);
    expect(await other.page.getByRole('heading', { level: 1 }).textContent()).toBe('Refused');
    expect(await other.page.locator('#message').textContent()).toContain('another browser session');
    expect(await instances()).toHaveLength(1);
    await other.context.close();

    // The session that started the consent completes it (the foreign attempt did not burn it) ...
    await page.goto(callback);
    await page.waitForURL('**/connected');
    expect(await page.locator('#connected strong.name').textContent()).toBe('grace');
    expect(await instances()).toHaveLength(2);

    // ... once: the same callback again is refused.
    const replay = await page.goto(callback);
    expect(replay?.status()).toBe(409);
    expect(await page.locator('#message').textContent()).toContain('already used');
    expect(await instances()).toHaveLength(2);

    const forged = await page.goto(`${CONSOLE}/oauth/callback?code=abc&state=made-up`);
    expect(forged?.status()).toBe(400);
    expect(await instances()).toHaveLength(2);
  });

  it('deletes an instance after a confirmation', async () => {
    await page.goto(`${CONSOLE}/instances`);
    await page.locator('section.card', { hasText: 'Replay check' }).getByRole('link', { name: 'Delete…' }).click();
    await page.waitForURL('**/delete');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Delete this instance?');
    expect(await instances()).toHaveLength(2);
    await page.getByRole('button', { name: 'Delete the instance' }).click();
    await page.waitForURL('**/instances?done=deleted');
    expect(await page.locator('main').textContent()).not.toContain('Replay check');
    expect((await instances()).map((i) => i.name)).toEqual(['Sales bot']);
    await context.close();
  });
});
