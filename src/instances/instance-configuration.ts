import { SecretBox } from '../common/secret-box';
import { InstancesErrorCode, InstancesException } from './instances.exception';
import { MASK } from '../common/secrets';
import { ElementDefinition } from '../elements/element.types';
import type { ConfigurationEntryView } from './instances.dto';

/** Keys the hub manages itself; a client may read them but not set them. */
const MANAGED_KEYS = ['oauth.user.refresh_interval', 'oauth.user.refresh_time'];

/** Configuration values arrive as strings, numbers or booleans; they are kept as strings, as in Cloud Elements. */
export function normalizeConfiguration(input: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(input)) {
    if (MANAGED_KEYS.includes(key) || value === null || value === undefined) continue;
    out[key] = String(value);
  }
  return out;
}

/** Whether a configuration as given (plain values) turns events on. */
export function eventsRequested(config: Record<string, string>): boolean {
  return config['event.notification.enabled'] === 'true';
}

/**
 * A stored configuration with `changes` applied: a null removes a key, a secret is sealed, a
 * secret written back masked or left out keeps the stored one, and a key the hub manages may
 * only be written back as read (a read-change-write round trip).
 */
export function mergeConfiguration(element: ElementDefinition, stored: Record<string, string>, changes: Record<string, string | number | boolean | null>, box: SecretBox): Record<string, string> {
  const next = { ...stored };
  for (const [key, value] of Object.entries(changes)) {
    if (MANAGED_KEYS.includes(key)) {
      if (value !== null && String(value) === next[key]) continue;
      throw new InstancesException(InstancesErrorCode.INSTANCE_CHANGE_REFUSED, `${key} is managed by the hub`);
    }
    if (keepsStoredSecret(element, key, value, next)) continue;
    if (value === null) delete next[key];
    else next[key] = isSecretKey(element, key) ? box.seal(String(value)) : String(value);
  }
  return next;
}

/** Every required key absent from `config`, in the element's order. */
export function missingKeys(element: ElementDefinition, config: Record<string, string>, required: string[]): string[] {
  const order = element.configuration.map((c) => c.key);
  return required.filter((key) => !config[key]?.trim()).sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

export function requireKeys(element: ElementDefinition, config: Record<string, string>, required: string[]): void {
  const missing = missingKeys(element, config, required);
  if (missing.length) throw new InstancesException(InstancesErrorCode.INVALID_CONFIGURATION, `Missing required configuration: ${missing.join(', ')}`);
}

export function isSecretKey(element: ElementDefinition, key: string): boolean {
  return element.configuration.some((c) => c.key === key && c.secret);
}

/** Cloud Elements echoes the OAuth client id as `********` too, though it is no secret: masked, not sealed. */
const MASKED_KEYS = ['oauth.api.key'];

/** Whether a read shows the key's value as `********`: a secret, or a key Cloud Elements masks. */
export function isMaskedKey(element: ElementDefinition, key: string): boolean {
  return MASKED_KEYS.includes(key) || isSecretKey(element, key);
}

/**
 * Whether `value` for `key` means "keep the stored value": `********` for a masked key is what a
 * read shows, so a client that reads, changes and writes back keeps its secrets. With nothing
 * stored to keep, the mask is refused rather than stored as the secret.
 */
export function keepsStoredSecret(element: ElementDefinition, key: string, value: unknown, stored: Record<string, string>): boolean {
  if (value !== MASK || !isMaskedKey(element, key)) return false;
  if (stored[key] === undefined) throw new InstancesException(InstancesErrorCode.INVALID_CONFIGURATION, `${key} is ${MASK}, which keeps the stored value, but none is stored: send the value itself`);
  return true;
}

/** `config` with each masked secret replaced by its stored value, in clear (see `keepsStoredSecret`). */
export function unmaskSecrets(element: ElementDefinition, config: Record<string, string>, stored: Record<string, string>, box: SecretBox): Record<string, string> {
  const out = { ...config };
  for (const key in out) if (keepsStoredSecret(element, key, out[key], stored)) out[key] = isSecretKey(element, key) ? box.open(stored[key]) : stored[key];
  return out;
}

/** Seals the values of secret keys; other values are stored as given. */
export function sealConfiguration(element: ElementDefinition, config: Record<string, string>, box: SecretBox): Record<string, string> {
  return Object.fromEntries(Object.entries(config).map(([key, value]) => [key, isSecretKey(element, key) ? box.seal(value) : value]));
}

export function maskConfiguration(element: ElementDefinition, stored: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(stored).map(([key, value]) => [key, isMaskedKey(element, key) ? MASK : value]));
}

/** A configuration value in clear (secrets opened), or the element's default. */
export function configValue(element: ElementDefinition, stored: Record<string, string>, key: string, box: SecretBox): string | undefined {
  const value = stored[key];
  if (value === undefined) return element.configuration.find((c) => c.key === key)?.defaultValue;
  return isSecretKey(element, key) ? box.open(value) : value;
}

/** How other features read a stored instance's configuration: key -> value in clear, or the element's default. */
export function configurationReader(element: ElementDefinition, instance: { configuration?: Record<string, string> | null }, box: SecretBox): (key: string) => string | undefined {
  const stored = instance.configuration ?? {};
  return (key) => configValue(element, stored, key, box);
}

/** One configuration entry as read: the element's description of the key, the value (masked where `isMaskedKey`), or its default. */
export function configurationEntry(element: ElementDefinition, stored: Record<string, string>, key: string): ConfigurationEntryView {
  const definition = element.configuration.find((c) => c.key === key);
  const value = stored[key];
  return {
    id: key,
    key,
    name: definition?.name ?? key,
    description: definition?.description ?? '',
    type: definition?.type ?? 'text',
    required: definition?.required ?? false,
    hideFromConsole: definition?.hideFromConsole ?? false,
    propertyValue: value === undefined ? (definition?.defaultValue ?? null) : isMaskedKey(element, key) ? MASK : value,
    secret: isSecretKey(element, key),
  };
}
