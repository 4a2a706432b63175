import { EACH_WIDTH, ensureShotsDir, shooter, WIDTHS } from '../console/screenshots';
import { answerConsent, ConnectHub, createSession, newBrowser, startConnectHub, toConsent } from './connect-browser';

const shoot = shooter('connect');

/** Writes docs/screenshots/connect-<page>-<desktop|phone>.png: what the README shows of the end user's pages. */
describe('connect page screenshots', () => {
  let ctx: ConnectHub;

  beforeAll(async () => {
    ensureShotsDir();
    ctx = await startConnectHub();
    ctx.hub.emulator.createPerson({ email: 'grace.hopper@example.com', displayName: 'Grace Hopper' });
  });
  afterAll(() => ctx?.close());

  it.each(EACH_WIDTH)('at %s width: start, connected, declined, expired', async (width) => {
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
