import { randomBytes } from 'node:crypto';
import { InstancesException } from './instances.exception';
import { SecretBox } from '../common/secret-box';
import { ciscospark } from '../elements/ciscospark.element';
import { MASK } from '../common/secrets';
import { configurationReader, keepsStoredSecret, maskConfiguration, sealConfiguration, unmaskSecrets } from './instance-configuration';

describe('unmaskSecrets', () => {
  const box = new SecretBox([{ id: 'k', key: randomBytes(32) }]);
  const stored = sealConfiguration(ciscospark, { 'oauth.api.key': 'id', 'oauth.api.secret': 'client-secret', 'event.notification.signature.key': 'sig' }, box);

  it('gives back the stored value of every secret written back masked, as a read showed it', () => {
    const asRead = maskConfiguration(ciscospark, stored);

    const sut = unmaskSecrets(ciscospark, asRead, stored, box);

    expect(sut).toEqual({ 'oauth.api.key': 'id', 'oauth.api.secret': 'client-secret', 'event.notification.signature.key': 'sig' });
  });

  it('masks the client id in a read, as Cloud Elements does, while it stays in clear at rest', () => {
    expect(maskConfiguration(ciscospark, stored)).toEqual({ 'oauth.api.key': MASK, 'oauth.api.secret': MASK, 'event.notification.signature.key': MASK });
    expect(stored['oauth.api.key']).toBe('id');
  });

  it('keeps a new secret and a non-secret value that happens to be the mask as they are', () => {
    expect(unmaskSecrets(ciscospark, { 'oauth.api.secret': 'new-secret', 'oauth.scope': MASK }, stored, box)).toEqual({ 'oauth.api.secret': 'new-secret', 'oauth.scope': MASK });
  });

  it('refuses the mask for a secret with nothing stored, naming the key', () => {
    expect(() => unmaskSecrets(ciscospark, { 'oauth.user.refresh_token': MASK }, stored, box)).toThrow(InstancesException);
    expect(() => keepsStoredSecret(ciscospark, 'oauth.api.secret', MASK, {})).toThrow(/oauth\.api\.secret/);
  });
});

describe('configurationReader', () => {
  const box = new SecretBox([{ id: 'k', key: randomBytes(32) }]);

  it('reads a stored instance: secrets opened, plain values as stored, a missing key as the element default', () => {
    const configuration = sealConfiguration(ciscospark, { 'event.notification.signature.key': 'sig', 'event.objects': 'messages' }, box);
    expect(configuration['event.notification.signature.key']).not.toBe('sig');

    const sut = configurationReader(ciscospark, { configuration }, box);

    expect(sut('event.notification.signature.key')).toBe('sig');
    expect(sut('event.objects')).toBe('messages');
    expect(sut('pagination.max')).toBe('100');
    expect(sut('no.such.key')).toBeUndefined();
  });

  it('reads an instance without configuration as the element defaults', () => {
    expect(configurationReader(ciscospark, { configuration: null }, box)('filter.response.nulls')).toBe('true');
  });
});
