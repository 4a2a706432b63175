import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { createRootLogger, HubLogger } from './common/logger';
import { HubConfig } from './config/hub-config';
import { setupApiDocs, useApiPrefix } from './http/api-docs';
import { registerBodyParsers } from './http/body-parsers';
import { createHubAdapter } from './http/hub-fastify-adapter';
import { registerRequestHooks } from './http/request-hooks';
import { recordRoutes } from './http/served-routes';
import { hubValidationPipe } from './http/validation';

export { API_PREFIX } from './config/hub-config';
export { routesOf } from './http/served-routes';

/**
 * Builds the hub (not listening yet): the one place main.ts and the tests get it from. The HTTP
 * platform (http/) is put together here; features add their own routes, hooks and document paths.
 */
export async function createHubApp(config: HubConfig, logger: Logger = createRootLogger(config.LOG_LEVEL)): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), createHubAdapter(config, logger), {
    logger: new HubLogger(logger),
    bufferLogs: false,
    abortOnError: false,
    // The event inbox checks Webex's signature over the exact bytes received.
    rawBody: true,
    // Nest's two body parsers are registered by registerBodyParsers, with the JSON one checking depth.
    bodyParser: false,
  });
  recordRoutes(app);
  registerRequestHooks(app.getHttpAdapter().getInstance(), logger);
  registerBodyParsers(app, config.HUB_BODY_LIMIT_BYTES);
  useApiPrefix(app);
  app.useGlobalPipes(hubValidationPipe());
  setupApiDocs(app);
  return app;
}
