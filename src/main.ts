import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { API_PREFIX, createHubApp } from './app.factory';
import { loadConfig } from './config/hub-config';
import { listenUrl } from './config/public-url';
import { HubShutdown } from './lifecycle/hub-shutdown';
import { startupBanner } from './lifecycle/startup-banner';
import { StartupNotes } from './lifecycle/startup-notes';

async function bootstrap() {
  const config = loadConfig();
  const app = await createHubApp(config);
  await app.listen(config.PORT, config.HOST);
  const logger = new Logger('Main');
  const { address, port } = app.getHttpServer().address() as AddressInfo;
  logger.log(`Element Hub listening on http://${config.HOST}:${port} (API under /${API_PREFIX}, docs at /docs, console at /console)`);
  // For the person at the terminal, on stderr whether or not it is a TTY (it is the terminal's
  // channel; stdout is the JSON log), so the first start's secrets never reach a log collector.
  process.stderr.write(
    startupBanner({ origin: listenUrl(address, port), apiPrefix: API_PREFIX, dataDir: config.DATA_DIR, databaseUrl: config.DATABASE_URL, secrets: app.get(StartupNotes).takeSecrets() }),
  );

  // Our own handler rather than enableShutdownHooks(): the drain must start before Nest's hooks
  // run, and an orderly stop exits 0 (Nest re-raises the signal, which ends in 143).
  const stop = async (signal: NodeJS.Signals) => {
    logger.log(`${signal} received: draining`);
    app.get(HubShutdown).begin();
    // Workers and the HTTP drain give up at the deadline; this catches a hook that hangs anyway.
    setTimeout(() => {
      logger.error('Shutdown overran its deadline: exiting');
      process.exit(1);
    }, config.HUB_SHUTDOWN_DRAIN_MS + config.HUB_SHUTDOWN_TIMEOUT_MS + 10_000).unref();
    try {
      await app.close();
      logger.log('Stopped');
      process.exit(0);
    } catch (error) {
      logger.error(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    }
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, (s) => void stop(s));
}

bootstrap().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
