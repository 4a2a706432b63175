import { isIP } from 'node:net';

/** proxy-addr's names for address ranges. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** Fastify's trustProxy from HUB_TRUST_PROXY: a boolean, or the list that proxy-addr reads (checked here, to name the setting). */
export function trustedProxies(setting: string): boolean | string {
  if (setting === 'true' || setting === 'false') return setting === 'true';
  const entries = setting.split(',').map((entry) => entry.trim());
  const wrong = entries.filter((entry) => {
    const [address, bits, extra] = entry.split('/');
    return !PROXY_RANGE_NAMES.includes(entry) && (!isIP(address) || extra !== undefined || (bits !== undefined && !/^\d{1,3}$/.test(bits)));
  });
  if (wrong.length) throw new Error(`HUB_TRUST_PROXY: ${wrong.join(', ')} is neither an address, a CIDR range nor one of ${PROXY_RANGE_NAMES.join(', ')}`);
  return entries.join(',');
}
