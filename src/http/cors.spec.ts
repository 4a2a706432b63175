import { loadConfig } from '../config/hub-config';
import { corsOrigins } from './cors';

describe('corsOrigins', () => {
  const sut = corsOrigins;

  it('reads nothing as no CORS, * as any origin', () => {
    expect(sut(undefined)).toBeUndefined();
    expect(sut(' ')).toBeUndefined();
    expect(sut('*')).toBe('*');
  });

  it('serializes each origin as a browser sends it in Origin', () => {
    expect(sut('https://APP.Example.com:443, http://localhost:5173,https://b.example.com:8443')).toEqual(new Set(['https://app.example.com', 'http://localhost:5173', 'https://b.example.com:8443']));
  });
});

describe('HUB_CORS_ORIGINS', () => {
  it.each(['*', 'https://app.example.com', 'https://a.example.com, http://localhost:3001'])('accepts %p', (value) => {
    expect(loadConfig({ HUB_CORS_ORIGINS: value }).HUB_CORS_ORIGINS).toBe(value);
  });

  it.each(['app.example.com', 'https://app.example.com/path', 'https://a.example.com,*', 'ftp://a.example.com'])('refuses %p, naming the variable', (value) => {
    expect(() => loadConfig({ HUB_CORS_ORIGINS: value })).toThrow(/HUB_CORS_ORIGINS/);
  });
});
