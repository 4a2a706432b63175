import Fastify from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Agent, request } from 'undici';
import { startEmulator } from '../emulator';
import { createHubApp } from '../src/app.factory';
import { createRootLogger } from '../src/common/logger';
import { loadConfig } from '../src/config/hub-config';
import { measure, type BenchResult } from './support';

const LOAD = { connections: 50, durationSeconds: 10 };
const API = '/elements/api-v2';

/** The least a proxy can do: Fastify in, undici (keep-alive) out, status and body passed through. */
async function startBareProxy(target: string) {
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 128 });
  const app = Fastify({ logger: false });
  app.get('/v1/*', async (req, reply) => {
    const upstream = await request(`${target}${req.url}`, { headers: { authorization: req.headers.authorization ?? '', accept: 'application/json' }, dispatcher: agent });
    const body = await upstream.body.text();
    return reply.code(upstream.statusCode).header('content-type', 'application/json').send(body);
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, close: async () => (await app.close(), await agent.close()) };
}

/**
 * `GET /hubs/collaboration/channels/{id}` through the hub, against the same Webex call made directly
 * to the emulator and through a bare Fastify + undici pass-through proxy, one after the other in
 * the same run. The hub logs its one line per request (LOG_LEVEL=info) to /dev/null.
 */
export async function run(): Promise<BenchResult[]> {
  const emulator = await startEmulator({ port: 0 });
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-bench-'));
  const secrets = { org: 'bench-organization-secret-0123456789abcdef', user: 'bench-user-secret-0123456789abcdef' };
  const config = loadConfig({ DATA_DIR: dataDir, WEBEX_API_URL: emulator.baseUrl, HUB_ORGANIZATION_SECRET: secrets.org, HUB_USER_SECRET: secrets.user, HUB_WORKERS_ENABLED: 'false', LOG_LEVEL: 'info' });
  const hub = await createHubApp(config, createRootLogger('info', pino.destination({ dest: '/dev/null', sync: false })));
  await hub.listen(0, '127.0.0.1');
  const hubUrl = `http://127.0.0.1:${(hub.getHttpServer().address() as AddressInfo).port}`;
  const proxy = await startBareProxy(emulator.origin);
  try {
    const email = 'bench@example.com';
    const { accessToken } = emulator.createPerson({ email, displayName: 'Bench' });
    const options = emulator.options;
    const { code } = emulator.authorize({ clientId: options.clientId, redirectUri: options.redirectUris[0], scope: 'spark:all spark:kms', email });
    const auth = `User ${secrets.user}, Organization ${secrets.org}`;
    const created = await fetch(`${hubUrl}${API}/instances`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        element: { key: 'ciscospark' },
        providerData: { code },
        configuration: { 'oauth.api.key': options.clientId, 'oauth.api.secret': options.clientSecret, 'oauth.callback.url': options.redirectUris[0] },
        name: 'bench',
      }),
    });
    const instance = (await created.json()) as { token: string };
    const room = (await (
      await fetch(`${emulator.baseUrl}/rooms`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Bench room' }) })
    ).json()) as { id: string };

    const bearer = { authorization: `Bearer ${accessToken}` };
    const direct = await measure('direct: emulator GET /v1/rooms/{id}', { url: `${emulator.baseUrl}/rooms/${room.id}`, headers: bearer, ...LOAD });
    const bare = await measure('bare Fastify+undici proxy', { url: `${proxy.url}/v1/rooms/${room.id}`, headers: bearer, ...LOAD });
    const viaHub = await measure('hub GET /hubs/collaboration/channels/{id}', {
      url: `${hubUrl}${API}/hubs/collaboration/channels/${room.id}`,
      headers: { authorization: `${auth}, Element ${instance.token}` },
      ...LOAD,
    });
    const ratio = (a: BenchResult, b: BenchResult) => (a.requestsPerSecond / b.requestsPerSecond).toFixed(2);
    bare.notes = `${ratio(bare, direct)}x direct; +${(bare.p50Ms - direct.p50Ms).toFixed(1)} ms p50`;
    viaHub.notes = `${ratio(viaHub, bare)}x bare proxy (${ratio(viaHub, direct)}x direct); +${(viaHub.p50Ms - bare.p50Ms).toFixed(1)} ms p50 over the bare proxy`;
    direct.notes = '50 connections, 10 s each, all in one process';
    return [direct, bare, viaHub];
  } finally {
    await proxy.close();
    await hub.close();
    await emulator.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
