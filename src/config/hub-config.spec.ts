import { API_PREFIX, apiPath, loadConfig } from './hub-config';

describe('HubConfig URLs', () => {
  it('keeps base URLs without a trailing slash, once, for every reader', () => {
    const sut = loadConfig({ WEBEX_API_URL: 'http://webex.test/v1//', HUB_PUBLIC_URL: 'https://hub.example.com/' });
    expect(sut.WEBEX_API_URL).toBe('http://webex.test/v1');
    expect(sut.HUB_PUBLIC_URL).toBe('https://hub.example.com');
  });

  it('reads a blank HUB_PUBLIC_URL as unset and leaves the default Webex URL as it is', () => {
    const sut = loadConfig({ HUB_PUBLIC_URL: '' });
    expect(sut.HUB_PUBLIC_URL).toBeUndefined();
    expect(sut.WEBEX_API_URL).toBe('https://webexapis.com/v1');
  });

  it('puts API paths under the one prefix', () => {
    expect(API_PREFIX).toBe('elements/api-v2');
    expect(apiPath('console')).toBe('/elements/api-v2/console');
  });
});
