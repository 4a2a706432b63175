import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../console/console-browser';
import { API, startHub, TestHub } from '../support/hub';
import { freePort } from '../support/hub-process';

export const CONNECT = `${API}/connect`;

/** The hub on a free port, a headless Chromium, and the application the browser returns to. */
export interface ConnectHub {
  hub: TestHub;
  origin: string;
  browser: Browser;
  /** `http://127.0.0.1:PORT` of the application: every path answers a small page. */
  app: string;
  close(): Promise<void>;
}

export async function startConnectHub(env: Record<string, string> = {}): Promise<ConnectHub> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const hub = await startHub({
    env: { HUB_PUBLIC_URL: origin, ...env },
    // The emulator's default integration lists the connect callback on any loopback port.
    emulator: { rotateRefreshTokens: true },
  });
  let browser: Browser | undefined;
  let server: Server | undefined;
  try {
    await hub.app.listen(port, '127.0.0.1');
    browser = await launchChromium();
    server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>The application</title><h1>Back in the application</h1>'));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  } catch (error) {
    await browser?.close();
    await hub.close();
    throw error;
  }
  const app = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    hub,
    origin,
    browser,
    app,
    close: async () => {
      await browser!.close();
      await new Promise((resolve) => server!.close(resolve));
      await hub.close();
    },
  };
}

/** `POST /connect-sessions` for a new instance with the emulator's integration, and `extra` on top. */
export async function createSession(ctx: ConnectHub, extra: Record<string, unknown> = {}): Promise<{ id: string; url: string; expiresAt: string }> {
  const { clientId, clientSecret } = ctx.hub.emulator.options;
  const body = { element: { key: 'ciscospark' }, name: 'Connected by link', configuration: { 'oauth.api.key': clientId, 'oauth.api.secret': clientSecret }, returnUrl: `${ctx.app}/done`, ...extra };
  const res = await ctx.hub.http().post(`${API}/connect-sessions`).set('Authorization', ctx.hub.auth).send(body);
  if (res.status !== 200) throw new Error(`POST /connect-sessions answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function sessionStatus(ctx: ConnectHub, id: string): Promise<Record<string, unknown>> {
  return (await ctx.hub.http().get(`${API}/connect-sessions/${id}`).set('Authorization', ctx.hub.auth).expect(200)).body;
}

/** A fresh browser (its own cookies) and a page in it. */
export async function newBrowser(ctx: ConnectHub, width = 1280): Promise<{ context: BrowserContext; page: Page }> {
  const context = await ctx.browser.newContext({ viewport: { width, height: width < 600 ? 844 : 800 } });
  return { context, page: await context.newPage() };
}

/** Opens the link, presses Continue, and lands on the emulator's consent page. */
export async function toConsent(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: 'Continue to Webex' }).click();
  await page.waitForURL(/\/v1\/authorize/);
}

/** At the consent page: Accept as `email`, or Decline; returns the callback URL Webex sent the browser to. */
export async function answerConsent(page: Page, decision: 'Accept' | 'Decline', email?: string): Promise<string> {
  let callback = '';
  const seen = (request: { url(): string }) => {
    if (request.url().includes('/connect/oauth/callback')) callback = request.url();
  };
  page.on('request', seen);
  // By the form's field names, which the consent page keeps however it is dressed.
  if (email) await page.locator('input[name=email]').fill(email);
  await page.locator(`button[name=decision][value=${decision.toLowerCase()}]`).click();
  await page.waitForURL(/\/connect\/oauth\/callback/);
  await page.waitForLoadState();
  page.off('request', seen);
  return callback;
}

export async function countRows(ctx: ConnectHub, table: 'instances' | 'connect_sessions'): Promise<number> {
  const rows = (await ctx.hub.dataSource().query(`SELECT count(*)::int AS n FROM ${table}`)) as { n: number }[];
  return rows[0].n;
}
