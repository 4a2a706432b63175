import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticate } from './api';
import type { Emulator } from './emulator';

/** Where Webex's service catalog (U2C) lives; the SDK's `services.discovery.u2c` points here. */
export const U2C_PATH = '/u2c/api/v1';

/**
 * The `webex` SDK asks U2C for its catalog on start (the limited one by org, then the full one
 * with the token) and logs an error when it cannot get one. The emulator's catalog names one
 * service, `hydra`: its own `/v1`, at the host the client called.
 */
function hostmap(req: FastifyRequest) {
  return { serviceLinks: { hydra: `${req.protocol}://${req.headers.host}/v1` }, hostCatalog: {}, format: 'hostmap' };
}

export function registerServiceCatalogRoutes(app: FastifyInstance, emulator: Emulator): void {
  app.get(`${U2C_PATH}/limited/catalog`, async (req) => hostmap(req));
  app.get(`${U2C_PATH}/catalog`, async (req) => {
    authenticate(emulator.store, req.headers.authorization);
    return hostmap(req);
  });
}
