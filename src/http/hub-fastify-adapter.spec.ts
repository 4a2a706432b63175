import { FastifyAdapter } from '@nestjs/platform-fastify';
import { HubFastifyAdapter } from './hub-fastify-adapter';

/** The request hooks of `GET /x` on the adapter's Fastify instance, as Fastify prints them. */
async function hooksOfRoute(adapter: FastifyAdapter, addOwnHook: boolean) {
  const fastify = adapter.getInstance();
  const seen: string[] = [];
  if (addOwnHook) {
    fastify.addHook('onRequest', (request, _reply, done) => {
      seen.push(request.url);
      done();
    });
  }
  fastify.get('/x', async () => 'ok');
  await fastify.ready();
  const printed = fastify.printRoutes({ includeHooks: true, commonPrefix: false });
  const response = await fastify.inject({ method: 'GET', url: '/x' });
  await fastify.close();
  return { onRequest: /\(onRequest\) \[(.*)\]/.exec(printed)?.[1].split(',') ?? [], onResponse: /\(onResponse\)/.test(printed), status: response.statusCode, seen };
}

describe('HubFastifyAdapter', () => {
  it("leaves out the hooks Nest's adapter adds to every request, and keeps the hub's own", async () => {
    const sut = new HubFastifyAdapter({ logger: false, skipMiddie: true });

    const route = await hooksOfRoute(sut, true);

    expect(route.onRequest).toHaveLength(1);
    expect(route.onResponse).toBe(false);
    expect(route.status).toBe(200);
    expect(route.seen).toEqual(['/x']);
  });

  it("compares with Nest's own adapter, which adds four onRequest hooks and an onResponse hook", async () => {
    const route = await hooksOfRoute(new FastifyAdapter({ logger: false, skipMiddie: true }), false);

    expect(route.onRequest).toHaveLength(4);
    expect(route.onResponse).toBe(true);
  });

  it('refuses CORS, whose hook it leaves out, rather than silently serving without it', () => {
    const sut = new HubFastifyAdapter({ logger: false });

    expect(() => sut.enableCors()).toThrow(/CORS/);
  });
});
