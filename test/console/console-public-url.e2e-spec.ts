import type { AddressInfo } from 'node:net';
import { PublicUrl } from '../../src/config/public-url';
import { API, startHub } from '../support/hub';
import { CONSOLE, ConsoleHub, launchChromium, loggedIn, SUPER } from './console-browser';

/**
 * The hub as `PORT=0 npm start` runs it: no HUB_PUBLIC_URL, all interfaces, a port picked at
 * listen time, and the emulator's default integration (no redirect URI registered for that port).
 */
describe('Console on a random port without HUB_PUBLIC_URL', () => {
  let ctx: ConsoleHub;
  let port: number;

  beforeAll(async () => {
    const hub = await startHub({ env: { PORT: '0', HUB_CONSOLE_ADMIN: SUPER.username, HUB_CONSOLE_PASSWORD: SUPER.password } });
    expect(hub.config.HUB_PUBLIC_URL).toBeUndefined();
    try {
      await hub.app.listen(hub.config.PORT, hub.config.HOST);
      port = (hub.app.getHttpServer().address() as AddressInfo).port;
      const browser = await launchChromium();
      ctx = { hub, origin: `http://localhost:${port}`, browser, close: async () => (await browser.close(), await hub.close()) };
    } catch (error) {
      await hub.close();
      throw error;
    }
  });

  afterAll(async () => {
    await ctx?.close();
  });

  it('connects an account through the consent page, with callbacks and documents on the port it listens on', async () => {
    expect(ctx.hub.app.get(PublicUrl).value).toBe(`http://localhost:${port}`);
    const { page, context } = await loggedIn(ctx);
    await page.goto(`${CONSOLE}/connect`);
    expect(await page.locator('#scope-hint').textContent()).toContain(`http://localhost:${port}${CONSOLE}/oauth/callback`);
    await page.getByLabel('Instance name').fill('Random port');
    await page.getByLabel('Client ID').fill(ctx.hub.emulator.options.clientId);
    await page.getByLabel('Client secret').fill(ctx.hub.emulator.options.clientSecret);
    await page.getByRole('button', { name: 'Continue to Webex' }).click();
    await page.waitForURL(`${ctx.hub.emulator.origin}/v1/authorize?**`);
    expect(new URL(page.url()).searchParams.get('redirect_uri')).toBe(`http://localhost:${port}${CONSOLE}/oauth/callback`);

    await page.getByLabel('Sign in as (email)').fill('grace@example.com');
    await page.getByRole('button', { name: 'Accept' }).click();
    await page.waitForURL('**/console/instances/*/connected');
    expect(await page.locator('#connected').textContent()).toContain('grace@example.com');
    const id = /\/instances\/(\d+)\/connected/.exec(page.url())![1];

    const docs = await fetch(`http://localhost:${port}${API}/instances/${id}/docs`, { headers: { authorization: ctx.hub.auth } });
    expect(docs.status).toBe(200);
    expect(((await docs.json()) as { servers: Array<{ url: string }> }).servers[0].url).toBe(`http://localhost:${port}${API}/hubs/collaboration`);
    await context.close();
  });

  it('shows the code and state at the walkthrough callback, escaped, and keeps the page out of the API document', async () => {
    const context = await ctx.browser.newContext({ baseURL: ctx.origin });
    const page = await context.newPage();
    const code = '<img src=x onerror=alert(1)>';
    const answer = await page.goto(`/callback?${new URLSearchParams({ code, state: 'demo' })}`);
    expect(answer!.status()).toBe(200);
    expect(answer!.headers()['content-security-policy']).toContain("default-src 'none'");
    expect(await page.locator('#code').textContent()).toBe(code);
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.locator('#state').textContent()).toBe('demo');
    // A code with shell-unsafe characters is shown but not offered as a command.
    expect(await page.locator('#next').textContent()).not.toContain('CODE=');

    await page.goto('/callback?code=AbC-123_x&state=demo');
    expect(await page.locator('#next').textContent()).toContain("CODE='AbC-123_x'");
    await page.goto('/callback?error=access_denied&error_description=The+user+declined.&state=demo');
    expect(await page.locator('main').textContent()).toContain('access_denied: The user declined.');
    await context.close();

    const document = (await ctx.hub.http().get('/docs-json').expect(200)).body as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths).filter((path) => path.includes('callback') && !path.includes('/console/'))).toEqual([]);
  });
});
