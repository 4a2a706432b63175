import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { client } from '../../emulator/spec-support';
import { U2C_PATH } from '../../emulator/service-catalog';
import { OutboundRequests } from './outbound-requests';
import { SdkLog } from './sdk-log';

/** The webhook receiver the framework's README describes: the JSON body handed to its handler. */
function webhookServer(handle: (req: { body: unknown; headers: unknown }) => Promise<unknown>): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      res.end('OK');
      void handle({ body: JSON.parse(Buffer.concat(chunks).toString('utf8')), headers: req.headers });
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('webex-node-bot-framework against the emulator, in webhook mode', () => {
  const outbound = new OutboundRequests().start();
  const log = new SdkLog();
  let emulator: RunningEmulator;
  let server: Server;
  let framework: any;

  beforeAll(async () => {
    emulator = await startEmulator();
    // The framework builds its SDK's config itself; the SDK reads these two at load time.
    process.env.HYDRA_SERVICE_URL = emulator.baseUrl;
    process.env.U2C_SERVICE_URL = `${emulator.origin}${U2C_PATH}`;
  });
  afterAll(async () => {
    await framework?.stop();
    server?.close();
    delete process.env.HYDRA_SERVICE_URL;
    delete process.env.U2C_SERVICE_URL;
    outbound.stop();
    log.restore();
    await emulator.close();
  });

  it('a bot mentioned with "ping" in a group room answers "pong"', async () => {
    const { default: Framework } = await import('webex-node-bot-framework');
    const { default: webhook } = await import('webex-node-bot-framework/webhook');
    const bot = emulator.createBot({ displayName: 'Pinger' });
    const ann = emulator.createPerson({ email: 'ann@example.com', displayName: 'Ann' });
    const handled: Promise<unknown>[] = [];
    server = await webhookServer(async (req) => handled.push(webhook(framework)(req)));
    const webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/framework`;

    framework = new Framework({ token: bot.accessToken, webhookUrl });
    framework.hears('ping', (spawned: { say(text: string): Promise<unknown> }) => spawned.say('pong'));
    const initialized = new Promise((resolve) => framework.once('initialized', resolve));
    await framework.start();
    await initialized;

    const annApi = client(emulator, ann.accessToken);
    const room = (await annApi.post('/rooms', { title: 'Ops' })).body;
    expect((await annApi.post('/memberships', { roomId: room.id, personId: bot.person.id })).status).toBe(200);
    await emulator.flushWebhooks();
    await Promise.all(handled);
    const ping = (await annApi.post('/messages', { roomId: room.id, markdown: `<@personId:${bot.person.id}|Pinger> ping` })).body;

    let texts: string[] = [];
    for (let waited = 0; waited < 5000 && !texts.includes('pong'); waited += 100) {
      await emulator.flushWebhooks();
      await Promise.all(handled);
      texts = (await annApi.get(`/messages?roomId=${room.id}`)).body.items.map((m: { text: string }) => m.text);
      if (!texts.includes('pong')) await sleep(100);
    }
    expect(texts).toEqual(['pong', ping.text]);

    const hooks = (await client(emulator, bot.accessToken).get('/webhooks')).body.items;
    expect(hooks.map((h: { targetUrl: string; resource: string }) => [h.targetUrl, h.resource])).toEqual(
      expect.arrayContaining([[webhookUrl, 'all'], [webhookUrl, 'attachmentActions']]),
    );
    expect(emulator.stats()['GET /people/me']).toBeGreaterThanOrEqual(1);
    expect(log.text()).not.toMatch(/not a valid format/);
    expect(outbound.elsewhere(emulator.origin, webhookUrl.replace('/framework', ''))).toEqual([]);
  });
});
