import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '@webex/plugin-attachment-actions';
import '@webex/plugin-memberships';
import '@webex/plugin-messages';
import '@webex/plugin-people';
import '@webex/plugin-rooms';
import '@webex/plugin-webhooks';
import WebexCore from '@webex/webex-core';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { U2C_PATH } from '../../emulator/service-catalog';
import { OutboundRequests } from './outbound-requests';
import { SdkLog } from './sdk-log';

/**
 * The official Webex JS SDK, unchanged: its core and the plugins of the public API, as the
 * `webex` bundle assembles them, pointed at the emulator by its documented `services` config.
 * (The bundle itself also loads a calendar plugin that fetches a KMS key over a registered
 * device as soon as it is ready, which the emulator cannot serve; see the emulator's README.)
 */
function sdkFor(emulator: RunningEmulator, accessToken: string) {
  const webex = new WebexCore({
    credentials: { access_token: accessToken },
    config: {
      services: { discovery: { hydra: emulator.baseUrl, u2c: `${emulator.origin}${U2C_PATH}` } },
      logger: { level: 'trace' },
    },
  });
  return new Promise<any>((resolve) => webex.once('ready', () => resolve(webex)));
}

describe('the official webex SDK against the emulator', () => {
  const outbound = new OutboundRequests().start();
  const log = new SdkLog();
  let emulator: RunningEmulator;
  let folder: string;

  beforeAll(async () => {
    emulator = await startEmulator();
    folder = await mkdtemp(join(tmpdir(), 'webex-sdk-'));
  });
  afterAll(async () => {
    outbound.stop();
    log.restore();
    await emulator.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('people, rooms, memberships, a message with a file, webhooks and attachment actions; no token-format warning, no call but to the emulator', async () => {
    const ann = emulator.createPerson({ email: 'ann@example.com', displayName: 'Ann' });
    const bob = emulator.createPerson({ email: 'bob@example.com', displayName: 'Bob' });
    const webex = await sdkFor(emulator, ann.accessToken);

    expect(await webex.people.get('me')).toMatchObject({ id: ann.person.id, emails: ['ann@example.com'] });
    expect((await webex.people.list({ email: 'bob@example.com' })).items.map((p: { id: string }) => p.id)).toEqual([bob.person.id]);

    const room = await webex.rooms.create({ title: 'Release planning' });
    expect(await webex.rooms.get(room.id)).toMatchObject({ id: room.id, title: 'Release planning', type: 'group' });
    await webex.memberships.create({ roomId: room.id, personEmail: 'bob@example.com' });
    const members = await webex.memberships.list({ roomId: room.id });
    expect(members.items.map((m: { personId: string }) => m.personId).sort()).toEqual([ann.person.id, bob.person.id].sort());

    const bytes = Buffer.from(`minutes ${'x'.repeat(5000)}`);
    const path = join(folder, 'minutes.txt');
    await writeFile(path, bytes);
    const message = await webex.messages.create({ roomId: room.id, text: 'the minutes', files: [createReadStream(path)] });
    expect(message.files).toHaveLength(1);
    const file = await webex.request({ method: 'GET', uri: message.files[0], responseType: 'buffer' });
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="minutes.txt"/);
    expect(Buffer.compare(file.body, bytes)).toBe(0);
    expect((await webex.messages.list({ roomId: room.id })).items.map((m: { id: string }) => m.id)).toEqual([message.id]);

    const webhook = await webex.webhooks.create({ name: 'messages', targetUrl: 'http://127.0.0.1:9/hook', resource: 'messages', event: 'created' });
    expect((await webex.webhooks.list()).items.map((w: { id: string }) => w.id)).toEqual([webhook.id]);
    await webex.webhooks.remove(webhook);
    expect((await webex.webhooks.list()).items).toEqual([]);

    const card = { contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', version: '1.2', body: [] } };
    const cardMessage = await webex.messages.create({ roomId: room.id, text: 'vote', attachments: [card] });
    const bobSdk = await sdkFor(emulator, bob.accessToken);
    const action = await bobSdk.attachmentActions.create({ type: 'submit', messageId: cardMessage.id, inputs: { choice: 'yes' } });
    expect(await webex.attachmentActions.get(action.id)).toMatchObject({ messageId: cardMessage.id, personId: bob.person.id, inputs: { choice: 'yes' } });

    // The SDK read the org from the emulator's token and found its catalog there.
    const stats = emulator.stats();
    expect(stats['GET /u2c/api/v1/limited/catalog']).toBeGreaterThanOrEqual(2);
    expect(stats['GET /u2c/api/v1/catalog']).toBeGreaterThanOrEqual(2);
    expect(log.text()).not.toMatch(/not a valid format/);
    expect(log.text()).not.toMatch(/failed to init initial services/);
    expect(outbound.elsewhere(emulator.origin)).toEqual([]);
  });

  it('the log capture sees the warning that a token which does not split in three parts earns', async () => {
    const webex = await sdkFor(emulator, 'a-token-without-underscores');
    await expect(webex.people.get('me')).rejects.toMatchObject({ statusCode: 401 });
    expect(log.text()).toMatch(/the provided token is not a valid format/);
  });
});
