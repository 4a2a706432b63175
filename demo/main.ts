import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../emulator';
import { createHubApp } from '../src/app.factory';
import { createRootLogger } from '../src/common/logger';
import { loadConfig } from '../src/config/hub-config';
import { PublicUrl } from '../src/config/public-url';
import { HubShutdown } from '../src/lifecycle/hub-shutdown';
import { startReceiver } from './callback-receiver';
import { runWalkthrough } from './walkthrough';

let steps = 0;
function print(title: string, ...lines: string[]): void {
  process.stdout.write(`\n${++steps}. ${title}\n${lines.map((line) => `   ${line}\n`).join('')}`);
}

/**
 * `npm run demo`: the emulator and the hub on free ports with a throw-away PGlite data directory,
 * the README's walkthrough run against them step by step, then both left running until Ctrl-C.
 * The hub runs in this process (logging warnings only), compiled as `npm start` runs it, so its
 * API document is the built one (the swagger plugin runs at build time).
 */
async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'element-hub-demo-'));
  const cleanups: Array<() => Promise<void> | void> = [() => rmSync(dataDir, { recursive: true, force: true })];
  let stopping = false;
  const stop = async (why: string, code: number) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${why}: stopping the hub, the emulator and the receiver\n`);
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      }
    }
    process.stdout.write(`Stopped; removed ${dataDir}\n`);
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(signal, 0));

  try {
    const webex = await startEmulator({ port: 0 });
    cleanups.push(() => webex.close());
    print('Webex emulator', `${webex.baseUrl} (integration ${webex.options.clientId} / ${webex.options.clientSecret})`);

    // Once the walkthrough is done, events from what the user does are shown as they arrive.
    let live = false;
    const receiver = await startReceiver((received) => {
      const event = received.json.message?.events?.[0];
      if (live) process.stdout.write(`event: ${event?.objectType} ${event?.eventType} ${event?.objectId} (instance ${received.json.message?.instanceId})\n`);
    });
    cleanups.push(() => receiver.close());

    const secrets = { organization: randomBytes(18).toString('base64url'), user: randomBytes(18).toString('base64url'), console: randomBytes(12).toString('base64url') };
    // Only these settings: a HUB_* or DATABASE_URL of the user's shell must not reach the throw-away hub.
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      WEBEX_API_URL: webex.baseUrl,
      HUB_ORGANIZATION_SECRET: secrets.organization,
      HUB_USER_SECRET: secrets.user,
      // A key in memory: the throw-away data needs no key file (nor the warning that one was made).
      HUB_ENCRYPTION_KEYS: `demo:${randomBytes(32).toString('base64')}`,
      HUB_CONSOLE_ADMIN: 'admin',
      HUB_CONSOLE_PASSWORD: secrets.console,
      // The receiver is on 127.0.0.1, which the hub refuses as a callback by default.
      HUB_ALLOW_PRIVATE_CALLBACKS: 'true',
      HUB_EVENT_POLL_MS: '200',
      LOG_LEVEL: 'warn',
    });
    const app = await createHubApp(config, createRootLogger(config.LOG_LEVEL));
    cleanups.push(() => {
      // As main.ts stops the hub: the drain (and its deadline) starts before Nest's hooks run.
      app.get(HubShutdown).begin();
      return app.close();
    });
    await app.listen(config.PORT, config.HOST);
    // No HUB_PUBLIC_URL: the hub's public URL is the port it was given.
    const hub = app.get(PublicUrl).value;
    const auth = `User ${secrets.user}, Organization ${secrets.organization}`;
    print('Hub', `${hub} (PGlite in ${dataDir})`, `Authorization: ${auth}`);

    const result = await runWalkthrough({ hub, webex: webex.baseUrl, clientId: webex.options.clientId, clientSecret: webex.options.clientSecret, auth, receiver }, print);

    print(
      'Running (Ctrl-C stops both and removes the data directory)',
      `API:        ${hub}/elements/api-v2`,
      `API docs:   ${hub}/docs`,
      `Console:    ${hub}/console (user admin, password ${secrets.console})`,
      `Webex:      ${webex.baseUrl} (the emulator; control API at ${webex.origin}/_emulator)`,
      `Receiver:   ${receiver.url} (events are printed here as they arrive)`,
      'In another shell, for the README walkthrough\'s commands:',
      `  HUB=${hub} WEBEX=${webex.origin}`,
      `  API=$HUB/elements/api-v2 AUTH='${auth}'`,
      `  TOKEN=${result.instanceToken} CHANNEL=${result.channelId}`,
    );
    live = true;
  } catch (error) {
    process.stderr.write(`\nThe demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    await stop('Failed', 1);
  }
}

void main();
