import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { answerConsent, ConnectHub, createSession, newBrowser, startConnectHub, toConsent } from './connect-browser';

const SHOTS = join(__dirname, '..', '..', 'docs', 'screenshots');
const WIDTHS = { desktop: 1280, phone: 390 } as const;

/** Writes docs/screenshots/connect-<page>-<desktop|phone>.png: what the README shows of the end user's pages. */
describe('connect page screenshots', () => {
  let ctx: ConnectHub;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ctx = await startConnectHub();
    ctx.hub.emulator.createPerson({ email: 'grace.hopper@example.com', displayName: 'Grace Hopper' });
  });
  afterAll(() => ctx?.close());

  /** A viewport's worth, no more: the pages fit in it, and the files stay small. */
  const shoot = async (page: Page, name: string, width: keyof typeof WIDTHS) => {
    await page.screenshot({ path: join(SHOTS, `connect-${name}-${width}.png`) });
    // Usable at that width: nothing wider than the viewport, so no sideways scrolling.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(WIDTHS[width]);
  };

  it.each(Object.keys(WIDTHS) as (keyof typeof WIDTHS)[])('at %s width: start, connected, declined, expired', async (width) => {
    const { context, page } = await newBrowser(ctx, WIDTHS[width]);
    const connecting = await createSession(ctx, { scopes: ['spark:messages_read', 'spark:messages_write', 'spark:rooms_read'] });
    await page.goto(connecting.url);
    await shoot(page, 'start', width);
    await toConsent(page, connecting.url);
    await answerConsent(page, 'Accept', 'grace.hopper@example.com');
    await page.locator('#connected').waitFor();
    await shoot(page, 'connected', width);

    const declining = await createSession(ctx);
    await toConsent(page, declining.url);
    await answerConsent(page, 'Decline');
    await shoot(page, 'declined', width);

    const expiring = await createSession(ctx);
    await ctx.hub.dataSource().query(`UPDATE connect_sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [expiring.id]);
    await page.goto(expiring.url);
    await shoot(page, 'expired', width);
    await context.close();
  });
});
