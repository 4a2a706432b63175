import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';

const keyA = { id: 'a', key: randomBytes(32) };
const keyB = { id: 'b', key: randomBytes(32) };

describe('SecretBox', () => {
  it('round-trips a value and never stores it in clear', () => {
    const sut = new SecretBox([keyA]);
    const sealed = sut.seal('refresh-token-value');
    expect(sealed).not.toContain('refresh-token-value');
    expect(sut.open(sealed)).toBe('refresh-token-value');
  });

  it('uses a fresh IV for every value', () => {
    const sut = new SecretBox([keyA]);
    expect(sut.seal('same')).not.toBe(sut.seal('same'));
  });

  it('rejects a tampered value', () => {
    const sut = new SecretBox([keyA]);
    const parts = sut.seal('secret').split(':');
    parts[4] = Buffer.from('tampered').toString('base64');
    expect(() => sut.open(parts.join(':'))).toThrow();
  });

  it('reads values sealed under an older key after a new key is put first, and reseals them under it', () => {
    const before = new SecretBox([keyA]);
    const sealedUnderA = before.seal('client-secret');

    const sut = new SecretBox([keyB, keyA]);
    expect(sut.open(sealedUnderA)).toBe('client-secret');
    const resealed = sut.reseal(sealedUnderA);
    expect(sut.keyIdOf(resealed)).toBe('b');
    expect(new SecretBox([keyB]).open(resealed)).toBe('client-secret');
    expect(() => new SecretBox([keyB]).open(sealedUnderA)).toThrow(/unknown key a/);
  });

  it('refuses a key of the wrong length', () => {
    expect(() => new SecretBox([{ id: 'short', key: randomBytes(16) }])).toThrow(/32 bytes/);
  });
});
