import { ConnectSessionEvents } from '../../src/connect/connect-session-events';
import { eventsConfiguration, Receiver, signaturesVerify, startReceiver } from '../events/relay-support';
import { API, startHub, TestHub } from '../support/hub';

/**
 * A session for a new instance that ends without one (declined, expired) still tells the
 * application when its configuration turns events on: the outcome arrives at the callback, signed,
 * retried when the callback fails, once delivered never again. On PGlite and on PostgreSQL.
 */
describe('connect session events without an instance', () => {
  let hub: TestHub;
  let receiver: Receiver;
  let events: ConnectSessionEvents;

  beforeAll(async () => {
    hub = await startHub({ env: { HUB_EVENT_RETRY_SCHEDULE: '10ms,10ms' } });
    receiver = await startReceiver();
    events = hub.app.get(ConnectSessionEvents);
  });
  afterAll(async () => {
    await receiver?.close();
    await hub?.close();
  });
  beforeEach(() => {
    receiver.received.length = 0;
    receiver.answers.length = 0;
  });

  const create = async (configuration: Record<string, string> = eventsConfiguration(receiver.url)) => {
    const { clientId, clientSecret } = hub.emulator.options;
    const body = { element: { key: 'ciscospark' }, configuration: { 'oauth.api.key': clientId, 'oauth.api.secret': clientSecret, ...configuration }, returnUrl: 'https://app.example.com/back' };
    return (await hub.http().post(`${API}/connect-sessions`).set('Authorization', hub.auth).send(body).expect(200)).body as { id: string; url: string };
  };
  const status = async (id: string) => (await hub.http().get(`${API}/connect-sessions/${id}`).set('Authorization', hub.auth).expect(200)).body;
  const eventRow = async (id: string) => (await hub.dataSource().query(`SELECT event_status, event_attempts, event_error FROM connect_sessions WHERE id = $1`, [id]))[0];
  const expire = (id: string) => hub.dataSource().query(`UPDATE connect_sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [id]);
  const forSession = (id: string) => receiver.received.filter((r) => r.json.message.raw.connectSessionId === id);

  it('deletes the ended sessions whose link expired more than HUB_CONNECT_SESSION_RETENTION ago, once no outcome is pending, and keeps the rest', async () => {
    const ended = async (status: string, eventStatus: string | null, daysAgo: number) => {
      const { id } = await create();
      await hub.dataSource().query(`UPDATE connect_sessions SET status = $2, event_status = $3, expires_at = now() - $4 * interval '1 day' WHERE id = $1`, [id, status, eventStatus, daysAgo]);
      return id;
    };
    const gone = [await ended('EXPIRED', 'NOTIFIED', 31), await ended('DECLINED', 'FAILED', 31), await ended('CONNECTED', null, 45)];
    const kept = [await ended('EXPIRED', 'PENDING', 31), await ended('CONNECTED', null, 29), await ended('PENDING', null, 31)];

    expect(await events.purgeEnded()).toBe(3);

    const left = (await hub.dataSource().query(`SELECT id FROM connect_sessions WHERE id = ANY($1::uuid[])`, [[...gone, ...kept]])) as Array<{ id: string }>;
    expect(left.map((row) => row.id).sort()).toEqual([...kept].sort());
    await hub.http().get(`${API}/connect-sessions/${gone[0]}`).set('Authorization', hub.auth).expect(404);
    expect(await events.purgeEnded()).toBe(0);
  });

  it('a link nobody opened in time is ended EXPIRED and its outcome posted once, signed, with no instance', async () => {
    const session = await create();
    await expire(session.id);

    await events.tick();
    await events.tick();

    const [received, ...more] = forSession(session.id);
    expect(more).toEqual([]);
    expect(received.json.message).toMatchObject({
      eventId: session.id,
      instanceId: null,
      elementKey: 'ciscospark',
      events: [{ objectType: 'connectSession', objectId: session.id, eventType: 'CREATED', elementKey: 'ciscospark' }],
      raw: { type: 'connect.session.expired', connectSessionId: session.id, instanceId: null, status: 'EXPIRED', reason: expect.stringMatching(/expired/), reauthorize: false },
    });
    expect(signaturesVerify(received)).toEqual({ elements: true, standard: true });
    expect(await status(session.id)).toMatchObject({ status: 'EXPIRED' });
    expect(await eventRow(session.id)).toEqual({ event_status: 'NOTIFIED', event_attempts: 1, event_error: null });
  });

  it('a decline at Webex arrives as connect.session.declined, retried while the callback fails', async () => {
    const session = await create();
    const page = await hub.http().get(new URL(session.url).pathname + new URL(session.url).search).expect(200);
    const cookie = /hub_connect=[^;]+/.exec(String(page.headers['set-cookie']))![0];
    const token = new URL(session.url).searchParams.get('token')!;
    const started = await hub.http().post(`${API}/connect`).set('cookie', cookie).type('form').send({ token }).expect(303);
    const state = new URL(started.headers.location).searchParams.get('state')!;
    await hub.http().get(`${API}/connect/oauth/callback`).query({ state, error: 'access_denied' }).set('cookie', cookie).expect(200);
    expect(await status(session.id)).toMatchObject({ status: 'DECLINED' });
    receiver.answers.push({ status: 503 });

    await events.tick();
    expect(await eventRow(session.id)).toEqual({ event_status: 'PENDING', event_attempts: 1, event_error: 'Callback answered HTTP 503' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await events.tick();

    const deliveries = forSession(session.id);
    expect(deliveries.map((r) => r.json.message.raw.type)).toEqual(['connect.session.declined', 'connect.session.declined']);
    // The same bytes each time, so a receiver may dedupe on them.
    expect(deliveries[1].body).toBe(deliveries[0].body);
    expect(await eventRow(session.id)).toEqual({ event_status: 'NOTIFIED', event_attempts: 2, event_error: null });
  });

  it('gives up after the retry schedule, and queues nothing when events are off', async () => {
    const failing = await create();
    const quiet = await create({});
    await expire(failing.id);
    await expire(quiet.id);
    receiver.fallback = { status: 500 };
    try {
      for (let i = 0; i < 3; i++) {
        await events.tick();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      receiver.fallback = {};
    }
    expect(forSession(failing.id)).toHaveLength(3);
    expect(await eventRow(failing.id)).toEqual({ event_status: 'FAILED', event_attempts: 3, event_error: 'Callback answered HTTP 500' });
    expect(await status(quiet.id)).toMatchObject({ status: 'EXPIRED' });
    expect(await eventRow(quiet.id)).toEqual({ event_status: null, event_attempts: 0, event_error: null });
    expect(forSession(quiet.id)).toEqual([]);
  });
});
