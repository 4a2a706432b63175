import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HubConfig } from '../config/hub-config';
import { CallbackClient } from './callback-client';

describe('CallbackClient', () => {
  let server: Server;
  let url: string;
  let connections: number;
  let client: CallbackClient;

  beforeEach(async () => {
    connections = 0;
    // As Node answers by default but with a 1 s idle limit: `Keep-Alive: timeout=1`.
    server = createServer((req, res) => req.resume().on('end', () => res.end('{}')));
    server.keepAliveTimeout = 1000;
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    client = new CallbackClient(Object.assign(new HubConfig(), { HUB_EVENT_TIMEOUT_MS: 5000, HUB_ALLOW_PRIVATE_CALLBACKS: true }));
  });

  afterEach(async () => {
    await client.onApplicationShutdown();
    await new Promise((resolve) => server.close(resolve).closeAllConnections());
  });

  it('reuses its connections to a receiver that keeps them only 1 s, rather than opening one per event', async () => {
    for (let i = 0; i < 10; i++) {
      await expect(client.post(url, JSON.stringify({ i }), {})).resolves.toEqual({ ok: true, status: 200 });
    }
    // undici may open a second one while it still counts the first as busy with the answer just read.
    expect(connections).toBeLessThanOrEqual(2);
  });

  it('opens a new connection once the receiver’s keep-alive, less the margin, has passed', async () => {
    await client.post(url, '{}', {});
    await new Promise((resolve) => setTimeout(resolve, 1200));
    await expect(client.post(url, '{}', {})).resolves.toEqual({ ok: true, status: 200 });
    expect(connections).toBe(2);
  });
});
