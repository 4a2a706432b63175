import { MASK } from '../common/secrets';

/**
 * Field names whose values are secrets wherever they appear: Webex webhook secrets, tokens of
 * every kind, Authorization headers, passwords, client secrets and keys (`oauth.api.secret`,
 * `oauth.api.key`, `event.notification.signature.key`), an OAuth `code`, a console form's `_csrf`.
 */
const SECRET_NAME = /secret|passw|token|authoriz|credential|cookie|signature|csrf|private|api[._-]?key|^code$/i;
/** A bearer token inside free text (a header echoed in an error message). */
const BEARER = /\b(Bearer|User|Organization|Element)\s+[A-Za-z0-9._~+/=-]{8,}/g;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** A copy of a JSON value whose secret-named fields read `********`, at any depth. */
export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (typeof value === 'string') return value.replace(BEARER, `$1 ${MASK}`);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) out[key] = isSecretName(key) && field !== null && field !== undefined ? MASK : maskSecrets(field);
  return out;
}

/**
 * What a trace or an audit entry stores of a body: JSON text with the secrets masked, at most
 * `limit` characters (then cut, saying how much was left out). Text that is not JSON is kept as a
 * JSON string with bearer-like credentials masked. JSON.stringify escapes NULs and lone surrogates,
 * so the text is always storable.
 */
export function maskedJson(value: unknown, limit: number): string | null {
  if (value === undefined || value === '') return null;
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      parsed = value;
    }
  }
  const text = JSON.stringify(maskSecrets(parsed)) ?? null;
  if (text === null || text.length <= limit) return text;
  // Never cut a surrogate pair in two.
  const end = /[\uD800-\uDBFF]/.test(text[limit - 1]) ? limit - 1 : limit;
  return `${text.slice(0, end)}… [${text.length - end} more characters]`;
}
