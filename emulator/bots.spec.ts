import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator, type RunningEmulator } from './index';
import { OpenApiValidator } from './openapi-validator';
import { call, client, postMultipart, type Client } from './spec-support';

/** A webhook target that keeps the ids of the messages it was told about. */
async function messageTarget(): Promise<{ url: string; messageIds: string[]; server: Server }> {
  const messageIds: string[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      messageIds.push(JSON.parse(raw).data.id);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, messageIds, server };
}

describe('emulator bot accounts', () => {
  let sut: RunningEmulator;
  let alice: Client;
  let bot: Client;
  let botId: string;
  let botToken: string;
  let groupId: string;
  let target: Awaited<ReturnType<typeof messageTarget>>;

  beforeAll(async () => {
    sut = await startEmulator({ port: 0 });
    alice = client(sut, sut.createPerson({ email: 'alice@example.com', displayName: 'Alice' }).accessToken);
    const created = await call(`${sut.origin}/_emulator/bots`, { method: 'POST', json: { displayName: 'Ping Bot' } });
    expect(created.status).toBe(200);
    botId = created.body.person.id;
    botToken = created.body.accessToken;
    bot = client(sut, botToken);
    groupId = (await alice.post('/rooms', { title: 'Group' })).body.id;
    await alice.post('/memberships', { roomId: groupId, personId: botId });
    target = await messageTarget();
    expect((await bot.post('/webhooks', { name: 'bot', targetUrl: target.url, resource: 'messages', event: 'created' })).status).toBe(200);
  });
  afterAll(async () => {
    await sut.close();
    await new Promise((resolve) => target.server.close(resolve));
  });

  it('is a person of type bot with a webex.bot email, in the documented Person shape', async () => {
    const me = await bot.get('/people/me');
    expect(me.body).toMatchObject({ id: botId, type: 'bot', displayName: 'Ping Bot', emails: ['ping-bot@webex.bot'] });
    expect(new OpenApiValidator().validate('get', '/people/me', 200, me.body)).toEqual([]);
    expect((await alice.get('/people/me')).body.type).toBe('person');
  });

  it('has a token that never expires, where a person token does', async () => {
    const person = client(sut, sut.createPerson({ email: 'brief@example.com' }).accessToken);
    const century = Date.now() + 100 * 365 * 24 * 3600 * 1000;
    const clock = jest.spyOn(Date, 'now').mockReturnValue(century);
    try {
      expect((await person.get('/people/me')).status).toBe(401);
      expect((await bot.get('/people/me')).status).toBe(200);
    } finally {
      clock.mockRestore();
    }
  });

  it('sees a group message only when it mentions the bot, in lists, by id and in webhooks', async () => {
    const plain = (await alice.post('/messages', { roomId: groupId, text: 'ping' })).body;
    const mention = (await alice.post('/messages', { roomId: groupId, markdown: `<@personId:${botId}|Ping Bot> ping` })).body;
    await sut.flushWebhooks();
    expect(mention.mentionedPeople).toEqual([botId]);
    expect((await bot.get(`/messages?roomId=${groupId}`)).body.items.map((m: { id: string }) => m.id)).toEqual([mention.id]);
    expect((await bot.get(`/messages/${plain.id}`)).status).toBe(404);
    expect((await bot.get(`/messages/${mention.id}`)).status).toBe(200);
    expect(target.messageIds).toContain(mention.id);
    expect(target.messageIds).not.toContain(plain.id);
    // People see every message of their rooms.
    expect((await alice.get(`/messages?roomId=${groupId}`)).body.items).toHaveLength(2);
  });

  it('sees every direct message, and its own group messages', async () => {
    const direct = (await alice.post('/messages', { toPersonId: botId, text: 'hello bot' })).body;
    const own = (await bot.post('/messages', { roomId: groupId, text: 'pong' })).body;
    await sut.flushWebhooks();
    expect((await bot.get(`/messages?roomId=${direct.roomId}`)).body.items.map((m: { id: string }) => m.id)).toEqual([direct.id]);
    expect((await bot.get(`/messages/${own.id}`)).status).toBe(200);
    expect(target.messageIds).toEqual(expect.arrayContaining([direct.id, own.id]));
  });

  it('gets the file of a group message only when the message mentions it', async () => {
    const pdf = [{ filename: 'a.pdf', type: 'application/pdf', data: Buffer.from('%PDF') }];
    const aliceToken = sut.createPerson({ email: 'fay@example.com' }).accessToken;
    const fay = client(sut, aliceToken);
    const room = (await fay.post('/rooms', { title: 'Files' })).body.id;
    await fay.post('/memberships', { roomId: room, personId: botId });
    const plain = (await postMultipart(`${sut.baseUrl}/messages`, aliceToken, { roomId: room, text: 'for people' }, pdf)).body.files[0];
    const mentioned = (await postMultipart(`${sut.baseUrl}/messages`, aliceToken, { roomId: room, markdown: `<@personId:${botId}> here` }, pdf)).body.files[0];
    expect((await call(plain, { token: botToken })).status).toBe(404);
    expect((await call(mentioned, { token: botToken })).status).toBe(200);
    expect((await call(plain, { token: aliceToken })).status).toBe(200);
  });

  it('writes mentions as spark-mention elements in html, escaping the rest', async () => {
    const message = (await alice.post('/messages', { roomId: groupId, markdown: `hi <@personId:${botId}|Ping> & <@personEmail:alice@example.com> <b>` })).body;
    expect(message.html).toBe(
      `<p>hi <spark-mention data-object-type="person" data-object-id="${botId}">Ping</spark-mention> &amp; ` +
        `<spark-mention data-object-type="person" data-object-id="${message.personId}">Alice</spark-mention> &lt;b&gt;</p>`,
    );
    expect(message.text).toBe('hi Ping & Alice <b>');
  });

  it('refuses a bot without a display name, and a second bot of the same name', async () => {
    expect((await call(`${sut.origin}/_emulator/bots`, { method: 'POST', json: {} })).status).toBe(400);
    expect((await call(`${sut.origin}/_emulator/bots`, { method: 'POST', json: { displayName: 'Ping Bot' } })).status).toBe(400);
  });
});
