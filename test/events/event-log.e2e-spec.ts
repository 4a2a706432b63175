import Ajv from 'ajv';
import { API } from '../support/hub';
import { connectInstance, ConnectedInstance, withElement } from '../support/recipe';
import { asPerson, eventsConfiguration, Receiver, startReceiver, startRelayHub } from './relay-support';

/**
 * CE's stored event, as its own platform test suite (churros, platform/events/assets/
 * event.schema.json) checks `GET /instances/{id}/events`: an array of these.
 */
const CE_EVENT = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    eventDate: { type: 'string' },
    status: { enum: ['NEW', 'RECEIVED', 'DISPATCHED', 'CONSUMED', 'NOTIFIED'] },
    providerData: { type: 'string' },
    notifiedData: { type: 'array' },
  },
  required: ['id', 'eventDate', 'status', 'providerData'],
};
const ceEvents = new Ajv({ allErrors: true }).compile({ type: 'array', items: CE_EVENT });

describe("stored events in Cloud Elements' shape, by instance id and by Element token", () => {
  let receiver: Receiver;
  let hub: Awaited<ReturnType<typeof startRelayHub>>;
  let instance: ConnectedInstance;
  let message: { id: string; created: string };

  beforeAll(async () => {
    receiver = await startReceiver();
    hub = await startRelayHub();
    instance = await connectInstance(hub, { configuration: eventsConfiguration(receiver.url, { 'event.objects': 'messages' }) });
    const roomId = (await asPerson(hub, instance.personToken, 'POST', '/rooms', { title: 'Event log room' })).id;
    message = await asPerson(hub, instance.personToken, 'POST', '/messages', { roomId, text: 'for the log' });
    await hub.emulator.flushWebhooks();
    await hub.dispatcher.drain();
  });
  afterAll(async () => {
    await hub.close();
    await receiver.close();
  });

  const byId = (path = '') => hub.http().get(`${API}/instances/${instance.id}/events${path}`).set('Authorization', hub.auth);
  const byToken = (path = '', token = instance.token) => hub.http().get(`${API}/instances/events${path}`).set('Authorization', withElement(hub, token));

  it("lists events that validate against CE's event schema, with eventDate as Webex states it and providerData the text Webex posted", async () => {
    const listed = (await byId().expect(200)).body;
    expect(ceEvents(listed)).toBe(true);
    expect(ceEvents.errors ?? []).toEqual([]);
    const created = listed.find((e: { objectId: string }) => e.objectId === message.id);
    expect(created).toMatchObject({ status: 'NOTIFIED', eventDate: message.created });
    const posted = JSON.parse(created.providerData);
    expect(posted).toMatchObject({ resource: 'messages', event: 'created', data: { id: message.id } });
    expect(posted).not.toHaveProperty('secret');
    // The delivered event says the same.
    const delivery = receiver.received.find((r) => r.json.message.eventId === created.id)!;
    expect(delivery.json.message.events[0].eventDate).toBe(created.eventDate);
    expect(delivery.json.message.raw).toEqual(posted);
  });

  it("puts CE's elements-webhook-id on each delivery, the same id as webhook-id and the event's", async () => {
    const listed = (await byId().expect(200)).body;
    expect(receiver.received.length).toBeGreaterThan(0);
    for (const r of receiver.received) {
      expect(r.headers['elements-webhook-id']).toBe(r.json.message.eventId);
      expect(r.headers['webhook-id']).toBe(r.json.message.eventId);
    }
    expect(listed.map((e: { id: string }) => e.id)).toEqual(expect.arrayContaining(receiver.received.map((r) => r.json.message.eventId)));
  });

  it('answers the Element-token forms for the instance of the token, as the id forms do', async () => {
    const listed = await byId().expect(200);
    const viaToken = await byToken().expect(200);
    expect(viaToken.body).toEqual(listed.body);
    expect(viaToken.headers['elements-returned-count']).toBe(String(listed.body.length));
    const one = listed.body[0].id;
    expect((await byToken(`/${one}`).expect(200)).body).toEqual((await byId(`/${one}`).expect(200)).body);
  });

  it("keeps an Element token to its own instance's events, and refuses what names no instance", async () => {
    const other = await connectInstance(hub, { configuration: eventsConfiguration(receiver.url, { 'event.objects': 'messages' }) });
    const one = (await byId().expect(200)).body[0].id;
    expect((await byToken('', other.token).expect(200)).body).toEqual([]);
    await byToken(`/${one}`, other.token).expect(404);
    await byToken('', 'not-a-token').expect(401);
    const noToken = await hub.http().get(`${API}/instances/events`).set('Authorization', hub.auth).expect(400);
    expect(noToken.body.message).toMatch(/Element token/);
    await byToken('/not-a-uuid').expect(404);
    // The HTTP layer refuses a NUL byte anywhere in the URL before any route sees it.
    expect((await byToken('/%00').expect(400)).body).toMatchObject({ requestId: expect.any(String) });
  });
});
