import type { BrowserContext, Page } from 'playwright-core';
import { Instance } from '../../src/instances/instance.entity';
import { API } from '../support/hub';
import { eventually } from '../audit/console-session';
import { withElement } from '../support/recipe';
import { accept, CONSOLE, ConsoleHub, loggedIn, startConnect, startConsoleHub } from './console-browser';

describe('Console: the instance token after a browser connect, and re-authorizing an invalid instance', () => {
  let ctx: ConsoleHub;
  let context: BrowserContext;
  let page: Page;
  let token: string;
  let id: number;

  const instanceRows = () => ctx.hub.dataSource().getRepository(Instance).find({ order: { id: 'ASC' } });
  const tokenRow = async () => (await ctx.hub.dataSource().query(`SELECT valid, invalid_reason FROM instance_tokens WHERE instance_id = $1`, [id]))[0];
  /** A hub call with the instance token, as an application makes it. */
  const hubCall = () => ctx.hub.http().get(`${API}/hubs/collaboration/accounts`).set('Authorization', withElement(ctx.hub, token));

  beforeAll(async () => {
    ctx = await startConsoleHub();
    ({ context, page } = await loggedIn(ctx));
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ctx.origin });
    ctx.hub.emulator.createPerson({ email: 'lin@example.com', displayName: 'Lin Support' });
  });

  afterAll(async () => {
    await ctx?.close();
  });

  it('shows the new instance token once, with a copy button; the token works for a hub call and is never logged or stored', async () => {
    await startConnect(ctx, page, 'Support bot', 'support');
    await accept(page, 'lin@example.com');
    await page.waitForURL('**/console/instances/*/connected');
    id = Number(/instances\/(\d+)\/connected/.exec(page.url())![1]);

    token = await page.getByLabel('Instance token').inputValue();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await page.locator('#token-once-hint').textContent()).toContain('Shown once');
    const answer = await hubCall().expect(200);
    expect(answer.body.emails).toEqual(['lin@example.com']);

    // The copy button runs (the page's CSP lets its one inline script through) and copies the token.
    const copy = page.getByRole('button', { name: 'Copy' });
    await copy.click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(token);

    // A reload shows it no more, nor does the cookie that carried it survive.
    await page.reload();
    expect(await page.locator('#connected strong.name').textContent()).toBe('Lin Support');
    expect(await page.getByLabel('Instance token').count()).toBe(0);
    expect(await page.locator('#token-shown').textContent()).toContain('shown once');
    expect(await page.content()).not.toContain(token);
    expect((await context.cookies()).map((c) => c.name)).not.toContain('hub_console_token');

    expect(ctx.hub.logs.join('\n')).not.toContain(token);
    expect(await ctx.hub.dump()).not.toContain(token);
  });

  it('offers Re-authorize, not a dead end, when Webex refuses the grant on Refresh now', async () => {
    // Webex forgets every refresh token (a revoked grant): the next refresh is refused for good.
    ctx.hub.emulator.emulator.store.refreshTokens.clear();
    await page.goto(`${CONSOLE}/instances`);
    await page.locator(`#instance-${id}`).getByRole('button', { name: 'Refresh now' }).click();
    await page.waitForURL(`**/instances/${id}?done=needs-reauthorization`);

    expect(await page.getByRole('status').textContent()).toContain('Re-authorize it');
    expect(await page.locator('[data-field=status]').textContent()).toContain('Invalid');
    // The refresh history says who asked and what Webex answered.
    const latest = page.getByRole('table', { name: /Last refresh attempts of Support bot/ }).locator('tbody tr').first();
    expect((await latest.locator('td').allTextContents()).slice(1)).toEqual(['invalidated', 'console', 'invalid_grant']);
    const text = await page.locator('main').textContent();
    expect(text).not.toContain('Not allowed');
    expect(text).not.toContain('PUT /instances');
    expect(await tokenRow()).toMatchObject({ valid: false });

    // The instances page, filtered to invalid ones, has Re-authorize where Refresh now was.
    await page.goto(`${CONSOLE}/instances?status=invalid`);
    const card = page.locator(`#instance-${id}`);
    expect(await card.getByRole('button', { name: 'Refresh now' }).count()).toBe(0);
    expect(await card.getByRole('button', { name: 'Re-authorize' }).count()).toBe(1);
    // A Refresh now posted from a page drawn before the grant died leads to the same page, nothing refreshed.
    const csrf = await page.locator('input[name=_csrf]').first().inputValue();
    const stale = await page.request.post(`${CONSOLE}/instances/${id}/refresh`, { form: { _csrf: csrf }, maxRedirects: 0 });
    expect(stale.status()).toBe(303);
    expect(stale.headers().location).toBe(`${CONSOLE}/instances/${id}?done=needs-reauthorization`);
    await hubCall().expect(401);
  });

  it('re-authorizes the instance through the consent page: it keeps its id and token, and hub calls work again', async () => {
    await page.goto(`${CONSOLE}/instances/${id}`);
    await page.getByRole('button', { name: 'Re-authorize' }).click();
    await page.waitForURL(`${ctx.hub.emulator.origin}/v1/authorize?**`);
    const authorize = new URL(page.url());
    expect(authorize.searchParams.get('client_id')).toBe(ctx.hub.emulator.options.clientId);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${ctx.origin}${CONSOLE}/oauth/callback`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');

    await accept(page, 'lin@example.com');
    await page.waitForURL(`**/instances/${id}/connected?done=reauthorized`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Instance re-authorized');
    expect(await page.locator('#connected').textContent()).toContain('keeps its id and its token');
    expect(await page.getByLabel('Instance token').count()).toBe(0);
    expect(await page.locator('[data-field=status]').textContent()).toBe('Valid');

    expect((await instanceRows()).map((i) => [i.id, i.name, i.tags])).toEqual([[id, 'Support bot', ['support']]]);
    expect(await tokenRow()).toEqual({ valid: true, invalid_reason: null });
    const answer = await hubCall().expect(200);
    expect(answer.body.emails).toEqual(['lin@example.com']);

    // Audited as what it was: the connect created the instance, the consent again re-authorized it.
    const audited = async () => ((await ctx.hub.http().get(`${API}/audit-logs`).set('Authorization', ctx.hub.auth).expect(200)).body as Array<{ action: string; instance_id?: number; method: string }>).filter((e) => e.instance_id === id && e.method === 'GET');
    const entries = await eventually(audited, (found) => found.length >= 2);
    expect(entries.map((e) => e.action)).toEqual(['reauthorize', 'create']);
  });
});
