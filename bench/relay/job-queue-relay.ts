import { Logger, makeWorkerUtils, run, type Task } from 'graphile-worker';
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { Agent, request } from 'undici';
import { KEEP_ALIVE_MARGIN_MS } from '../../src/events/callback-client';
import { startReceiver } from '../../test/events/relay-support';
import { createTestDatabase } from '../../test/support/database';
import { sparkSignatureValid } from '../../src/events/event-signatures';
import type { RelaySystem } from './relay-load';

/** graphile-worker's own default pool, the same size as the hub's (DATABASE_POOL_SIZE). */
const POOL_SIZE = 10;
const quiet = new Logger(() => (level, message) => {
  if (level === 'error') console.error(`graphile-worker: ${message}`);
});

/**
 * What a user would otherwise build the relay on: graphile-worker on the same PostgreSQL, in a
 * fresh database. The intake is a plain Node HTTP server that checks the X-Spark-Signature, adds
 * a job (one durable insert) and answers 200; a runner with `slots` jobs at a time POSTs each
 * payload, signed, to a local receiver as the hub does, and the job is completed when the
 * receiver answers 2xx (an error leaves it to graphile-worker's retries).
 */
export async function startJobQueueRelay(slots: number): Promise<RelaySystem> {
  const database = await createTestDatabase();
  const receiver = await startReceiver();
  const pgPool = new Pool({ connectionString: database.url, max: POOL_SIZE });
  // Dropping the database ends the connections graphile-worker still holds for LISTEN.
  pgPool.on('error', () => undefined);
  // The hub's keep-alive settings for callbacks, so both reuse the receiver's connections alike.
  const agent = new Agent({ keepAliveTimeout: 10_000, keepAliveTimeoutThreshold: KEEP_ALIVE_MARGIN_MS });
  const secret = randomBytes(24).toString('base64url');
  const signingKey = randomBytes(24).toString('base64url');
  const utils = await makeWorkerUtils({ pgPool, logger: quiet });
  await utils.migrate();
  const deliver: Task = async (payload) => {
    const delivery = payload as { id: string; data: { id: string } };
    const body = JSON.stringify({ message: { eventId: delivery.id, elementKey: 'webex', events: [{ objectId: delivery.data.id, objectType: 'messages', eventType: 'CREATED' }], raw: delivery } });
    const response = await request(receiver.url, {
      method: 'POST',
      dispatcher: agent,
      headers: { 'content-type': 'application/json', 'elements-webhook-signature': createHmac('sha256', signingKey).update(body).digest('base64') },
      body,
    });
    await response.body.dump();
    if (response.statusCode >= 300) throw new Error(`callback answered ${response.statusCode}`);
  };
  const runner = await run({ pgPool, concurrency: slots, pollInterval: 200, noHandleSignals: true, logger: quiet, taskList: { deliver } });
  const intake = await listen(
    createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        if (!sparkSignatureValid(secret, raw, req.headers['x-spark-signature'])) return void res.writeHead(401).end();
        let delivery: unknown;
        try {
          delivery = JSON.parse(raw.toString('utf8'));
        } catch {
          return void res.writeHead(400).end();
        }
        utils.addJob('deliver', delivery as object).then(
          () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'),
          () => res.writeHead(503).end(),
        );
      });
    }),
  );
  return {
    intakeUrl: `http://127.0.0.1:${(intake.address() as AddressInfo).port}/webhooks/bench`,
    secret,
    webhookId: 'bench-webhook',
    receiver,
    databaseUrl: database.url,
    close: async () => {
      await new Promise((resolve) => intake.close(resolve).closeAllConnections());
      await runner.stop();
      await runner.promise;
      await utils.release();
      await pgPool.end();
      await agent.close();
      await receiver.close();
      await database.drop();
    },
  };
}

function listen(server: Server): Promise<Server> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
