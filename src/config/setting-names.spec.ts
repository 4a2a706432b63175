import { editDistance, knownSettings, nearestName, unknownSettings } from './setting-names';

describe('editDistance', () => {
  const sut = editDistance;

  it('counts insertions, deletions, substitutions and swapped neighbours as one edit each', () => {
    expect(sut('LIMIT', 'LIMIT')).toBe(0);
    expect(sut('LIMT', 'LIMIT')).toBe(1);
    expect(sut('LIMIIT', 'LIMIT')).toBe(1);
    expect(sut('LIMOT', 'LIMIT')).toBe(1);
    expect(sut('LIMTI', 'LIMIT')).toBe(1);
    expect(sut('', 'ABC')).toBe(3);
    expect(sut('kitten', 'sitting')).toBe(3);
  });
});

describe('nearestName', () => {
  const sut = nearestName;

  it('names the closest candidate', () => {
    expect(sut('HUB_RATE_LIMT_PER_MINUTE', knownSettings())).toBe('HUB_RATE_LIMIT_PER_MINUTE');
    expect(sut('HUB_CONSOLE_PASWORD', knownSettings())).toBe('HUB_CONSOLE_PASSWORD');
    expect(sut('DATABSE_URL', knownSettings())).toBe('DATABASE_URL');
  });

  it('names none when nothing is close', () => {
    expect(sut('HUB_COLOUR_SCHEME', knownSettings())).toBeUndefined();
  });
});

describe('unknownSettings', () => {
  const sut = unknownSettings;

  it('reports variables with a setting prefix that nothing reads, with the nearest known name', () => {
    expect(
      sut({ HUB_RATE_LIMT_PER_MINUTE: '5', HUB_RATE_LIMIT_PER_MINUTE: '5', PATH: '/bin', LOG_LEVEL: 'info', EMULATOR_PROT: '4010', WEBEX_COLOUR: 'blue' }),
    ).toEqual([
      { name: 'EMULATOR_PROT', nearest: 'EMULATOR_PORT' },
      { name: 'HUB_RATE_LIMT_PER_MINUTE', nearest: 'HUB_RATE_LIMIT_PER_MINUTE' },
      { name: 'WEBEX_COLOUR', nearest: undefined },
    ]);
  });

  it('knows every hub setting, the emulator settings and the OpenAPI folder', () => {
    expect(sut({ DATABASE_URL: 'x', HUB_CONSOLE_ADMIN: 'x', EMULATOR_REDIRECT_URIS: 'x', EMULATOR_ROTATE_REFRESH_TOKENS: 'x', WEBEX_OPENAPI_DIR: 'x' })).toEqual([]);
  });
});
