import { API, startHub, TestHub } from '../support/hub';
import { connectInstance, withElement } from '../support/recipe';

/**
 * The error body's `code`, one representative error of each feature, through HTTP: the Cloud
 * Elements fields (requestId, message, and providerMessage/trackingId from Webex) stay beside it.
 */
describe('error body: the code of each feature', () => {
  let hub: TestHub;
  let instance: { id: number; token: string };

  beforeAll(async () => {
    hub = await startHub();
    instance = await connectInstance(hub);
  });
  afterEach(() => hub.emulator.clearFaults());
  afterAll(() => hub.close());

  const expectBody = (res: { body: Record<string, unknown>; headers: Record<string, string> }, code: string, message: RegExp) => {
    expect(res.body).toMatchObject({ requestId: res.headers['elements-request-id'], code, message: expect.stringMatching(message) });
  };

  it('common: a malformed id is INVALID_ID, a body that is not JSON INVALID_JSON, an unknown id NOT_FOUND', async () => {
    expectBody(await hub.http().get(`${API}/instances/abc`).set("Authorization", hub.auth).expect(400), "INVALID_ID", /^Invalid id .*: expected a positive integer$/);
    const notJson = await hub.http().post(`${API}/users`).set('Authorization', hub.auth).set('Content-Type', 'application/json').send('{"email":').expect(400);
    expectBody(notJson, 'INVALID_JSON', /not valid JSON/);
    expectBody(await hub.http().get(`${API}/users/424242`).set('Authorization', hub.auth).expect(404), 'NOT_FOUND', /^User 424242 not found$/);
  });

  it('common: a body that fails validation is VALIDATION_FAILED', async () => {
    expectBody(await hub.http().post(`${API}/users`).set('Authorization', hub.auth).send({ email: 'not an email' }).expect(400), 'VALIDATION_FAILED', /email/);
  });

  it('auth: missing or wrong credentials are INVALID_CREDENTIALS, whichever it was', async () => {
    expectBody(await hub.http().get(`${API}/instances`).expect(401), 'INVALID_CREDENTIALS', /Invalid or missing credentials/);
    expectBody(await hub.http().get(`${API}/instances`).set('Authorization', 'User x, Organization y').expect(401), 'INVALID_CREDENTIALS', /Invalid or missing credentials/);
  });

  it('hubs: a hub call without the Element token is ELEMENT_TOKEN_REQUIRED, an unoffered verb METHOD_NOT_ALLOWED', async () => {
    expectBody(await hub.http().get(`${API}/hubs/collaboration/channels`).set('Authorization', hub.auth).expect(401), 'ELEMENT_TOKEN_REQUIRED', /instance token/);
    const res = await hub.http().patch(`${API}/hubs/collaboration/channels`).set('Authorization', withElement(hub, instance.token)).send({}).expect(405);
    expectBody(res, 'METHOD_NOT_ALLOWED', /PATCH is not offered/);
    expect(res.headers.allow).toMatch(/GET/);
  });

  it('webex: an error from Webex is WEBEX_ERROR with its providerMessage and trackingId', async () => {
    hub.emulator.injectFault({ method: 'GET', path: '/rooms', status: 500, count: 1 });
    const res = await hub.http().get(`${API}/hubs/collaboration/channels`).set('Authorization', withElement(hub, instance.token)).expect(500);
    expectBody(res, 'WEBEX_ERROR', /Webex answered 500/);
    expect(res.body).toMatchObject({ providerMessage: expect.any(String), trackingId: expect.any(String) });
  });

  it('events: a nextPage of the event log that is not a page token is INVALID_NEXT_PAGE', async () => {
    const res = await hub.http().get(`${API}/instances/${instance.id}/events`).query({ nextPage: 'garbage' }).set('Authorization', hub.auth).expect(400);
    expectBody(res, 'INVALID_NEXT_PAGE', /not a page token/);
  });

  it('events: an event settings change naming a callback the hub may not reach is CALLBACK_REFUSED', async () => {
    const res = await hub
      .http()
      .patch(`${API}/instances/${instance.id}`)
      .set('Authorization', hub.auth)
      .send({ configuration: { 'event.notification.enabled': 'true', 'event.vendor.type': 'webhook', 'event.notification.callback.url': 'ftp://receiver.example/hook', 'event.notification.signature.key': 'k', 'event.objects': 'messages' } })
      .expect(400);
    expectBody(res, 'CALLBACK_REFUSED', /callback.url must be an http or https URL/);
  });

  it('an unknown route is NOT_FOUND, as Nest words it', async () => {
    expectBody(await hub.http().get(`${API}/no-such-route`).set('Authorization', hub.auth).expect(404), 'NOT_FOUND', /no-such-route/);
  });
});
