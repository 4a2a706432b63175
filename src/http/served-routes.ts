import type { NestFastifyApplication } from '@nestjs/platform-fastify';

export interface ServedRoute {
  method: string;
  url: string;
}

const registeredRoutes = new WeakMap<object, ServedRoute[]>();

/** Records every route the app registers from now on (Nest's and those features add to Fastify). */
export function recordRoutes(app: NestFastifyApplication): void {
  const routes: ServedRoute[] = [];
  registeredRoutes.set(app, routes);
  app.getHttpAdapter().getInstance().addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url });
  });
}

/** Every route the app registered (known once it is initialized), for checks against the docs. */
export function routesOf(app: NestFastifyApplication): ServedRoute[] {
  return registeredRoutes.get(app) ?? [];
}
