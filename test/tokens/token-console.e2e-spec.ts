import type { BrowserContext, Page } from 'playwright-core';
import { Instance } from '../../src/instances/instance.entity';
import { InstanceToken } from '../../src/tokens/instance-token.entity';
import { CONSOLE, ConsoleHub, loggedIn, startConsoleHub } from '../console/console-browser';

describe('Console: adding an instance from a token', () => {
  let ctx: ConsoleHub;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ctx = await startConsoleHub();
    ({ context, page } = await loggedIn(ctx));
  });
  afterAll(async () => {
    await context?.close();
    await ctx?.close();
  });

  const instanceCount = () => ctx.hub.dataSource().getRepository(Instance).count();

  async function addFromToken(name: string, accessToken: string): Promise<void> {
    await page.goto(`${CONSOLE}/connect`);
    await page.getByRole('link', { name: 'Add from a token' }).click();
    await page.waitForURL('**/console/connect/token');
    await page.getByLabel('Instance name').fill(name);
    await page.getByLabel('Tags').fill('bots, support');
    await page.getByLabel('Access token').fill(accessToken);
    await page.getByRole('button', { name: 'Add the instance' }).click();
    await page.waitForLoadState();
  }

  it("adds a bot's instance from its token and shows the bot as the connected account", async () => {
    const bot = ctx.hub.emulator.createBot({ displayName: 'Helpdesk Bot' });

    await addFromToken('Helpdesk', bot.accessToken);

    await page.waitForURL('**/console/instances/*/connected');
    const connected = page.locator('#connected');
    expect(await connected.locator('strong.name').textContent()).toBe('Helpdesk Bot');
    expect(await connected.textContent()).toContain('helpdesk-bot@webex.bot');
    const [stored] = await ctx.hub.dataSource().getRepository(Instance).find({ where: { name: 'Helpdesk' } });
    expect(stored).toMatchObject({ externalAuthentication: 'token', tags: ['bots', 'support'], account: { id: bot.person.id } });
    expect(await ctx.hub.dataSource().getRepository(InstanceToken).findOneByOrFail({ id: stored.id })).toMatchObject({ refreshToken: null, nextRefreshAt: null, valid: true });
    expect(await page.content()).not.toContain(bot.accessToken);
    expect(ctx.hub.logs.join('')).not.toContain(bot.accessToken);
  });

  it("shows Webex's refusal of a bad token, and adds nothing", async () => {
    const before = await instanceCount();

    await addFromToken('Nope', 'expired-or-made-up-token');

    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('That did not work');
    const text = await page.locator('main').textContent();
    expect(text).toContain('Webex refused the access token (401); nothing was stored');
    expect(text).toContain('The request requires a valid access token set in the Authorization request header.');
    expect(await instanceCount()).toBe(before);
  });
});
