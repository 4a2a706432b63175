import { integrationOf } from './default-integration';

describe('integrationOf', () => {
  const config = { HUB_CONSOLE_CLIENT_ID: 'default-id', HUB_CONSOLE_CLIENT_SECRET: 'default-secret' };

  it('takes the integration given, else the default, blanks counting as not given', () => {
    expect(integrationOf(config, { clientId: 'mine', clientSecret: 'my-secret' })).toEqual({ clientId: 'mine', clientSecret: 'my-secret' });
    expect(integrationOf(config, {})).toEqual({ clientId: 'default-id', clientSecret: 'default-secret' });
    expect(integrationOf(config, { clientId: '', clientSecret: '' })).toEqual({ clientId: 'default-id', clientSecret: 'default-secret' });
  });

  it('never pairs the default secret with another client id, and is undefined without a complete integration', () => {
    expect(integrationOf(config, { clientId: 'mine' })).toBeUndefined();
    expect(integrationOf(config, { clientId: 'default-id' })).toEqual({ clientId: 'default-id', clientSecret: 'default-secret' });
    expect(integrationOf({}, {})).toBeUndefined();
    expect(integrationOf({ HUB_CONSOLE_CLIENT_ID: 'default-id' }, {})).toBeUndefined();
  });
});
