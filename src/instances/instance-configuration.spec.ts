import { randomBytes } from 'node:crypto';
import { InstancesException } from './instances.exception';
import { SecretBox } from '../common/secret-box';
import { ciscospark } from '../elements/ciscospark.element';
import { MASK } from '../common/secrets';
import { keepsStoredSecret, maskConfiguration, sealConfiguration, unmaskSecrets } from './instance-configuration';

describe('unmaskSecrets', () => {
  const box = new SecretBox([{ id: 'k', key: randomBytes(32) }]);
  const stored = sealConfiguration(ciscospark, { 'oauth.api.key': 'id', 'oauth.api.secret': 'client-secret', 'event.notification.signature.key': 'sig' }, box);

  it('gives back the stored value of every secret written back masked, as a read showed it', () => {
    const asRead = maskConfiguration(ciscospark, stored);

    const sut = unmaskSecrets(ciscospark, asRead, stored, box);

    expect(sut).toEqual({ 'oauth.api.key': 'id', 'oauth.api.secret': 'client-secret', 'event.notification.signature.key': 'sig' });
  });

  it('keeps a new secret and a non-secret value that happens to be the mask as they are', () => {
    expect(unmaskSecrets(ciscospark, { 'oauth.api.secret': 'new-secret', 'oauth.scope': MASK }, stored, box)).toEqual({ 'oauth.api.secret': 'new-secret', 'oauth.scope': MASK });
  });

  it('refuses the mask for a secret with nothing stored, naming the key', () => {
    expect(() => unmaskSecrets(ciscospark, { 'oauth.user.refresh_token': MASK }, stored, box)).toThrow(InstancesException);
    expect(() => keepsStoredSecret(ciscospark, 'oauth.api.secret', MASK, {})).toThrow(/oauth\.api\.secret/);
  });
});
