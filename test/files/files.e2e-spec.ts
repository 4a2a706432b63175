import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Response } from 'supertest';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { API, startHub, TestHub } from '../support/hub';
import { connectInstance, withElement } from '../support/recipe';

const MB = 1024 * 1024;
/** Webex's file limit in the emulator: small enough that a file past it costs the test little. */
const WEBEX_MAX_FILE = 21 * MB;
const TEXT_LIMIT = 'The maximum message length is 7439 bytes.';

type Attachment = { name?: string; data: Buffer; filename: string; type?: string };

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * Messages with a file through the hub: streamed to Webex (the emulator), read back byte for byte
 * through the hub's files route, and refused with Webex's message or the hub's own limit. Two hubs
 * on one emulator: `open` allows more than Webex (so Webex's own refusals come back), `strict` less.
 */
describe('files through the hub', () => {
  let emulator: RunningEmulator;
  let open: TestHub;
  let strict: TestHub;
  let openAuth: string;
  let openInstanceId: string;
  let strictAuth: string;
  let channelId: string;
  let strictChannelId: string;

  const hubUrl = (path: string) => `${API}/hubs/collaboration/${path}`;
  function send(hub: TestHub, auth: string, path: string, fields: Record<string, string>, files: Attachment[] = []) {
    let req = hub.http().post(hubUrl(path)).set('Authorization', auth);
    for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
    for (const file of files) req = req.attach(file.name ?? 'files', file.data, { filename: file.filename, contentType: file.type ?? 'application/octet-stream' });
    return req;
  }
  const listed = async (hub: TestHub, auth: string, channel: string) => (await hub.http().get(hubUrl(`channels/${channel}/messages`)).set('Authorization', auth).expect(200)).body as Array<{ id: string }>;
  const webexRefusal = (res: Response, status: number, providerMessage: string) => {
    expect({ status: res.status, code: res.body.code, providerMessage: res.body.providerMessage }).toEqual({ status, code: 'WEBEX_ERROR', providerMessage });
    expect(res.body.requestId).toBe(res.headers['elements-request-id']);
    expect(res.body.trackingId).toMatch(/^ROUTER_/);
  };
  const hubRefusal = (res: Response, status: number, code: string) => {
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(res.body.requestId).toBe(res.headers['elements-request-id']);
    expect(res.body.providerMessage).toBeUndefined();
  };

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, maxFileBytes: WEBEX_MAX_FILE });
    open = await startHub({ sharedEmulator: emulator, env: { HUB_FILE_MAX_BYTES: String(32 * MB), HUB_FILES_PER_MESSAGE: '2' } });
    strict = await startHub({ sharedEmulator: emulator, env: { HUB_FILE_MAX_BYTES: String(MB) } });
    const openInstance = await connectInstance(open, { email: 'ann@example.com' });
    openAuth = withElement(open, openInstance.token);
    openInstanceId = String(openInstance.id);
    strictAuth = withElement(strict, (await connectInstance(strict, { email: 'sam@example.com' })).token);
    channelId = (await open.http().post(hubUrl('channels')).set('Authorization', openAuth).send({ title: 'Files' }).expect(200)).body.id;
    strictChannelId = (await strict.http().post(hubUrl('channels')).set('Authorization', strictAuth).send({ title: 'Strict' }).expect(200)).body.id;
  }, 120_000);
  afterAll(async () => {
    await open?.close();
    await strict?.close();
    await emulator?.close();
  });

  it('sends a 20 MB file with a message and reads it back byte for byte through the hub', async () => {
    const data = randomBytes(20 * MB);
    const sent = await send(open, openAuth, `channels/${channelId}/messages`, { text: 'the dataset' }, [{ data, filename: 'dataset 2026.bin' }]).expect(200);
    expect(sent.body).toMatchObject({ roomId: channelId, text: 'the dataset', files: [expect.stringMatching(/\/v1\/contents\/\w+$/)] });
    const contentId = sent.body.files[0].split('/').pop();
    expect(sent.body.hubFiles).toEqual([hubUrl(`files/${contentId}`)]);
    expect(sent.headers['elements-element-instance-id']).toBe(openInstanceId);

    const read = await open.http().get(sent.body.hubFiles[0]).set('Authorization', openAuth).responseType('blob').expect(200);
    expect(read.headers['content-length']).toBe(String(data.length));
    expect(read.headers['content-type']).toBe('application/octet-stream');
    expect(read.headers['content-disposition']).toMatch(/^attachment; filename="dataset 2026.bin"/);
    expect(read.headers['elements-element-instance-id']).toBe(openInstanceId);
    expect((read.body as Buffer).length).toBe(data.length);
    expect(sha256(read.body as Buffer)).toBe(sha256(data));

    // The message as any hub call reads it names the same file.
    const [latest] = await listed(open, openAuth, channelId);
    expect(latest).toMatchObject({ id: sent.body.id, files: sent.body.files });
  }, 120_000);

  it("answers HEAD with the file's headers and no body", async () => {
    const data = Buffer.from('%PDF-1.4 quarterly figures');
    const sent = await send(open, openAuth, 'messages', { roomId: channelId, markdown: '**Q3**' }, [{ data, filename: 'Q3 report.pdf', type: 'application/pdf' }]).expect(200);
    const head = await open.http().head(sent.body.hubFiles[0]).set('Authorization', openAuth).expect(200);
    expect(head.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-length': String(data.length),
      'content-disposition': `attachment; filename="Q3 report.pdf"; filename*=UTF-8''Q3%20report.pdf`,
      'x-content-type-options': 'nosniff',
    });
    expect(head.text ?? '').toBe('');
    const get = await open.http().get(sent.body.hubFiles[0]).set('Authorization', openAuth).responseType('blob').expect(200);
    expect((get.body as Buffer).equals(data)).toBe(true);
  });

  it('leaves JSON messages on the same paths to the hub call route, and forms elsewhere refused', async () => {
    const res = await open.http().post(hubUrl(`channels/${channelId}/messages`)).set('Authorization', openAuth).send({ text: 'plain JSON', roomId: 'the path wins' }).expect(200);
    expect(res.body).toMatchObject({ roomId: channelId, text: 'plain JSON' });
    expect(res.body.hubFiles).toBeUndefined();
    // Forms are parsed on the message paths only: any other hub path still refuses one.
    const form = await send(open, openAuth, 'channels', { title: 'a form' });
    expect({ status: form.status, code: form.body.code }).toEqual({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it("passes Webex's refusals on: two files, a file too large for Webex, text too long", async () => {
    const before = await listed(open, openAuth, channelId);
    const small = (filename: string) => ({ data: Buffer.alloc(10, 1), filename });
    webexRefusal(await send(open, openAuth, `channels/${channelId}/messages`, { text: 'two' }, [small('a.txt'), small('b.txt')]), 400, 'Only one file may be included with the message.');
    const tooLarge = await send(open, openAuth, `channels/${channelId}/messages`, { text: 'large' }, [{ data: Buffer.alloc(WEBEX_MAX_FILE + MB, 2), filename: 'large.bin' }]);
    webexRefusal(tooLarge, 400, 'The file exceeds the maximum file size of 21 MB.');
    webexRefusal(await send(open, openAuth, `channels/${channelId}/messages`, { text: 'x'.repeat(7440) }, [small('c.txt')]), 400, TEXT_LIMIT);
    expect(await listed(open, openAuth, channelId)).toEqual(before);
  }, 60_000);

  it("answers 413 with the hub's error body above its own limits, and Webex gets no message", async () => {
    const over = await send(strict, strictAuth, `channels/${strictChannelId}/messages`, { text: 'over' }, [{ data: Buffer.alloc(MB + 1, 3), filename: 'over.bin' }]);
    hubRefusal(over, 413, 'FILE_TOO_LARGE');
    expect(over.body.message).toContain('HUB_FILE_MAX_BYTES');
    const two = await send(strict, strictAuth, `channels/${strictChannelId}/messages`, { text: 'two' }, [{ data: Buffer.alloc(10), filename: 'a.bin' }, { data: Buffer.alloc(10), filename: 'b.bin' }]);
    hubRefusal(two, 413, 'TOO_MANY_FILES');
    // Exactly at the limit goes through.
    await send(strict, strictAuth, `channels/${strictChannelId}/messages`, { text: 'at the limit' }, [{ data: Buffer.alloc(MB, 4), filename: 'at.bin' }]).expect(200);
    expect((await listed(strict, strictAuth, strictChannelId)).map((m) => (m as { text?: string }).text)).toEqual(['at the limit']);
  });

  it('refuses a malformed form, a file under another field and unstorable text with a 400, sending nothing', async () => {
    const before = await listed(open, openAuth, channelId);
    const noBoundary = await open.http().post(hubUrl(`channels/${channelId}/messages`)).set('Authorization', openAuth).set('content-type', 'multipart/form-data').send('garbage');
    hubRefusal(noBoundary, 400, 'INVALID_MULTIPART');
    const cut = await open
      .http()
      .post(hubUrl(`channels/${channelId}/messages`))
      .set('Authorization', openAuth)
      .set('content-type', 'multipart/form-data; boundary=x')
      .send('--x\r\nContent-Disposition: form-data; name="text"\r\n\r\nhello');
    hubRefusal(cut, 400, 'INVALID_MULTIPART');
    hubRefusal(await send(open, openAuth, `channels/${channelId}/messages`, { text: 'elsewhere' }, [{ name: 'file', data: Buffer.alloc(10), filename: 'a.bin' }]), 400, 'UNEXPECTED_FILE_FIELD');
    hubRefusal(await send(open, openAuth, `channels/${channelId}/messages`, { text: 'nul \u0000 here' }, [{ data: Buffer.alloc(10), filename: 'a.bin' }]), 400, 'UNSTORABLE_TEXT');
    expect(await listed(open, openAuth, channelId)).toEqual(before);
  });

  it('streams to Webex while the caller is still sending, and sends Webex no message when the caller goes away mid-file', async () => {
    const before = await listed(open, openAuth, channelId);
    const webexPosts = () => emulator.stats()['POST /messages'] ?? 0;
    const postsBefore = webexPosts();
    const server = open.app.getHttpServer() as Server;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const boundary = 'cut-short';
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: hubUrl(`channels/${channelId}/messages`),
      headers: { authorization: openAuth, 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' },
    });
    req.on('error', () => undefined);
    req.write(`--${boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\nhalf\r\n--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="half.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`);
    req.write(Buffer.alloc(4 * MB, 5));
    // Webex is already being sent the message while the caller has not finished its body.
    for (let waited = 0; webexPosts() === postsBefore && waited < 5000; waited += 50) await sleep(50);
    expect(webexPosts()).toBe(postsBefore + 1);
    req.destroy();
    await sleep(1000);
    expect(await listed(open, openAuth, channelId)).toEqual(before);
  });

  it('reads a file again with a refreshed token when Webex rejects the one it had', async () => {
    const data = Buffer.from('after a refresh');
    const sent = await send(open, openAuth, `channels/${channelId}/messages`, { text: 'refresh' }, [{ data, filename: 'r.txt', type: 'text/plain' }]).expect(200);
    const reads = () => emulator.stats()['GET /contents/{id}'] ?? 0;
    const readsBefore = reads();
    emulator.injectFault({ method: 'GET', path: '/contents/{id}', status: 401 });
    const read = await open.http().get(sent.body.hubFiles[0]).set('Authorization', openAuth).responseType('blob').expect(200);
    expect((read.body as Buffer).equals(data)).toBe(true);
    expect(reads()).toBe(readsBefore + 2);
  });

  it("hands a streamed message's 429 back with Retry-After rather than sending it again", async () => {
    const before = await listed(open, openAuth, channelId);
    const posts = () => emulator.stats()['POST /messages'] ?? 0;
    const postsBefore = posts();
    emulator.injectFault({ method: 'POST', path: '/messages', status: 429, retryAfter: 7 });
    const res = await send(open, openAuth, `channels/${channelId}/messages`, { text: 'busy' }, [{ data: Buffer.alloc(2 * MB, 6), filename: 'busy.bin' }]);
    expect({ status: res.status, code: res.body.code, retryAfter: res.headers['retry-after'] }).toEqual({ status: 429, code: 'WEBEX_ERROR', retryAfter: '7' });
    expect(posts()).toBe(postsBefore + 1);
    expect(await listed(open, openAuth, channelId)).toEqual(before);
  });

  it("answers Webex's 404 for a file it does not have, and documents the routes", async () => {
    const missing = await open.http().get(hubUrl('files/Y2lzY29zcGFyazovL3VzL0NPTlRFTlQvbm9uZQ')).set('Authorization', openAuth);
    expect({ status: missing.status, code: missing.body.code }).toEqual({ status: 404, code: 'WEBEX_ERROR' });
    hubRefusal(await open.http().get(hubUrl('files/abc')).set('Authorization', open.auth), 401, 'ELEMENT_TOKEN_REQUIRED');
    const doc = (await open.http().get('/docs-json').expect(200)).body;
    expect(doc.paths[hubUrl('files/{contentId}')].get.summary).toBeDefined();
    expect(Object.keys(doc.paths[hubUrl('channels/{channelId}/messages')].post.requestBody.content)).toEqual(['application/json', 'multipart/form-data']);
  });
});
