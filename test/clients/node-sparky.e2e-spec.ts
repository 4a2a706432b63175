import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { loadNodeSparky } from './node-sparky-module';
import { OutboundRequests } from './outbound-requests';

describe('node-sparky against the emulator', () => {
  const outbound = new OutboundRequests().start();
  let emulator: RunningEmulator;
  let folder: string;

  beforeAll(async () => {
    emulator = await startEmulator();
    folder = await mkdtemp(join(tmpdir(), 'node-sparky-'));
  });
  afterAll(async () => {
    outbound.stop();
    await emulator.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('uploads a file with a message and reads it back byte for byte', async () => {
    const ann = emulator.createPerson({ email: 'ann@example.com', displayName: 'Ann' });
    // Its documented option for the API base URL (a trailing slash: it appends resource names).
    const Spark = await loadNodeSparky();
    const stream = createReadStream(__filename);
    expect(typeof stream.on).toBe('function'); // fs is intact after loading it
    stream.destroy();
    const spark = new Spark({ token: ann.accessToken, apiUrl: `${emulator.baseUrl}/` });
    const room = await spark.roomAdd('Photos');

    // Every byte value, so a text decoding anywhere on the way would show.
    const bytes = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from('tail')]);
    const path = join(folder, 'sample.bin');
    await writeFile(path, bytes);
    const file = await spark.contentCreate(path);
    const message = await spark.messageSend({ roomId: room.id, text: 'a sample' }, file);
    expect(message).toMatchObject({ roomId: room.id, text: 'a sample', files: [expect.stringMatching(`^${emulator.baseUrl}/contents/`)] });

    const back = await spark.contentGet(message.files[0]);
    expect(back.name).toBe('sample.bin');
    expect(Buffer.compare(back.binary, bytes)).toBe(0);
    expect(emulator.stats()['GET /contents/{id}']).toBe(1);
    expect(outbound.elsewhere(emulator.origin)).toEqual([]);
  });
});
