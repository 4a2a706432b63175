import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetch } from 'undici';
import { startEmulator, type RunningEmulator } from './index';
import { OpenApiValidator } from './openapi-validator';
import { MAX_TEXT_BYTES, MESSAGE_LIMITS } from './resources/message-content';
import { call, client, postMultipart, type Client } from './spec-support';

const MAX_FILE = 64 * 1024;

describe('emulator message files', () => {
  let sut: RunningEmulator;
  let alice: Client;
  let aliceToken: string;
  let carolToken: string;
  let roomId: string;
  let remote: Server;
  let remoteOrigin: string;
  const validator = new OpenApiValidator();

  beforeAll(async () => {
    remote = createServer((req, res) => {
      if (req.url === '/public/report.csv') res.writeHead(200, { 'content-type': 'text/csv' }).end('a,b\n1,2\n');
      else if (req.url === '/public/huge.bin') res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.alloc(MAX_FILE + 1));
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => remote.listen(0, '127.0.0.1', resolve));
    remoteOrigin = `http://127.0.0.1:${(remote.address() as AddressInfo).port}`;
    sut = await startEmulator({ port: 0, maxFileBytes: MAX_FILE, remoteFileAllowList: [`${remoteOrigin}/public/`] });
    aliceToken = sut.createPerson({ email: 'alice@example.com', displayName: 'Alice' }).accessToken;
    carolToken = sut.createPerson({ email: 'carol@example.com' }).accessToken;
    alice = client(sut, aliceToken);
    roomId = (await alice.post('/rooms', { title: 'Files' })).body.id;
  });
  afterAll(async () => {
    await sut.close();
    await new Promise((resolve) => remote.close(resolve));
  });

  const upload = (fields: Record<string, string>, files: Parameters<typeof postMultipart>[3]) => postMultipart(`${sut.baseUrl}/messages`, aliceToken, fields, files);
  const pdf = (size: number, filename = 'report.pdf') => ({ filename, type: 'application/pdf', data: Buffer.alloc(size, 7) });
  const webexError = (message: string) => ({ message, errors: [{ description: message }], trackingId: expect.stringMatching(/^ROUTER_/) });

  it('creates a message from multipart fields with one file, whose files holds its contents URL', async () => {
    const answer = await upload({ roomId, text: 'the report' }, [pdf(1000)]);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ roomId, text: 'the report', personEmail: 'alice@example.com' });
    expect(answer.body.files).toEqual([expect.stringMatching(new RegExp(`^${sut.baseUrl}/contents/[A-Za-z0-9]+$`))]);
    expect(validator.validate('post', '/messages', 200, answer.body)).toEqual([]);
    const listed = await alice.get(`/messages?roomId=${roomId}`);
    expect(listed.body.items[0].files).toEqual(answer.body.files);
  });

  it('serves the file with its type, length and name on GET, and the same headers without a body on HEAD', async () => {
    const sent = Buffer.from('%PDF-1.4 emulated bytes \u00e9');
    const url = (await upload({ roomId }, [{ filename: 'Q3 report.pdf', type: 'application/pdf', data: sent }])).body.files[0];
    const get = await fetch(url, { headers: { authorization: `Bearer ${aliceToken}` } });
    expect(get.status).toBe(200);
    expect(get.headers.get('content-type')).toBe('application/pdf');
    expect(get.headers.get('content-length')).toBe(String(sent.length));
    expect(get.headers.get('content-disposition')).toBe(`attachment; filename="Q3 report.pdf"; filename*=UTF-8''Q3%20report.pdf`);
    expect(Buffer.from(await get.arrayBuffer()).equals(sent)).toBe(true);

    const head = await fetch(url, { method: 'HEAD', headers: { authorization: `Bearer ${aliceToken}` } });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(sent.length));
    expect(head.headers.get('content-disposition')).toContain('filename="Q3 report.pdf"');
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });

  it('serves a file only to a token that can see the room', async () => {
    const url = (await upload({ roomId, text: 'private' }, [pdf(10)])).body.files[0];
    expect((await fetch(url, { headers: { authorization: `Bearer ${carolToken}` } })).status).toBe(404);
    expect((await fetch(url)).status).toBe(401);
  });

  it('refuses two files with Webex message', async () => {
    const answer = await upload({ roomId, text: 'two' }, [pdf(10, 'a.pdf'), pdf(10, 'b.pdf')]);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(webexError(MESSAGE_LIMITS.oneFile));
    const json = await alice.post('/messages', { roomId, files: [`${remoteOrigin}/public/report.csv`, `${remoteOrigin}/public/report.csv`] });
    expect(json.status).toBe(400);
    expect(json.body).toEqual(webexError(MESSAGE_LIMITS.oneFile));
  });

  it('refuses a file above the size limit, and accepts one at the limit', async () => {
    const tooLarge = await upload({ roomId }, [pdf(MAX_FILE + 1)]);
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.body).toEqual(webexError(MESSAGE_LIMITS.fileTooLarge(MAX_FILE)));
    expect((await upload({ roomId }, [pdf(MAX_FILE)])).status).toBe(200);
  });

  it('refuses text or markdown longer than 7,439 bytes, counting UTF-8 bytes', async () => {
    expect((await alice.post('/messages', { roomId, text: 'x'.repeat(MAX_TEXT_BYTES) })).status).toBe(200);
    const long = await alice.post('/messages', { roomId, text: 'x'.repeat(MAX_TEXT_BYTES + 1) });
    expect(long.status).toBe(400);
    expect(long.body).toEqual(webexError(MESSAGE_LIMITS.textTooLong));
    // 3,720 two-byte characters: fewer than 7,439 characters, more than 7,439 bytes.
    expect((await alice.post('/messages', { roomId, markdown: '\u00e9'.repeat(3720) })).status).toBe(400);
    expect((await upload({ roomId, text: 'y'.repeat(MAX_TEXT_BYTES + 1) }, [])).status).toBe(400);
  });

  it('refuses two cards and accepts one', async () => {
    const card = { contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', version: '1.2', body: [] } };
    const two = await alice.post('/messages', { roomId, text: 'cards', attachments: [card, card] });
    expect(two.status).toBe(400);
    expect(two.body).toEqual(webexError(MESSAGE_LIMITS.oneCard));
    expect((await alice.post('/messages', { roomId, text: 'card', attachments: [card] })).status).toBe(200);
  });

  it('fetches a remote file URL from the allow-list and serves it as its own content', async () => {
    const answer = await alice.post('/messages', { roomId, files: [`${remoteOrigin}/public/report.csv`] });
    expect(answer.status).toBe(200);
    const get = await fetch(answer.body.files[0], { headers: { authorization: `Bearer ${aliceToken}` } });
    expect(get.headers.get('content-type')).toBe('text/csv');
    expect(get.headers.get('content-disposition')).toContain('filename="report.csv"');
    expect(await get.text()).toBe('a,b\n1,2\n');
  });

  it.each([
    ['another path of an allowed origin', '/private/report.csv'],
    ['another origin', 'http://files.example.invalid/public/report.csv'],
  ])('refuses a remote file URL on %s without fetching it', async (_name, path) => {
    const url = path.startsWith('http') ? path : `${remoteOrigin}${path}`;
    const answer = await alice.post('/messages', { roomId, files: [url] });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/^Unable to retrieve content from the file URL\. .*remoteFileAllowList/);
  });

  it('refuses an allowed remote file that is missing or too large', async () => {
    expect((await alice.post('/messages', { roomId, files: [`${remoteOrigin}/public/none.csv`] })).status).toBe(400);
    const huge = await alice.post('/messages', { roomId, files: [`${remoteOrigin}/public/huge.bin`] });
    expect(huge.status).toBe(400);
    expect(huge.body.message).toBe(MESSAGE_LIMITS.fileTooLarge(MAX_FILE));
  });

  it.each([
    ['no boundary', 'multipart/form-data', '--x\r\n'],
    ['a body cut short', 'multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\nabc'],
    ['no parts at all', 'multipart/form-data; boundary=x', 'hello world'],
  ])('answers a malformed multipart body (%s) with 400, and keeps serving', async (_name, contentType, body) => {
    const res = await fetch(`${sut.baseUrl}/messages`, { method: 'POST', headers: { authorization: `Bearer ${aliceToken}`, 'content-type': contentType }, body });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(webexError('The request body is not valid multipart/form-data.'));
    expect((await alice.get('/people/me')).status).toBe(200);
  });

  it('refuses multipart on an operation that takes only JSON, with 415', async () => {
    const answer = await postMultipart(`${sut.baseUrl}/rooms`, aliceToken, { title: 'x' });
    expect(answer.status).toBe(415);
  });

  it('keeps files on disk, not in memory, and deletes them with their message, their room, on reset and on close', async () => {
    const other = await startEmulator({ port: 0 });
    const token = other.createPerson({ email: 'erin@example.com' }).accessToken;
    const api = client(other, token);
    const post = async (room: string) => (await postMultipart(`${other.baseUrl}/messages`, token, { roomId: room }, [pdf(100)])).body.files[0] as string;
    const pathOf = (url: string) => other.emulator.store.contents.get(url.split('/').pop() as string)?.path as string;
    const gone = (await api.post('/rooms', { title: 'gone' })).body.id;
    const byRoom = pathOf(await post(gone));
    expect(existsSync(byRoom)).toBe(true);
    await api.del(`/rooms/${gone}`);
    expect(existsSync(byRoom)).toBe(false);
    const kept = (await api.post('/rooms', { title: 'kept' })).body.id;
    const url = await post(kept);
    const byMessage = pathOf(url);
    const message = (await api.get(`/messages?roomId=${kept}`)).body.items[0];
    await api.del(`/messages/${message.id}`);
    expect(existsSync(byMessage)).toBe(false);
    expect((await call(url, { token })).status).toBe(404);
    const byReset = pathOf(await post((await api.post('/rooms', { title: 'r' })).body.id));
    other.reset();
    expect(existsSync(byReset)).toBe(false);
    const token2 = other.createPerson({ email: 'erin@example.com' }).accessToken;
    const room2 = (await client(other, token2).post('/rooms', { title: 'r2' })).body.id;
    const byClose = (await postMultipart(`${other.baseUrl}/messages`, token2, { roomId: room2 }, [pdf(100)])).body.files[0] as string;
    const closePath = pathOf(byClose);
    expect(existsSync(closePath)).toBe(true);
    await other.close();
    expect(existsSync(closePath)).toBe(false);
  });

  it('an emulator without an allow-list refuses every remote file URL', async () => {
    const plain = await startEmulator({ port: 0 });
    try {
      const token = plain.createPerson({ email: 'dan@example.com' }).accessToken;
      const room = (await client(plain, token).post('/rooms', { title: 'r' })).body.id;
      const answer = await client(plain, token).post('/messages', { roomId: room, files: [`${remoteOrigin}/public/report.csv`] });
      expect(answer.status).toBe(400);
    } finally {
      await plain.close();
    }
  });
});
