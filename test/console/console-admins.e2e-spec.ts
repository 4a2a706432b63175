import type { Page } from 'playwright-core';
import { ConsoleAdmin } from '../../src/console/console-admin.entity';
import { ConsoleSession } from '../../src/console/console-session.entity';
import { WRONG_LOGIN } from '../../src/console/console-sessions.service';
import { PASSWORD_RULE } from '../../src/console/console.dto';
import { createOrganization } from '../support/factories';
import { connectInstance } from '../support/recipe';
import { CONSOLE, ConsoleHub, loggedIn, login, startConsoleHub, SUPER } from './console-browser';

const CAROL = { username: 'carol', password: 'carol-password-1' };

describe('Console: logins and admins in a browser', () => {
  let ctx: ConsoleHub;

  const admins = () => ctx.hub.dataSource().getRepository(ConsoleAdmin).find({ order: { id: 'ASC' } });
  const sessionCount = () => ctx.hub.dataSource().getRepository(ConsoleSession).count();
  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

  async function addAdmin(page: Page, fields: { username: string; password: string; displayName: string; organization?: string }) {
    await page.goto(`${CONSOLE}/admins`);
    await page.getByLabel('Username').fill(fields.username);
    await page.getByLabel('Display name').fill(fields.displayName);
    await page.getByLabel('Password').fill(fields.password);
    if (fields.organization) await page.getByLabel('Organization').selectOption({ label: fields.organization });
    await page.getByRole('button', { name: 'Add admin' }).click();
    await page.waitForURL('**/admins?done=created');
  }

  beforeAll(async () => {
    ctx = await startConsoleHub();
  });

  afterAll(async () => {
    await ctx?.close();
  });

  it('made the super admin on first start, from HUB_CONSOLE_ADMIN and HUB_CONSOLE_PASSWORD, with a slow hash', async () => {
    const [root] = await admins();
    expect(root).toMatchObject({ username: SUPER.username, role: 'super' });
    expect(root.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await ctx.hub.dump()).not.toContain(SUPER.password);
  });

  it('refuses a wrong password and an unknown username with the same page and no session', async () => {
    const context = await ctx.browser.newContext({ baseURL: ctx.origin });
    const page = await context.newPage();
    await login(page, { username: SUPER.username, password: 'not-the-password' });
    expect(await page.getByRole('alert').textContent()).toBe(WRONG_LOGIN);
    expect((await context.cookies()).map((c) => c.name)).not.toContain('hub_console');
    await login(page, { username: 'nobody', password: 'whatever-password' });
    expect(await page.getByRole('alert').textContent()).toBe(WRONG_LOGIN);
    expect(await sessionCount()).toBe(0);
    // A visit without a session, even at the short address, lands on the login page.
    await page.goto('/console');
    expect(page.url()).toBe(`${ctx.origin}${CONSOLE}/login`);
    await context.close();
  });

  it('refuses a login form posted without its CSRF token', async () => {
    const context = await ctx.browser.newContext({ baseURL: ctx.origin });
    const page = await context.newPage();
    await page.goto(`${CONSOLE}/login`);
    await page.locator('input[name=_csrf]').evaluate((input) => input.remove());
    await page.getByLabel('Username').fill(SUPER.username);
    await page.getByLabel('Password').fill(SUPER.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForLoadState();
    expect(await heading(page)).toBe('Refused');
    expect(await sessionCount()).toBe(0);
    await context.close();
  });

  it('lets the super admin create an admin who then manages instances but not other admins', async () => {
    const root = await loggedIn(ctx);
    await addAdmin(root.page, { ...CAROL, displayName: 'Carol Admin' });
    expect(await root.page.locator('tbody').textContent()).toContain('Carol Admin');
    const carolRow = (await admins()).find((a) => a.username === 'carol')!;
    expect(carolRow).toMatchObject({ role: 'admin', displayName: 'Carol Admin' });

    const carol = await loggedIn(ctx, CAROL);
    expect(await heading(carol.page)).toBe('Instances');
    expect(await carol.page.getByRole('link', { name: 'Admins' }).count()).toBe(0);
    const list = await carol.page.goto(`${CONSOLE}/admins`);
    expect(list?.status()).toBe(403);
    expect(await carol.page.locator('#message').textContent()).toContain('Only the super admin');

    // Even with her own valid CSRF token, posting to another admin's record is refused.
    const superId = (await admins())[0].id;
    const csrf = await carol.page.locator('input[name=_csrf]').first().inputValue();
    const post = async (path: string, form: Record<string, string>) =>
      (await carol.page.request.post(`${CONSOLE}${path}`, { form: { _csrf: csrf, ...form }, maxRedirects: 0 })).status();
    const attempts = [
      await post(`/admins/${superId}`, { displayName: 'Hijacked', role: 'admin', organizationId: '1', password: 'hijacked-password' }),
      await post(`/admins/${superId}/delete`, {}),
      await post('/admins', { username: 'mallory', displayName: 'M', role: 'super', organizationId: '1', password: 'mallory-password' }),
    ];
    expect(attempts).toEqual([403, 403, 403]);
    expect((await admins()).map((a) => [a.username, a.displayName, a.role])).toEqual([
      [SUPER.username, 'Console super admin', 'super'],
      ['carol', 'Carol Admin', 'admin'],
    ]);

    // Her own profile she may change.
    await carol.page.goto(`${CONSOLE}/profile`);
    await carol.page.getByLabel('Display name').fill('Carol C.');
    await carol.page.getByRole('button', { name: 'Save profile' }).click();
    await carol.page.waitForURL('**/profile?done=profile');
    expect((await admins())[1].displayName).toBe('Carol C.');

    // Logging out ends the session for good.
    await carol.page.getByRole('button', { name: 'Log out' }).click();
    await carol.page.waitForURL('**/login?done=logged-out');
    await carol.page.goto(`${CONSOLE}/profile`);
    expect(carol.page.url()).toContain('/console/login');
    await carol.context.close();
    await root.context.close();
  });

  it('answers a wrong form on the form itself: each message beside its field, what was typed kept (never a password), the password rule stated', async () => {
    const { page, context } = await loggedIn(ctx);
    await page.goto(`${CONSOLE}/admins`);
    expect(await page.locator('#password-hint').textContent()).toBe(PASSWORD_RULE);
    const submit = async () => {
      const [answer] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Add admin' }).click()]);
      await page.waitForLoadState();
      return answer.status();
    };

    await page.getByLabel('Username').fill('erin');
    await page.getByLabel('Display name').fill('Erin Example');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Password').fill('short');
    expect(await submit()).toBe(400);
    expect(await page.getByRole('alert').textContent()).toBe('2 fields need a change; nothing was saved.');
    expect(await page.locator('#email-error').textContent()).toBe('The email is not a valid address');
    expect(await page.locator('#password-error').textContent()).toBe('The password must be 10 to 200 characters');
    expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Username').getAttribute('aria-invalid')).toBeNull();
    expect(await page.getByLabel('Username').inputValue()).toBe('erin');
    expect(await page.getByLabel('Display name').inputValue()).toBe('Erin Example');
    expect(await page.getByLabel('Email').inputValue()).toBe('not-an-email');
    expect(await page.getByLabel('Password').inputValue()).toBe('');

    // A refusal of the service (a taken username) shows beside the field it is about.
    await page.getByLabel('Username').fill(CAROL.username);
    await page.getByLabel('Email').fill('erin@example.com');
    await page.getByLabel('Password').fill('erin-password-1');
    expect(await submit()).toBe(409);
    expect(await page.locator('#username-error').textContent()).toBe('The username carol is taken');
    expect(await page.getByLabel('Email').inputValue()).toBe('erin@example.com');
    expect((await admins()).map((a) => a.username)).toEqual([SUPER.username, CAROL.username]);
    await context.close();
  });

  it('lets the super admin reset a password and remove an admin; the removed admin is logged out', async () => {
    const root = await loggedIn(ctx);
    const carol = await loggedIn(ctx, CAROL);
    const id = (await admins()).find((a) => a.username === 'carol')!.id;
    await root.page.goto(`${CONSOLE}/admins/${id}`);
    await root.page.getByLabel('New password').fill('carol-password-2');
    await root.page.getByRole('button', { name: 'Save' }).click();
    await root.page.waitForURL('**/admins?done=updated');
    // A new password ends her other sessions.
    await carol.page.goto(`${CONSOLE}/instances`);
    expect(carol.page.url()).toContain('/console/login');
    await login(carol.page, { username: 'carol', password: 'carol-password-2' });
    expect(await heading(carol.page)).toBe('Instances');

    // Removing asks first: the link leads to a confirmation, and Cancel changes nothing.
    await root.page.goto(`${CONSOLE}/admins/${id}`);
    await root.page.getByRole('link', { name: 'Remove carol…' }).click();
    await root.page.waitForURL(`**/admins/${id}/delete`);
    expect(await heading(root.page)).toBe('Remove carol?');
    await root.page.getByRole('link', { name: 'Cancel' }).click();
    await root.page.waitForURL(`**/admins/${id}`);
    expect((await admins()).map((a) => a.username)).toEqual([SUPER.username, 'carol']);
    await root.page.getByRole('link', { name: 'Remove carol…' }).click();
    await root.page.getByRole('button', { name: 'Remove carol' }).click();
    await root.page.waitForURL('**/admins?done=removed');
    expect((await admins()).map((a) => a.username)).toEqual([SUPER.username]);
    await carol.page.goto(`${CONSOLE}/instances`);
    expect(carol.page.url()).toContain('/console/login');
    await carol.context.close();
    await root.context.close();
  });

  it('shows an admin only the instances of their organization', async () => {
    await connectInstance(ctx.hub, { name: 'Default org instance' });
    const other = await createOrganization(ctx.hub, 'Acme');
    await connectInstance(ctx.hub, { name: 'Acme instance', auth: other.auth });
    const root = await loggedIn(ctx);
    await addAdmin(root.page, { username: 'dave', password: 'dave-password-1', displayName: 'Dave of Acme', organization: 'Acme' });
    expect(await root.page.locator('main').textContent()).toContain('Acme');
    await root.page.goto(`${CONSOLE}/instances`);
    expect(await root.page.locator('main h2').allTextContents()).toEqual(['Default org instance']);

    const dave = await loggedIn(ctx, { username: 'dave', password: 'dave-password-1' });
    expect(await dave.page.locator('main h2').allTextContents()).toEqual(['Acme instance']);
    const foreignId = (await ctx.hub.dataSource().query(`SELECT id FROM instances WHERE name = 'Default org instance'`))[0].id;
    expect((await dave.page.goto(`${CONSOLE}/instances/${foreignId}/delete`))?.status()).toBe(404);
    await dave.context.close();
    await root.context.close();
  });

  it('slows down an address after five failed logins, even against the right password, while the owner logs in from elsewhere', async () => {
    const context = await ctx.browser.newContext({ baseURL: ctx.origin });
    const page = await context.newPage();
    const sessions = await sessionCount();
    for (let i = 0; i < 5; i++) await login(page, { username: 'dave', password: `wrong-${i}` });
    expect(await page.getByRole('alert').textContent()).toBe(WRONG_LOGIN);
    await login(page, { username: 'dave', password: 'dave-password-1' });
    // The answer a wrong password gets: a slowed-down requester learns nothing about the account.
    expect(await page.getByRole('alert').textContent()).toBe(WRONG_LOGIN);
    expect(page.url()).toContain('/console/login');
    expect((await context.cookies()).map((c) => c.name)).not.toContain('hub_console');
    expect(await sessionCount()).toBe(sessions);
    await context.close();

    // The account is not locked: from another address (given by the proxy the hub trusts) dave logs in.
    const elsewhere = await ctx.browser.newContext({ baseURL: ctx.origin, extraHTTPHeaders: { 'x-forwarded-for': '198.51.100.31' } });
    const davesPage = await elsewhere.newPage();
    await login(davesPage, { username: 'dave', password: 'dave-password-1' });
    await davesPage.waitForURL('**/console/instances**');
    expect(await sessionCount()).toBe(sessions + 1);
    await elsewhere.close();
  });
});
