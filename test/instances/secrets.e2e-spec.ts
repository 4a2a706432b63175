import { randomBytes } from 'node:crypto';
import { InstanceReseal } from '../../src/instances/instance-reseal.service';
import { Instance } from '../../src/instances/instance.entity';
import { AccessTokens } from '../../src/tokens/access-tokens';
import { createTestDatabase } from '../support/database';
import { API, startHub, TestHub } from '../support/hub';
import { connectInstance, withElement } from '../support/recipe';

/** Every Webex token the emulator ever issued: none of them may be found at rest or in logs. */
function webexTokens(hub: TestHub): string[] {
  const store = hub.emulator.emulator.store;
  return [...store.accessTokens.keys(), ...store.refreshTokens.keys()];
}

describe('secrets at rest and in logs', () => {
  let hub: TestHub;
  const instanceTokens: string[] = [];

  beforeAll(async () => {
    hub = await startHub();
    for (let i = 0; i < 3; i++) instanceTokens.push((await connectInstance(hub, { configuration: { 'event.notification.signature.key': `signature-key-${i}-${randomBytes(8).toString('hex')}` } })).token);
    // Exercise failures too: their error bodies and log lines must not carry secrets either.
    await hub.http().get(`${API}/instances`).set('Authorization', `User ${hub.userSecret}x, Organization ${hub.organizationSecret}`).expect(401);
    await hub.http().get(`${API}/elements/ciscospark/oauth/url?apiKey=k&apiSecret=${hub.emulator.options.clientSecret}&callbackUrl=https://a.example/cb`).set('Authorization', hub.auth).expect(200);
  });
  afterAll(() => hub.close());

  it('stores no plaintext Webex token, client secret, signature key, user secret or instance token', async () => {
    const dump = await hub.dump();
    const rows = await hub.dataSource().getRepository(Instance).find();
    const signatureKeys = rows.map((r) => r.configuration['event.notification.signature.key']);
    expect(signatureKeys.every((k) => k.startsWith('v1:'))).toBe(true);
    const secrets = [...webexTokens(hub), hub.emulator.options.clientSecret, hub.userSecret, hub.organizationSecret, ...instanceTokens];
    expect(secrets.length).toBeGreaterThan(8);
    for (const secret of secrets) expect(dump).not.toContain(secret);
    expect(dump).not.toContain('signature-key-');
  });

  it('writes none of them to a log line', () => {
    const logs = hub.logs.join('');
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).toContain('"requestId"');
    for (const secret of [...webexTokens(hub), hub.emulator.options.clientSecret, hub.userSecret, hub.organizationSecret, ...instanceTokens]) {
      expect(logs).not.toContain(secret);
    }
    expect(logs).not.toContain('signature-key-');
  });
});

describe('encryption key rotation', () => {
  const keyA = `a:${randomBytes(32).toString('base64')}`;
  const keyB = `b:${randomBytes(32).toString('base64')}`;
  const secrets = { organization: randomBytes(32).toString('base64url'), user: randomBytes(32).toString('base64url') };

  const sealedValues = async (hub: TestHub) => {
    const rows = await hub.app.get(AccessTokens).withTokenState(await hub.dataSource().getRepository(Instance).find());
    return rows.flatMap((r) => [r.accessToken!, r.refreshToken!, r.configuration['oauth.api.secret']]);
  };

  // Three hub starts on one database, each migrating or checking it: more than jest's default minute on a busy machine.
  it('reads data sealed under key A once key B is put first, and re-sealing moves it to B', async () => {
    const database = await createTestDatabase();
    let hub = await startHub({ database, secrets, env: { HUB_ENCRYPTION_KEYS: keyA } });
    const emulator = hub.emulator;
    const instance = await connectInstance(hub);
    expect((await sealedValues(hub)).every((v) => v.startsWith('v1:a:'))).toBe(true);
    await hub.app.close();

    hub = await startHub({ database, secrets, sharedEmulator: emulator, env: { HUB_ENCRYPTION_KEYS: `${keyB},${keyA}` } });
    const [row] = await hub.app.get(AccessTokens).withTokenState([await hub.dataSource().getRepository(Instance).findOneByOrFail({ id: instance.id })]);
    expect(await hub.app.get(AccessTokens).forCall(row)).toEqual(expect.any(String));
    await hub.app.get(InstanceReseal).resealAll();
    const values = await sealedValues(hub);
    expect(values.length).toBe(3);
    expect(values.every((v) => v.startsWith('v1:b:'))).toBe(true);
    await hub.app.close();

    // Key A can now go: everything opens under B alone.
    hub = await startHub({ database, secrets, sharedEmulator: emulator, env: { HUB_ENCRYPTION_KEYS: keyB } });
    const [again] = await hub.app.get(AccessTokens).withTokenState([await hub.dataSource().getRepository(Instance).findOneByOrFail({ id: instance.id })]);
    const token = await hub.app.get(AccessTokens).forCall(again);
    expect(emulator.emulator.store.accessTokens.has(token)).toBe(true);
    await hub.http().get(`${API}/instance`).set('Authorization', withElement(hub, instance.token)).expect(200);
    await hub.close();
    await emulator.close();
  }, 180_000);
});
