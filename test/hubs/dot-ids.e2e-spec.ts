import { WebexClient, WebexRequest } from '../../src/webex/webex.client';
import { API, startHub, TestHub } from '../support/hub';
import { connectInstance, ConnectedInstance, withElement } from '../support/recipe';

/** `.` and `..` as ids would be resolved by URLs as "this path" and "the parent": refused before Webex. */
describe('hub calls: dot-segment ids', () => {
  let hub: TestHub;
  let instance: ConnectedInstance;
  let sent: WebexRequest[];

  beforeAll(async () => {
    hub = await startHub();
    instance = await connectInstance(hub);
    const webex = hub.app.get(WebexClient);
    const send = webex.send.bind(webex);
    jest.spyOn(webex, 'send').mockImplementation((req) => {
      sent.push(req);
      return send(req);
    });
  });
  beforeEach(() => {
    sent = [];
  });
  afterAll(() => hub.close());

  const call = (method: 'get' | 'put' | 'patch' | 'delete', path: string) =>
    hub.http()[method](`${API}/hubs/collaboration/${path}`).set('Authorization', withElement(hub, instance.token)).send(method === 'get' || method === 'delete' ? undefined : { title: 'x' });

  it.each([
    ['get', 'rooms/..'],
    ['get', 'rooms/.'],
    ['get', 'channels/%2e%2e'],
    ['get', 'channels/%2E'],
    ['get', 'rooms/.%2e'],
    ['put', 'rooms/%2e%2e'],
    ['patch', 'channels/..'],
    ['delete', 'people/..'],
    ['delete', 'messages/%2e'],
  ] as const)('%s %s is a 400 and Webex is never called', async (method, path) => {
    const res = await call(method, path);
    expect({ status: res.status, message: res.body.message }).toEqual({ status: 400, message: expect.stringMatching(/^Invalid id "\.\.?"/) });
    expect(sent).toEqual([]);
  });

  it('still passes ids that merely contain dots, encoded, as one segment', async () => {
    const res = await call('get', 'rooms/a..b');
    expect(res.status).toBe(404);
    expect(sent.map((r) => r.path)).toEqual(['/rooms/a..b']);
  });
});
