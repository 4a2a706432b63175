import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { DEFAULT_OPTIONS } from '../../emulator';
import { builtOnce } from '../support/built-once';
import { startHub, TestHub } from '../support/hub';
import { freePort } from '../support/hub-process';

export const CONSOLE = '/elements/api-v2/console';
export const SUPER = { username: 'root', password: 'console-test-password' };

export interface ConsoleHub {
  hub: TestHub;
  /** `http://127.0.0.1:PORT`, what HUB_PUBLIC_URL is set to. */
  origin: string;
  browser: Browser;
  close(): Promise<void>;
}

/** The hub listening on a free port (its console callback registered at the emulator) and one headless Chromium. */
export async function startConsoleHub(env: Record<string, string> = {}): Promise<ConsoleHub> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const hub = await startHub({
    // The suites log in from one address more often than a person would: the per-address limit has its own test.
    env: { HUB_PUBLIC_URL: origin, HUB_CONSOLE_ADMIN: SUPER.username, HUB_CONSOLE_PASSWORD: SUPER.password, HUB_CONSOLE_LOGINS_PER_MINUTE: '1000', ...env },
    emulator: { redirectUris: [...DEFAULT_OPTIONS.redirectUris, `${origin}${CONSOLE}/oauth/callback`] },
  });
  let browser: Browser;
  try {
    await hub.app.listen(port, '127.0.0.1');
    browser = await launchChromium();
  } catch (error) {
    // When Chromium cannot start the suite fails here; a hub left running would keep jest from exiting.
    await hub.close();
    throw error;
  }
  return {
    hub,
    origin,
    browser,
    close: async () => {
      await browser.close();
      await hub.close();
    },
  };
}

/** One headless Chromium, as the console tests run it. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: await chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * `CHROMIUM_PATH` when given; otherwise the Chromium that `npm ci` brought inside
 * `@sparticuz/chromium`, unpacked once per machine and version into a directory of the temp
 * directory. The package itself unpacks into the temp directory's top, where a suite starting
 * while another was still writing the binary failed with `spawn ETXTBSY`, and a run killed
 * midway left a broken binary for good. Here it is unpacked once into a directory of its own
 * (`builtOnce`).
 */
async function chromiumPath(): Promise<string> {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  const pkg = join(__dirname, '..', '..', 'node_modules', '@sparticuz', 'chromium');
  const { version } = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { version: string };
  const unpacked = await builtOnce(join(tmpdir(), `element-hub-chromium-${version}`), async (staging) => {
    // The package is ESM only, which jest's CommonJS runtime cannot load: a child node asks it,
    // with the staging directory as its temp directory.
    const script = "import chromium from '@sparticuz/chromium'; process.stdout.write(await chromium.executablePath());";
    await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, TMPDIR: staging } });
    return staging;
  });
  return join(unpacked, 'chromium');
}

/** A fresh browser session (its own cookies), logged in. */
export async function loggedIn(ctx: ConsoleHub, credentials = SUPER): Promise<{ context: BrowserContext; page: Page }> {
  const context = await ctx.browser.newContext({ baseURL: ctx.origin });
  const page = await context.newPage();
  await login(page, credentials);
  await page.waitForURL('**/console/instances**');
  return { context, page };
}

export async function login(page: Page, credentials: { username: string; password: string }): Promise<void> {
  await page.goto(`${CONSOLE}/login`);
  await page.getByLabel('Username').fill(credentials.username);
  await page.getByLabel('Password').fill(credentials.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForLoadState();
}

/** Fills the console's connect form with the emulator's integration and goes on to its consent page. */
export async function startConnect(ctx: ConsoleHub, page: Page, name: string, tags = ''): Promise<void> {
  const { clientId, clientSecret } = ctx.hub.emulator.options;
  await page.goto(`${CONSOLE}/connect`);
  await page.getByLabel('Instance name').fill(name);
  await page.getByLabel('Tags').fill(tags);
  await page.getByLabel('Client ID').fill(clientId);
  await page.getByLabel('Client secret').fill(clientSecret);
  await page.getByRole('button', { name: 'Continue to Webex' }).click();
  await page.waitForURL(`${ctx.hub.emulator.origin}/v1/authorize?**`);
}

/** Accepts on the emulator's consent page as `email`. */
export async function accept(page: Page, email: string): Promise<void> {
  await page.getByLabel('Sign in as (email)').fill(email);
  await page.getByRole('button', { name: 'Accept' }).click();
}
