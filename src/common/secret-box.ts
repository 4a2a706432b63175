import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FORMAT = 'v1';

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

/**
 * AES-256-GCM for every secret at rest. Each value carries the id of the key that sealed it, so
 * several keys can be configured at once: the first seals, all open, and rotation is re-sealing.
 */
export class SecretBox {
  private readonly byId: Map<string, Buffer>;

  constructor(private readonly keys: EncryptionKey[]) {
    if (keys.length === 0) throw new Error('At least one encryption key is required');
    for (const k of keys) {
      if (k.key.length !== 32) throw new Error(`Encryption key ${k.id} must be 32 bytes (base64 of 32 random bytes)`);
    }
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  get primaryKeyId(): string {
    return this.keys[0].id;
  }

  seal(plaintext: string): string {
    const { id, key } = this.keys[0];
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(id));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [FORMAT, id, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
  }

  open(sealed: string): string {
    const [format, id, iv, tag, body] = sealed.split(':');
    if (format !== FORMAT || body === undefined) throw new Error('Not a sealed value');
    const key = this.byId.get(id);
    if (!key) throw new Error(`Sealed with unknown key ${id}`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(id));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  }

  keyIdOf(sealed: string): string {
    return sealed.split(':')[1];
  }

  /** Re-seals a value under the primary key when another key sealed it. */
  reseal(sealed: string): string {
    return this.keyIdOf(sealed) === this.primaryKeyId ? sealed : this.seal(this.open(sealed));
  }
}

export function parseKeys(spec: string): EncryptionKey[] {
  return spec.split(',').map((entry) => {
    const [id, key] = entry.split(':');
    return { id, key: Buffer.from(key, 'base64') };
  });
}

/**
 * The embedded default: with no keys configured, a key file in the data directory, made on first
 * start. Returns whether it was created so the caller can say so.
 */
export function loadOrCreateKeyFile(dataDir: string): { keys: EncryptionKey[]; created: boolean; path: string } {
  const path = join(dataDir, 'encryption.key');
  if (existsSync(path)) return { keys: parseKeys(readFileSync(path, 'utf8').trim()), created: false, path };
  mkdirSync(dataDir, { recursive: true });
  const spec = `local1:${randomBytes(32).toString('base64')}`;
  writeFileSync(path, `${spec}\n`, { mode: 0o600 });
  return { keys: parseKeys(spec), created: true, path };
}
