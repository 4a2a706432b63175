import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createHubApp } from './app.factory';
import { loadConfig } from './config/hub-config';

async function bootstrap() {
  const config = loadConfig();
  const app = await createHubApp(config);
  app.enableShutdownHooks();
  await app.listen(config.PORT, config.HOST);
  new Logger('Main').log(`Element Hub listening on http://${config.HOST}:${config.PORT} (API under /elements/api-v2, docs at /docs)`);
}

bootstrap().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
