import type { FastifyInstance } from 'fastify';
import type { ControlAuthorizeInput, CreateBotInput, CreatePersonInput, Emulator, IntegrationInput, PersonalTokenInput } from './emulator';
import type { FaultSpec } from './faults';

/** The control API under `/_emulator` (not part of Webex): no auth, never faulted. */
export function registerControlRoutes(app: FastifyInstance, emulator: Emulator): void {
  app.post('/_emulator/people', async (req) => emulator.createPerson(req.body as CreatePersonInput));
  app.post('/_emulator/bots', async (req) => emulator.createBot(req.body as CreateBotInput));
  app.post('/_emulator/personal-tokens', async (req) => emulator.createPersonalToken(req.body as PersonalTokenInput));
  app.post('/_emulator/integrations', async (req) => emulator.createIntegration(req.body as IntegrationInput));
  app.post('/_emulator/authorize', async (req) => emulator.authorize(req.body as ControlAuthorizeInput));
  app.post('/_emulator/faults', async (req, reply) => {
    emulator.injectFault(req.body as FaultSpec);
    return reply.code(204).send();
  });
  app.delete('/_emulator/faults', async (_req, reply) => {
    emulator.clearFaults();
    return reply.code(204).send();
  });
  app.get('/_emulator/stats', async () => emulator.stats());
  app.post('/_emulator/reset', async (_req, reply) => {
    emulator.reset();
    return reply.code(204).send();
  });
  app.post('/_emulator/webhooks/flush', async () => {
    await emulator.flushWebhooks();
    return { delivered: emulator.webhooks.delivered, failed: emulator.webhooks.failed };
  });
}
