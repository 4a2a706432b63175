import { maskedJson, maskSecrets } from './secret-masking';

describe('secret masking', () => {
  it('masks secret-named fields at any depth, and bearer credentials inside text', () => {
    const sut = maskSecrets({
      name: 'hook',
      secret: 's1',
      nested: [{ access_token: 't1', refresh_token: 't2', keep: 'yes' }],
      configuration: { 'oauth.api.key': 'id', 'oauth.api.secret': 's2', 'event.notification.signature.key': 's3', 'pagination.max': '50' },
      providerData: { code: 'c1' },
      headers: { Authorization: 'Bearer abc', note: 'sent Bearer abcdefghijkl0123 to Webex' },
      password: null,
    });
    expect(sut).toEqual({
      name: 'hook',
      secret: '********',
      nested: [{ access_token: '********', refresh_token: '********', keep: 'yes' }],
      configuration: { 'oauth.api.key': '********', 'oauth.api.secret': '********', 'event.notification.signature.key': '********', 'pagination.max': '50' },
      providerData: { code: '********' },
      headers: { Authorization: '********', note: 'sent Bearer ******** to Webex' },
      password: null,
    });
  });

  it('stores JSON text, parsed first when given as text, and cuts it at the limit without splitting a character', () => {
    expect(maskedJson('{"secret":"x","a":1}', 100)).toBe('{"secret":"********","a":1}');
    expect(maskedJson('not json', 100)).toBe('"not json"');
    expect(maskedJson(undefined, 100)).toBeNull();
    expect(maskedJson('', 100)).toBeNull();
    expect(maskedJson({ text: 'x'.repeat(50) }, 20)).toBe(`{"text":"xxxxxxxxxxx… [41 more characters]`);
    expect(maskedJson('"😀😀😀"', 2)).toBe('"… [7 more characters]');
  });

  it('keeps NULs and lone surrogates escaped, so the text is storable', () => {
    const sut = maskedJson({ text: 'a\u0000b\uD800c' }, 100)!;
    expect(sut).toBe('{"text":"a\\u0000b\\ud800c"}');
    expect(sut).not.toContain('\u0000');
  });
});
