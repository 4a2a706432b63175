import { startEmulator, type RunningEmulator } from './index';
import { call } from './spec-support';

describe('service catalog (U2C)', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(() => emu.close());

  it('names hydra, the /v1 at the host the client called; the full catalog needs a valid token', async () => {
    const expected = { serviceLinks: { hydra: `${emu.baseUrl}` }, hostCatalog: {}, format: 'hostmap' };
    expect((await call(`${emu.origin}/u2c/api/v1/limited/catalog?orgId=x&format=hostmap`)).body).toEqual(expected);
    expect((await call(`${emu.origin}/u2c/api/v1/catalog?format=hostmap`)).status).toBe(401);
    expect((await call(`${emu.origin}/u2c/api/v1/catalog?format=hostmap`, { token: 'nope' })).status).toBe(401);
    const { accessToken } = emu.createPerson({ email: 'ann@example.com' });
    expect((await call(`${emu.origin}/u2c/api/v1/catalog?format=hostmap`, { token: accessToken })).body).toEqual(expected);
    const local = await call(`http://localhost:${emu.port}/u2c/api/v1/limited/catalog`);
    expect(local.body.serviceLinks.hydra).toBe(`http://localhost:${emu.port}/v1`);
  });
});
