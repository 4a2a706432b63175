import { get } from 'node:http';
import { OutboundRequests } from './outbound-requests';

describe('OutboundRequests, the guard of the client tests', () => {
  it('records a request to another host even when the host never resolves', async () => {
    const outbound = new OutboundRequests().start();
    const url = 'http://u2c.example.invalid/u2c/api/v1/limited/catalog?format=hostmap';
    await new Promise((resolve) => get(url).on('error', resolve));
    outbound.stop();
    expect(outbound.elsewhere('http://127.0.0.1:4010')).toEqual([`GET ${url}`]);
    expect(outbound.elsewhere('http://u2c.example.invalid')).toEqual([]);
  });
});
