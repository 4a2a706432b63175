import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { ConsoleAdmin } from '../../src/console/console-admin.entity';
import { ConsoleSession } from '../../src/console/console-session.entity';
import { resetConsolePassword } from '../../src/operator/operator-credentials';
import { startHub, TestHub } from '../support/hub';
import { freePort } from '../support/hub-process';

const LOGIN = '/elements/api-v2/console/login';
const SUPER = { username: 'root', password: 'console-test-password' };

// The module object the hub's code calls through, so every argon2 verification is seen.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const argon2: typeof import('argon2') = require('argon2');

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
  ms: number;
}

/** A hub listening on a free port (logins go over HTTP, from addresses given by X-Forwarded-For, which the hub trusts from loopback by default). */
async function listeningHub(env: Record<string, string>): Promise<{ hub: TestHub; origin: string }> {
  const hub = await startHub({ env: { HUB_CONSOLE_ADMIN: SUPER.username, HUB_CONSOLE_PASSWORD: SUPER.password, ...env } });
  const port = await freePort();
  await hub.app.listen(port, '127.0.0.1');
  return { hub, origin: `http://127.0.0.1:${port}` };
}

/** One login form posted from `address`, with a login CSRF cookie and the matching form field. */
async function login(origin: string, address: string, username: string, password: string, csrf = randomBytes(32).toString('base64url')): Promise<Answer> {
  const started = performance.now();
  const response = await request(origin)
    .post(LOGIN)
    .set('x-forwarded-for', address)
    .set('cookie', `hub_console_login=${csrf}`)
    .type('form')
    .send({ _csrf: csrf, username, password })
    .redirects(0);
  const ms = performance.now() - started;
  return { status: response.status, headers: response.headers as Record<string, string>, body: response.text, ms };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

describe('Console logins: counted before the password, slowed down per address, one answer for every refusal', () => {
  let hub: TestHub;
  let origin: string;
  let rootHash: string;
  let verify: jest.SpiedFunction<typeof argon2.verify>;
  /** Verifications against the super admin's real hash: the passwords actually checked. */
  const checked = () => verify.mock.calls.filter(([hash]) => hash === rootHash).length;

  beforeAll(async () => {
    ({ hub, origin } = await listeningHub({ HUB_CONSOLE_LOGINS_PER_MINUTE: '1000000' }));
    rootHash = (await hub.dataSource().getRepository(ConsoleAdmin).findOneByOrFail({ username: SUPER.username })).passwordHash;
  });

  beforeEach(() => {
    verify = jest.spyOn(argon2, 'verify');
  });

  afterEach(() => verify.mockRestore());

  afterAll(async () => {
    await hub?.close();
  });

  it('checks at most 5 of 60 wrong passwords sent in parallel, and then refuses the right one from that address', async () => {
    const attacker = '203.0.113.7';
    const wrong = Array.from({ length: 60 }, (_, i) => login(origin, attacker, SUPER.username, `wrong-password-${i}`));
    // The right password goes out while the wrong ones are still in flight, once the first have been let through.
    const deadline = Date.now() + 10_000;
    while (checked() < 5 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    const right = login(origin, attacker, SUPER.username, SUPER.password);
    const answers = await Promise.all([...wrong, right]);

    expect(checked()).toBeLessThanOrEqual(5);
    expect(answers.map((a) => a.status)).toEqual(Array(61).fill(401));
    expect((await right).body).toContain('Wrong username or password.');
    expect(await hub.dataSource().getRepository(ConsoleSession).count()).toBe(0);

    // Still refused afterwards, the right password included, with no password checked.
    const before = checked();
    expect((await login(origin, attacker, SUPER.username, SUPER.password)).status).toBe(401);
    expect(checked()).toBe(before);
  });

  it('lets the owner log in from another address while the attacker is slowed down', async () => {
    const attacker = '203.0.113.8';
    for (let i = 0; i < 8; i++) await login(origin, attacker, SUPER.username, `wrong-password-${i}`);
    expect((await login(origin, attacker, SUPER.username, SUPER.password)).status).toBe(401);

    const owner = await login(origin, '198.51.100.20', SUPER.username, SUPER.password);
    expect(owner.status).toBe(303);
    expect(owner.headers.location).toBe('/elements/api-v2/console/instances');
    expect(String(owner.headers['set-cookie'])).toMatch(/hub_console=[A-Za-z0-9_-]{20,}/);
  });

  it('lifts a username\'s slow-downs when its password is reset', async () => {
    const forgetful = '203.0.113.10';
    for (let i = 0; i < 5; i++) await login(origin, forgetful, SUPER.username, `wrong-password-${i}`);
    expect((await login(origin, forgetful, SUPER.username, SUPER.password)).status).toBe(401);
    const manager = hub.dataSource().manager;
    const root = await manager.findOneByOrFail(ConsoleAdmin, { username: SUPER.username });
    await resetConsolePassword(manager, root, 'a-new-console-password');
    try {
      expect((await login(origin, forgetful, SUPER.username, 'a-new-console-password')).status).toBe(303);
    } finally {
      await resetConsolePassword(manager, root, SUPER.password);
      rootHash = (await manager.findOneByOrFail(ConsoleAdmin, { username: SUPER.username })).passwordHash;
    }
  });

  it('answers an unknown username, a wrong password and a slowed-down requester alike, in the same time', async () => {
    const csrf = randomBytes(32).toString('base64url');
    const slowed = '203.0.113.9';
    for (let i = 0; i < 5; i++) await login(origin, slowed, SUPER.username, `wrong-password-${i}`, csrf);
    // 'nope' has as many characters as 'root': the page shows the username typed, and its length is in content-length.
    const samples = { unknown: [] as Answer[], wrong: [] as Answer[], slowed: [] as Answer[] };
    for (let i = 0; i < 20; i++) {
      // Fresh addresses, so that only the slowed-down requester is slowed down.
      samples.unknown.push(await login(origin, `192.0.2.${i + 1}`, 'nope', `wrong-password-${i}`, csrf));
      samples.wrong.push(await login(origin, `192.0.2.${i + 101}`, SUPER.username, `wrong-password-${i}`, csrf));
      samples.slowed.push(await login(origin, slowed, SUPER.username, SUPER.password, csrf));
    }
    const comparable = (answer: Answer) => ({
      status: answer.status,
      headers: Object.fromEntries(Object.entries(answer.headers).filter(([name]) => name !== 'elements-request-id' && name !== 'date')),
      body: answer.body.replace(/value="(root|nope)"/, 'value="(username)"'),
    });
    const expected = comparable(samples.wrong[0]);
    expect(expected.status).toBe(401);
    expect(expected.body).toContain('Wrong username or password.');
    for (const answer of [...samples.unknown, ...samples.wrong, ...samples.slowed]) expect(comparable(answer)).toEqual(expected);

    const medians = Object.fromEntries(Object.entries(samples).map(([kind, answers]) => [kind, median(answers.map((a) => a.ms))]));
    const fastest = Math.min(...Object.values(medians));
    const slowest = Math.max(...Object.values(medians));
    // All three do one argon2 verification (tens of ms); a refusal that skipped it would be several times faster.
    expect({ withinThreefold: slowest / fastest < 3, medians }).toEqual({ withinThreefold: true, medians });
  });
});

describe('Console logins: a rate limit per client address', () => {
  let hub: TestHub;
  let origin: string;

  beforeAll(async () => {
    ({ hub, origin } = await listeningHub({ HUB_CONSOLE_LOGINS_PER_MINUTE: '3' }));
  });

  afterAll(async () => {
    await hub?.close();
  });

  it('answers 429 with the console error page once an address has used its logins, without hashing its passwords', async () => {
    const flooder = '203.0.113.50';
    for (let i = 0; i < 3; i++) expect((await login(origin, flooder, SUPER.username, `wrong-password-${i}`)).status).toBe(401);
    const verify = jest.spyOn(argon2, 'verify');
    try {
      const flood = await Promise.all(Array.from({ length: 20 }, (_, i) => login(origin, flooder, SUPER.username, `flood-${i}`)));
      expect(verify).not.toHaveBeenCalled();
      for (const answer of flood) {
        expect(answer.status).toBe(429);
        expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
        expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        expect(answer.body).toContain('Too many logins from your address');
      }
      // Another address still gets its logins.
      expect((await login(origin, '198.51.100.60', SUPER.username, SUPER.password)).status).toBe(303);
    } finally {
      verify.mockRestore();
    }
  });
});

describe('Console logins from a peer the hub does not trust as a proxy', () => {
  let hub: TestHub;
  let origin: string;

  beforeAll(async () => {
    ({ hub, origin } = await listeningHub({ HUB_TRUST_PROXY: 'false', HUB_CONSOLE_LOGINS_PER_MINUTE: '3' }));
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('keys the login limit on the socket address, so a forged X-Forwarded-For picks no fresh address', async () => {
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push((await login(origin, `203.0.113.${i + 1}`, SUPER.username, `wrong-password-${i}`)).status);
    expect(answers).toEqual([401, 401, 401, 429, 429]);
  });
});
