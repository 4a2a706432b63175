import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createHubApp } from './app.factory';
import { loadConfig } from './config/hub-config';
import { HubShutdown } from './lifecycle/hub-shutdown';

async function bootstrap() {
  const config = loadConfig();
  const app = await createHubApp(config);
  await app.listen(config.PORT, config.HOST);
  const logger = new Logger('Main');
  logger.log(`Element Hub listening on http://${config.HOST}:${config.PORT} (API under /elements/api-v2, docs at /docs)`);

  // Our own handler rather than enableShutdownHooks(): the drain must start before Nest's hooks
  // run, and an orderly stop exits 0 (Nest re-raises the signal, which ends in 143).
  const stop = async (signal: NodeJS.Signals) => {
    logger.log(`${signal} received: draining`);
    app.get(HubShutdown).begin();
    // Workers and the HTTP drain give up at the deadline; this catches a hook that hangs anyway.
    setTimeout(() => {
      logger.error('Shutdown overran its deadline: exiting');
      process.exit(1);
    }, config.HUB_SHUTDOWN_TIMEOUT_MS + 10_000).unref();
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
