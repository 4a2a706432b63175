import { routesOf } from '../../src/app.factory';
import { operationsOf } from '../robustness/support/operations';
import { API, startHub, TestHub } from '../support/hub';
import { connectInstance, ConnectedInstance, withElement } from '../support/recipe';

import type { LightMyRequestResponse } from 'fastify';

/** An answer in the hub's error body, under the request id of its header. */
function expectErrorBody(res: LightMyRequestResponse): void {
  expect(res.json()).toEqual(expect.objectContaining({ requestId: res.headers['elements-request-id'], code: expect.any(String), message: expect.any(String) }));
}

/**
 * The requests Cloud Elements' clients send, as they send them (issue 18): `Content-Type:
 * application/json` on calls with no body, and `User …, Element …` without the Organization secret.
 */
describe('request forms of Cloud Elements clients', () => {
  let hub: TestHub;
  let own: ConnectedInstance;

  beforeAll(async () => {
    hub = await startHub();
    own = await connectInstance(hub);
  }, 120_000);
  afterAll(() => hub?.close());

  const inject = (method: string, url: string, headers: Record<string, string>, payload?: string) =>
    hub.app.getHttpAdapter().getInstance().inject({ method: method as 'GET', url, headers, payload });
  /** JSON declared, not one byte sent: CE's own curl examples for DELETE and PUT. */
  const jsonNoBody = (authorization?: string) => ({ 'content-type': 'application/json', 'content-length': '0', ...(authorization && { authorization }) });

  describe('Content-Type: application/json with no body', () => {
    it('disables, enables, refreshes and deletes an instance, and deletes through a hub call', async () => {
      const instance = await connectInstance(hub);
      const room = await inject('POST', `${API}/hubs/collaboration/channels`, { authorization: withElement(hub, instance.token), 'content-type': 'application/json' }, '{"title":"forms"}');
      expect(room.statusCode).toBe(200);

      const disabled = await inject('DELETE', `${API}/instances/${instance.id}/enabled`, jsonNoBody(hub.auth));
      expect(disabled.statusCode).toBe(200);
      expect(disabled.json().disabled).toBe(true);
      const enabled = await inject('PUT', `${API}/instances/${instance.id}/enabled`, jsonNoBody(hub.auth));
      expect(enabled.statusCode).toBe(200);
      expect(enabled.json().disabled).toBe(false);
      expect((await inject('POST', `${API}/instances/${instance.id}/tokens/refresh`, jsonNoBody(hub.auth))).statusCode).toBe(200);

      const deletedRoom = await inject('DELETE', `${API}/hubs/collaboration/channels/${room.json().id}`, jsonNoBody(withElement(hub, instance.token)));
      expect(deletedRoom.statusCode).toBe(200);
      expect((await inject('GET', `${API}/hubs/collaboration/channels/${room.json().id}`, { authorization: withElement(hub, instance.token) })).statusCode).toBe(404);

      expect((await inject('DELETE', `${API}/instances/${instance.id}`, jsonNoBody(hub.auth))).statusCode).toBe(200);
      expect((await inject('GET', `${API}/instances/${instance.id}`, { authorization: hub.auth })).statusCode).toBe(404);
    });

    it('is no body to a route that needs one: the validation 400 names the missing fields', async () => {
      const res = await inject('POST', `${API}/users`, jsonNoBody(hub.auth));
      expect(res.statusCode).toBe(400);
      expectErrorBody(res);
      expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/email/) });
    });

    it('parses on every write route of the API, where malformed JSON is still a 400 with the error body', async () => {
      const document = (await inject('GET', '/docs-json', {})).json();
      // The console's form posts answer a browser with pages of their own, not the API's error body.
      const writes = operationsOf(document, routesOf(hub.app)).filter((op) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(op.method) && !op.path.startsWith(`${API}/console/`));
      const codeOf = (res: LightMyRequestResponse) => (String(res.headers['content-type']).includes('json') ? (res.json() as { code?: string }).code : undefined);
      // No credentials: the body is parsed before any guard runs, so nothing is changed, and a
      // parse error would answer before the 401 (or a public route's own refusal).
      const wrong: string[] = [];
      for (const op of writes) {
        const url = op.path.replace(/\{\*\}/, 'channels/x').replace(/\{[^}]+\}/g, (m) => (m === '{hub}' ? 'collaboration' : m === '{keyOrId}' || m === '{element}' ? 'ciscospark' : '1'));
        const empty = await inject(op.method, url, jsonNoBody());
        const malformed = await inject(op.method, url, { 'content-type': 'application/json' }, '{"name": ');
        if (empty.statusCode >= 500 || (empty.statusCode === 400 && codeOf(empty) === 'INVALID_JSON')) wrong.push(`${op.method} ${op.path}: empty → ${empty.statusCode} ${empty.body.slice(0, 120)}`);
        if (malformed.statusCode !== 400 || codeOf(malformed) !== 'INVALID_JSON') wrong.push(`${op.method} ${op.path}: malformed → ${malformed.statusCode} ${malformed.body.slice(0, 120)}`);
        else expectErrorBody(malformed);
      }
      expect(writes.length).toBeGreaterThan(20);
      expect(wrong).toEqual([]);
    });
  });

  describe('Authorization: User <secret>, Element <token>', () => {
    it('makes hub calls as the user who owns the instance', async () => {
      const res = await inject('GET', `${API}/hubs/collaboration/channels`, { authorization: `User ${hub.userSecret}, Element ${own.token}` });
      expect(res.statusCode).toBe(200);
      expect(Array.isArray(res.json())).toBe(true);
      const reversed = await inject('GET', `${API}/hubs/collaboration/accounts`, { authorization: `Element ${own.token}, User ${hub.userSecret}` });
      expect(reversed.statusCode).toBe(200);
      expect(reversed.json().emails).toEqual([own.email]);
    });

    it("refuses, with the one 401, a wrong secret, a wrong token, another user's instance and a deleted instance's token", async () => {
      const created = await inject('POST', `${API}/users`, { authorization: hub.auth, 'content-type': 'application/json' }, '{"email":"member@example.com"}');
      const member = created.json() as { secret: string };
      const memberInstance = await connectInstance(hub, { auth: `User ${member.secret}, Organization ${hub.organizationSecret}` });
      const gone = await connectInstance(hub);
      expect((await inject('DELETE', `${API}/instances/${gone.id}`, { authorization: hub.auth })).statusCode).toBe(200);

      // The member's own pair works; the admin's secret does not reach the member's instance this way.
      expect((await inject('GET', `${API}/hubs/collaboration/channels`, { authorization: `User ${member.secret}, Element ${memberInstance.token}` })).statusCode).toBe(200);
      const callsBefore = JSON.stringify(hub.emulator.stats());
      const refused = [
        `User ${'u'.repeat(43)}, Element ${own.token}`,
        `User ${hub.userSecret}, Element ${'e'.repeat(43)}`,
        `User ${hub.userSecret}, Element ${memberInstance.token}`,
        `User ${member.secret}, Element ${own.token}`,
        `User ${hub.userSecret}, Element ${gone.token}`,
        `User ${hub.organizationSecret}, Element ${own.token}`,
        `User ${hub.userSecret}`,
      ];
      const answers = await Promise.all(refused.map((authorization) => inject('GET', `${API}/hubs/collaboration/channels`, { authorization })));
      for (const res of answers) {
        expect(res.statusCode).toBe(401);
        expect(res.json()).toMatchObject({ code: 'INVALID_CREDENTIALS' });
        expectErrorBody(res);
      }
      // No refused call reached Webex.
      expect(JSON.stringify(hub.emulator.stats())).toBe(callsBefore);
    });

    it('is not enough where no Element token is used: the platform routes need the Organization secret', async () => {
      for (const url of [`${API}/instances`, `${API}/users`, `${API}/organizations/me`, `${API}/instances/${own.id}`]) {
        const res = await inject('GET', url, { authorization: `User ${hub.userSecret}, Element ${own.token}` });
        expect(res.statusCode).toBe(401);
        expect(res.json().message).toMatch(/Organization secret/);
      }
    });
  });
});

describe('CORS', () => {
  const ALLOWED = 'https://app.example.com';
  let hub: TestHub;
  let instance: ConnectedInstance;

  beforeAll(async () => {
    // Written as a person might: a trailing space, an uppercase host, a default port.
    hub = await startHub({ env: { HUB_CORS_ORIGINS: `https://APP.example.com:443 , http://localhost:5173` } });
    instance = await connectInstance(hub);
  }, 120_000);
  afterAll(() => hub?.close());

  const inject = (method: string, url: string, headers: Record<string, string>) => hub.app.getHttpAdapter().getInstance().inject({ method: method as 'GET', url, headers });
  const preflight = (origin: string, method = 'GET') => inject('OPTIONS', `${API}/hubs/collaboration/channels`, { origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization,content-type' });

  it('answers the preflight of an allowed origin with the methods and headers the API takes', async () => {
    for (const origin of [ALLOWED, 'http://localhost:5173']) {
      const res = await preflight(origin, 'DELETE');
      expect(res.statusCode).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe(origin);
      expect(String(res.headers['access-control-allow-methods']).split(/,\s*/)).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']));
      expect(String(res.headers['access-control-allow-headers']).toLowerCase().split(/,\s*/)).toEqual(expect.arrayContaining(['authorization', 'content-type']));
      expect(res.headers.vary).toMatch(/Origin/);
    }
  });

  it('answers the preflight of any other origin, or one without Origin, as a route it does not serve', async () => {
    for (const res of [await preflight('https://evil.example.com'), await preflight('http://app.example.com'), await inject('OPTIONS', `${API}/instances`, {})]) {
      expect(res.statusCode).toBe(404);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expectErrorBody(res);
    }
  });

  it('lets an allowed page read the answer and its Elements-* headers, errors included; other origins get no CORS header', async () => {
    const auth = withElement(hub, instance.token);
    const list = await inject('GET', `${API}/hubs/collaboration/channels?pageSize=1`, { authorization: auth, origin: ALLOWED });
    expect(list.statusCode).toBe(200);
    expect(list.headers['access-control-allow-origin']).toBe(ALLOWED);
    const exposed = String(list.headers['access-control-expose-headers']).toLowerCase().split(/,\s*/);
    expect(exposed).toEqual(expect.arrayContaining(['elements-next-page-token', 'elements-returned-count', 'elements-element-instance-id', 'elements-request-id']));
    expect(list.headers['elements-returned-count']).toBeDefined();

    const refused = await inject('GET', `${API}/instances`, { origin: ALLOWED });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['access-control-allow-origin']).toBe(ALLOWED);

    const other = await inject('GET', `${API}/hubs/collaboration/channels`, { authorization: auth, origin: 'https://evil.example.com' });
    expect(other.statusCode).toBe(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    expect(other.headers['access-control-expose-headers']).toBeUndefined();
  });

  it('is off by default: no CORS header, and no preflight', async () => {
    const plain = await startHub();
    try {
      const fastify = plain.app.getHttpAdapter().getInstance();
      const options = await fastify.inject({ method: 'OPTIONS', url: `${API}/instances`, headers: { origin: ALLOWED, 'access-control-request-method': 'GET' } });
      expect(options.statusCode).toBe(404);
      const get = await fastify.inject({ method: 'GET', url: `${API}/organizations/me`, headers: { origin: ALLOWED, authorization: plain.auth } });
      expect(get.statusCode).toBe(200);
      expect(get.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await plain.close();
    }
  }, 120_000);
});
