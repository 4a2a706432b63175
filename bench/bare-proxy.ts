import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';

/** The least a proxy can do: Fastify in, undici (keep-alive) out, status and body passed through. */
export async function startBareProxy(target: string, port = 0) {
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 128 });
  const app = Fastify({ logger: false });
  app.get('/v1/*', async (req, reply) => {
    const upstream = await request(`${target}${req.url}`, { headers: { authorization: req.headers.authorization ?? '', accept: 'application/json' }, dispatcher: agent });
    const body = await upstream.body.text();
    return reply.code(upstream.statusCode).header('content-type', 'application/json').send(body);
  });
  app.get('/health', async () => 'ok');
  await app.listen({ host: '127.0.0.1', port });
  return { url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, close: async () => (await app.close(), await agent.close()) };
}

// As a process of its own: `node bare-proxy.js` with TARGET and PORT.
if (require.main === module) void startBareProxy(process.env.TARGET!, Number(process.env.PORT));
