import { loadConfig } from '../config/hub-config';
import { HubMetrics } from '../metrics/hub-metrics';
import { WebexClient } from './webex.client';
import { WebexException, WebexUnreachableException } from './webex.exception';

describe('WebexClient.url', () => {
  const sut = new WebexClient(loadConfig({ WEBEX_API_URL: 'https://webex.test/v1/' }), new HubMetrics());
  afterAll(() => sut.onApplicationShutdown());

  it('puts a relative path under WEBEX_API_URL as it is when there is no query', () => {
    expect(sut.url('/rooms/Y2lz%2Fa')).toBe('https://webex.test/v1/rooms/Y2lz%2Fa');
    expect(sut.url('/rooms', {})).toBe('https://webex.test/v1/rooms');
    expect(sut.url('/rooms', { teamId: undefined })).toBe('https://webex.test/v1/rooms');
  });

  it('encodes query values and skips undefined ones', () => {
    expect(sut.url('/memberships', { personEmail: 'a+b@example.com', roomId: undefined, max: 50 })).toBe(
      'https://webex.test/v1/memberships?personEmail=a%2Bb%40example.com&max=50',
    );
  });

  it('keeps an absolute next link, replacing the parameters it is given', () => {
    const next = 'https://webex.test/v1/messages?roomId=r&max=100&cursor=abc';
    expect(sut.url(next)).toBe(next);
    expect(sut.url(next, { max: 10 })).toBe('https://webex.test/v1/messages?roomId=r&max=10&cursor=abc');
  });
});

describe('WebexClient.send', () => {
  // Port 9 on loopback: a call that went out would fail as unreachable, not as bad input.
  const sut = new WebexClient(loadConfig({ WEBEX_API_URL: 'http://127.0.0.1:9/v1' }), new HubMetrics());
  afterAll(() => sut.onApplicationShutdown());

  it('refuses with a 400, sending nothing, a call whose address an id of tens of kilobytes would overflow', async () => {
    const id = encodeURIComponent('\u200f'.repeat(70_000));

    await expect(sut.send({ method: 'GET', path: `/messages/${id}`, accessToken: 't' })).rejects.toThrow(WebexException);
    await expect(sut.send({ method: 'GET', path: '/messages', query: { roomId: 'r'.repeat(9000) }, accessToken: 't' })).rejects.toThrow('more than 8192');
    await expect(sut.send({ method: 'GET', path: '/messages/short', accessToken: 't' })).rejects.toThrow(WebexUnreachableException);
  });
});
