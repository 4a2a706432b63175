import { HttpAdapterHost } from '@nestjs/core';
import { Agent, createServer, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { HubConfig } from '../config/hub-config';
import { HubShutdown } from './hub-shutdown';

describe('HubShutdown', () => {
  let server: Server;
  let sut: HubShutdown;
  const answerAfter = new Map<string, number>();
  let arrived: () => void;
  const arrival = () => new Promise<void>((resolve) => (arrived = resolve));

  beforeEach(async () => {
    server = createServer((req, res) => {
      arrived?.();
      setTimeout(() => res.end('done'), answerAfter.get(req.url!) ?? 0).unref();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const host = { httpAdapter: { getHttpServer: () => server } } as unknown as HttpAdapterHost;
    sut = new HubShutdown(Object.assign(new HubConfig(), { HUB_SHUTDOWN_TIMEOUT_MS: 300, HUB_SHUTDOWN_DRAIN_MS: 200 }), host);
    sut.onApplicationBootstrap();
  });
  afterEach(async () => {
    server.closeAllConnections();
    if (server.listening) await new Promise((resolve) => server.close(resolve));
  });

  const get = (path: string) =>
    new Promise<{ status: number; connection?: string }>((resolve, reject) => {
      const port = (server.address() as AddressInfo).port;
      request({ port, path, agent: new Agent({ keepAlive: true }) }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection }));
      })
        .on('error', reject)
        .end();
    });

  it('has no deadline until it begins, then one HUB_SHUTDOWN_DRAIN_MS + HUB_SHUTDOWN_TIMEOUT_MS away', () => {
    expect(sut.draining).toBe(false);
    expect(sut.deadline).toBe(Infinity);
    const before = Date.now();
    sut.begin();
    expect(sut.draining).toBe(true);
    expect(sut.deadline).toBeGreaterThanOrEqual(before + 500);
    expect(sut.deadline).toBeLessThan(before + 600);
  });

  it('on SIGTERM keeps accepting and answering for HUB_SHUTDOWN_DRAIN_MS, with Connection: close, then stops listening', async () => {
    const started = Date.now();
    sut.begin();
    // A balancer that has not yet seen the 503 still connects: the request is answered.
    expect(server.listening).toBe(true);
    expect(await get('/late')).toEqual({ status: 200, connection: 'close' });
    await sut.beforeApplicationShutdown();
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(server.listening).toBe(false);
  });

  it('waits for work that ends before the deadline, and gives up on work that does not', async () => {
    sut.begin();
    expect(await sut.within(new Promise((resolve) => setTimeout(resolve, 50)))).toBe(true);
    expect(await sut.within(Promise.reject(new Error('failed work has ended too')))).toBe(true);
    const started = Date.now();
    expect(await sut.within(new Promise(() => undefined))).toBe(false);
    expect(Date.now() - started).toBeLessThan(750);
  });

  it('on a close without begin() (app.close(), no SIGTERM), waits for work within HUB_SHUTDOWN_TIMEOUT_MS from the first wait', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      expect(await sut.within(new Promise((resolve) => setTimeout(resolve, 100)))).toBe(true);
      const started = Date.now();
      expect(await sut.within(new Promise(() => undefined))).toBe(false);
      // The deadline was fixed at the first wait, 300 ms before the end of this one at the latest.
      expect(Date.now() - started).toBeGreaterThanOrEqual(150);
      expect(Date.now() - started).toBeLessThan(400);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((w) => w.name)).not.toContain('TimeoutOverflowWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('lets a request in flight finish with Connection: close, then the server closes', async () => {
    answerAfter.set('/slow', 150);
    const inServer = arrival();
    const slow = get('/slow');
    await inServer;
    const drained = sut.beforeApplicationShutdown();
    expect(await slow).toEqual({ status: 200, connection: 'close' });
    await drained;
    expect(server.listening).toBe(false);
  });

  it('cuts connections still open at the deadline', async () => {
    answerAfter.set('/stuck', 5000);
    const inServer = arrival();
    const stuck = get('/stuck').then(
      () => 'answered',
      (error: NodeJS.ErrnoException) => error.code,
    );
    await inServer;
    const started = Date.now();
    await sut.beforeApplicationShutdown();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await stuck).toBe('ECONNRESET');
  });
});
