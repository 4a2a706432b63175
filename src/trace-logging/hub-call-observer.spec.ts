import { HubConfig } from '../config/hub-config';
import { WebexApiException, WebexTimeoutException } from '../webex/webex.exception';
import { HubCallObserver } from './hub-call-observer';
import { TracedCall, TraceLog } from './trace-log.service';

const WEBEX = 'https://webex.test/v1';

describe('HubCallObserver', () => {
  let recorded: Array<{ instanceId: number; call: TracedCall }>;
  let sut: HubCallObserver;
  const on = { id: 7, traceLoggingEnabled: true };
  const answer = (status: number, text: string, headers: Record<string, string> = {}) => async () => ({ status, headers, text });

  beforeEach(() => {
    recorded = [];
    const traces = { record: async (instanceId: number, call: TracedCall) => void recorded.push({ instanceId, call }) } as unknown as TraceLog;
    sut = new HubCallObserver(traces, { WEBEX_API_URL: WEBEX } as HubConfig);
  });

  it('only runs the call while the instance has trace logging off', async () => {
    const response = await sut.observe({ id: 7, traceLoggingEnabled: false }, { method: 'GET', path: '/rooms' }, answer(200, '{}'));
    expect(response.status).toBe(200);
    expect(recorded).toEqual([]);
  });

  it('records an answer: the path under the Webex URL with its query, status, trackingId and both bodies', async () => {
    await sut.observe(on, { method: 'POST', path: '/webhooks', query: { max: 5, skip: undefined }, body: { secret: 's' } }, answer(200, '{"id":"w1"}', { trackingid: 'ROUTER_1' }));
    await sut.observe(on, { method: 'GET', path: `${WEBEX}/rooms?cursor=abc` }, answer(200, '{"items":[]}'));
    expect(recorded).toEqual([
      { instanceId: 7, call: { method: 'POST', path: '/webhooks?max=5', status: 200, latencyMs: expect.any(Number), trackingId: 'ROUTER_1', requestBody: { secret: 's' }, responseBody: '{"id":"w1"}' } },
      { instanceId: 7, call: expect.objectContaining({ path: '/rooms?cursor=abc', trackingId: undefined }) },
    ]);
  });

  it('records a failure with the status and trackingId of the error, and still throws it', async () => {
    const refused = new WebexApiException(404, 'The requested resource could not be found.', 'ROUTER_2', undefined, { message: 'not found' });
    await expect(sut.observe(on, { method: 'GET', path: '/rooms/x' }, () => Promise.reject(refused))).rejects.toBe(refused);
    const timeout = new WebexTimeoutException(50);
    await expect(sut.observe(on, { method: 'GET', path: '/rooms' }, () => Promise.reject(timeout))).rejects.toBe(timeout);
    expect(recorded.map((r) => [r.call.status, r.call.trackingId, r.call.responseBody])).toEqual([
      [404, 'ROUTER_2', { message: 'not found' }],
      [504, undefined, { message: 'Webex did not answer within 50 ms' }],
    ]);
  });
});
