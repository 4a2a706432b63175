import { startEmulator, type RunningEmulator } from './index';
import { call, client } from './spec-support';

describe('emulator personal access tokens', () => {
  let sut: RunningEmulator;

  beforeAll(async () => {
    sut = await startEmulator({ port: 0 });
  });
  afterAll(() => sut.close());

  /** Webex's clock moved on by `ms`, for the duration of `check`. */
  async function later(ms: number, check: () => Promise<void>): Promise<void> {
    const at = Date.now() + ms;
    const clock = jest.spyOn(Date, 'now').mockReturnValue(at);
    try {
      await check();
    } finally {
      clock.mockRestore();
    }
  }

  it('acts for the person with that email, lives 12 hours by default, and comes without a refresh token', async () => {
    const { person } = sut.createPerson({ email: 'dev@example.com', displayName: 'Dev' });
    const created = await call(`${sut.origin}/_emulator/personal-tokens`, { method: 'POST', json: { email: 'dev@example.com' } });
    expect(created.status).toBe(200);
    expect(Object.keys(created.body).sort()).toEqual(['accessToken', 'expiresIn']);
    expect(created.body.expiresIn).toBe(43_200);
    const dev = client(sut, created.body.accessToken);

    expect((await dev.get('/people/me')).body).toMatchObject({ id: person.id, type: 'person' });
    await later(11.9 * 3_600_000, async () => expect((await dev.get('/people/me')).status).toBe(200));
    await later(12 * 3_600_000 + 1_000, async () => expect((await dev.get('/people/me')).status).toBe(401));
  });

  it('lives expiresIn seconds when given, then gets Webex 401', async () => {
    const { accessToken } = sut.createPersonalToken({ email: 'short@example.com', expiresIn: 2 });
    const short = client(sut, accessToken);

    expect((await short.get('/people/me')).body.emails).toEqual(['short@example.com']);
    await later(2_100, async () => {
      const refused = await short.get('/people/me');
      expect(refused.status).toBe(401);
      expect(refused.body.message).toBe('The request requires a valid access token set in the Authorization request header.');
    });
  });

  it('refuses a body without an email, or a lifetime that is not a positive number, with 400', async () => {
    for (const json of [{}, { email: 'nobody' }, { email: 'x@example.com', expiresIn: 0 }, { email: 'x@example.com', expiresIn: '60' }]) {
      expect((await call(`${sut.origin}/_emulator/personal-tokens`, { method: 'POST', json })).status).toBe(400);
    }
  });
});
