import type { HttpAdapterHost } from '@nestjs/core';
import { loadConfig } from './hub-config';
import { listenUrl, PublicUrl } from './public-url';

describe('PublicUrl', () => {
  const listening = (port: number | null) => ({ httpAdapter: { getHttpServer: () => ({ address: () => (port === null ? null : { port, address: '0.0.0.0', family: 'IPv4' }) }) } }) as unknown as HttpAdapterHost;

  it('is HUB_PUBLIC_URL, without a trailing slash, when it is set', () => {
    const sut = new PublicUrl(loadConfig({ HUB_PUBLIC_URL: 'https://hub.example.com/', PORT: '8080' }), listening(8080));
    expect(sut.value).toBe('https://hub.example.com');
  });

  it('follows PORT when HUB_PUBLIC_URL is unset, reaching a wildcard HOST as localhost', () => {
    expect(new PublicUrl(loadConfig({ PORT: '8080' }), listening(null)).value).toBe('http://localhost:8080');
    expect(new PublicUrl(loadConfig({ PORT: '8080', HOST: '::' }), listening(null)).value).toBe('http://localhost:8080');
    expect(new PublicUrl(loadConfig({ PORT: '8080', HOST: '127.0.0.1' }), listening(null)).value).toBe('http://127.0.0.1:8080');
  });

  it('is the port the server was given once it listens (PORT=0)', () => {
    const sut = new PublicUrl(loadConfig({ PORT: '0' }), listening(43117));
    expect(sut.value).toBe('http://localhost:43117');
  });

  it('reaches a wildcard listening address as localhost, and brackets an IPv6 one', () => {
    expect(listenUrl('0.0.0.0', 3000)).toBe('http://localhost:3000');
    expect(listenUrl('::', 3000)).toBe('http://localhost:3000');
    expect(listenUrl('::1', 3000)).toBe('http://[::1]:3000');
    expect(listenUrl('127.0.0.1', 8080)).toBe('http://127.0.0.1:8080');
  });
});
