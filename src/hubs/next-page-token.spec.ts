import { randomBytes } from 'node:crypto';
import { HubConfig } from '../config/hub-config';
import { SecretBox } from '../common/secret-box';
import { HubMetrics } from '../metrics/hub-metrics';
import { WebexClient } from '../webex/webex.client';
import { NEXT_PAGE_TOKEN_TTL_MS, NextPageToken } from './next-page-token';

describe('NextPageToken', () => {
  const config = Object.assign(new HubConfig(), { WEBEX_API_URL: 'https://webex.test/v1' });
  const webex = new WebexClient(config, new HubMetrics());
  const box = new SecretBox([{ id: 'k1', key: randomBytes(32) }]);
  const sut = new NextPageToken(box, webex);
  const scope = { instanceId: 7, resourcePath: 'channels/R1/messages' };

  it('round-trips a Webex URL for the same instance and resource', () => {
    const token = sut.issue(scope, { url: 'https://webex.test/v1/messages?roomId=R1&cursor=abc', offset: 0 })!;
    expect(token).not.toContain('webex.test');
    expect(sut.follow(token, scope)).toEqual({ position: { url: 'https://webex.test/v1/messages?roomId=R1&cursor=abc', offset: 0 }, filters: {} });
  });

  it('round-trips a position inside a Webex page and the query it continues, which a follow-up may leave out', () => {
    const position = { url: 'https://webex.test/v1/rooms?max=100', offset: 7, lastId: 'R7', nextId: 'R8', after: { title: 'b', id: 'R7' } };
    const issued = { ...scope, where: "title LIKE '%a%'", orderBy: 'title', filters: { type: 'group' } };
    const token = sut.issue(issued, position)!;
    const resumed = { position, where: "title LIKE '%a%'", orderBy: 'title', filters: { type: 'group' } };
    expect(sut.follow(token, issued)).toEqual(resumed);
    expect(sut.follow(token, scope)).toEqual(resumed);
    expect(() => sut.follow(token, { ...scope, where: "title LIKE '%b%'" })).toThrow(/another where clause/);
    expect(() => sut.follow(token, { ...scope, orderBy: 'title desc' })).toThrow(/another orderBy/);
    expect(() => sut.follow(token, { ...scope, filters: { type: 'direct' } })).toThrow(/other filter parameters/);
  });

  it('carries a where of the longest length accepted, in a token that still fits a request line', () => {
    const where = `title = '${'x'.repeat(4086)}'`;
    expect(where.length).toBe(4096);
    const token = sut.issue({ ...scope, where }, { url: 'https://webex.test/v1/messages?cursor=a', offset: 0 })!;
    expect(token.length).toBeLessThan(8192);
    expect(sut.follow(token, scope).where).toBe(where);
    // Text outside ASCII costs the token less than it costs the request that carries the where (%XX per byte).
    const accented = `title = '${'é€'.repeat(2043)}'`;
    expect(sut.follow(sut.issue({ ...scope, where: accented }, { url: 'https://webex.test/v1/messages', offset: 0 })!, scope).where).toBe(accented);
  });

  it('never issues a token for a link outside WEBEX_API_URL', () => {
    expect(sut.issue(scope, { url: 'https://evil.test/v1/messages', offset: 0 })).toBeUndefined();
    expect(sut.issue(scope, { url: 'https://webex.test/v1.evil.test/x', offset: 0 })).toBeUndefined();
  });

  it('refuses another scope, an expired token, and a token sealed with another key', () => {
    const token = sut.issue(scope, { url: 'https://webex.test/v1/messages?cursor=a', offset: 0 }, 1_000)!;
    expect(() => sut.follow(token, { ...scope, instanceId: 8 }, 1_001)).toThrow(/another instance/);
    expect(() => sut.follow(token, { ...scope, resourcePath: 'channels/R2/messages' }, 1_001)).toThrow(/another instance/);
    expect(() => sut.follow(token, scope, 1_000 + NEXT_PAGE_TOKEN_TTL_MS + 1)).toThrow(/expired/);
    const stranger = new NextPageToken(new SecretBox([{ id: 'k1', key: randomBytes(32) }]), webex);
    expect(() => stranger.follow(token, scope, 1_001)).toThrow(/not a token this hub issued/);
  });
});
