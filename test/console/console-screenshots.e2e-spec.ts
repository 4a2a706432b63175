import { EventOutbox } from '../../src/events/event-outbox';
import { connectInstance } from '../support/recipe';
import { EACH_WIDTH, ensureShotsDir, shooter, WIDTHS } from './screenshots';
import { accept, CONSOLE, ConsoleHub, login, startConnect, startConsoleHub, SUPER } from './console-browser';

const shoot = shooter('console');

/** Writes docs/screenshots/console-<page>-<desktop|phone>.png: what the README shows of the console. */
describe('console screenshots', () => {
  let ctx: ConsoleHub;
  let shown: number;

  beforeAll(async () => {
    ensureShotsDir();
    ctx = await startConsoleHub();
    ctx.hub.emulator.createPerson({ email: 'grace.hopper@example.com', displayName: 'Grace Hopper' });
    const support = await connectInstance(ctx.hub, { name: 'Support desk', email: 'ada.lovelace@example.com', displayName: 'Ada Lovelace', tags: ['support', 'emea'] });
    await connectInstance(ctx.hub, { name: 'Release notes bot', email: 'alan.turing@example.com', displayName: 'Alan Turing', tags: ['engineering'] });
    const paused = await connectInstance(ctx.hub, { name: 'Quarterly report', email: 'katherine.johnson@example.com', displayName: 'Katherine Johnson', tags: ['finance'] });
    await ctx.hub.http().delete(`/elements/api-v2/instances/${paused.id}/enabled`).set('Authorization', ctx.hub.auth).expect(200);
    const revoked = await connectInstance(ctx.hub, { name: 'Old sales room', email: 'edsger.dijkstra@example.com', displayName: 'Edsger Dijkstra', tags: ['sales'] });
    await ctx.hub.dataSource().query(`UPDATE instance_tokens SET valid = false, invalid_reason = 'Webex refused the refresh token (invalid_grant)', invalid_at = now() WHERE instance_id = $1`, [revoked.id]);
    const outbox = ctx.hub.app.get(EventOutbox);
    for (const [objectId, vendorEvent] of [['m1', 'created'], ['m2', 'created'], ['m3', 'deleted']]) {
      await outbox.store({ instanceId: support.id, objectType: 'messages', objectId, eventType: vendorEvent === 'created' ? 'CREATED' : 'DELETED', vendorEvent, raw: '{}', dedupKey: objectId });
    }
    await ctx.hub.dataSource().query(`UPDATE event_outbox SET status = 'NOTIFIED', attempts = 1 WHERE object_id IN ('m1', 'm2')`);
    await ctx.hub.dataSource().query(`UPDATE event_outbox SET status = 'FAILED', attempts = 8, last_error = 'callback answered 503' WHERE object_id = 'm3'`);
    // A refresh on record: the instance page lists it under Token refreshes.
    await ctx.hub.http().post(`/elements/api-v2/instances/${support.id}/tokens/refresh`).set('Authorization', ctx.hub.auth).expect(200);
    shown = support.id;
  });
  afterAll(() => ctx?.close());

  it.each(EACH_WIDTH)('at %s width: login, instances, an instance, admins, connecting and the token shown once', async (width) => {
    const context = await ctx.browser.newContext({ baseURL: ctx.origin, viewport: { width: WIDTHS[width], height: width === 'phone' ? 844 : 800 } });
    const page = await context.newPage();
    await page.goto(`${CONSOLE}/login`);
    await page.getByLabel('Username').fill(SUPER.username);
    await shoot(page, 'login', width);
    await login(page, SUPER);
    await page.waitForURL('**/console/instances');
    await shoot(page, 'instances', width);

    // The menu at phone width: every link visible and reachable without scrolling sideways.
    for (const link of await page.getByRole('navigation', { name: 'Console' }).getByRole('link').all()) {
      expect(await link.isVisible()).toBe(true);
      const box = (await link.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(WIDTHS[width]);
    }

    await page.goto(`${CONSOLE}/instances/${shown}`);
    await shoot(page, 'instance', width);
    await page.goto(`${CONSOLE}/admins`);
    await shoot(page, 'admins', width);

    await startConnect(ctx, page, `Grace's workspace (${width})`, 'research');
    await shoot(page, 'consent', width);
    await accept(page, 'grace.hopper@example.com');
    await page.waitForURL('**/connected');
    await page.getByLabel('Instance token').waitFor();
    await shoot(page, 'connected', width);
    await context.close();
  });
});
