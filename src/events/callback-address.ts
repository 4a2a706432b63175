import { lookup as dnsLookup, LookupAddress, LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { CallbackRefusedError } from './events.exception';

/**
 * Addresses a callback may not reach unless the operator allows private callbacks: everything
 * that is not the public internet (RFC 6890 special-purpose registries). IPv4-mapped IPv6
 * (`::ffff:127.0.0.1`) is matched against the IPv4 rules by BlockList itself.
 */
const INTERNAL = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network", including the unspecified 0.0.0.0
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved and broadcast
] as const) INTERNAL.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 96], // unspecified, loopback and the deprecated IPv4-compatible form
  ['64:ff9b::', 96], // NAT64 reaches IPv4 through a translator
  ['64:ff9b:1::', 48],
  ['100::', 64], // discard
  ['2001::', 23], // IETF protocol assignments, Teredo
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4 embeds an IPv4 address
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) INTERNAL.addSubnet(net, prefix, 'ipv6');

/** Whether an IP address (v4 or v6, literal) is internal; anything that is not an IP counts as internal. */
export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  return INTERNAL.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** The host of a URL as the socket layer sees it: WHATWG parsing already turned 2130706433 and 0177.0.0.1 into 127.0.0.1. */
export function callbackHost(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CallbackRefusedError('is not a valid URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new CallbackRefusedError('must be an http or https URL');
  if (parsed.username || parsed.password) throw new CallbackRefusedError('must not carry credentials');
  return parsed;
}

const bareHost = (url: URL) => url.hostname.replace(/^\[|\]$/g, '');

/**
 * Checks every address `url`'s host resolves to. Delivery checks again on the address it dials
 * (`guardedLookup`), so a name that changes its answer in between gains nothing.
 */
export async function assertPublicCallback(url: string, resolve: typeof dnsLookup = dnsLookup): Promise<void> {
  const host = bareHost(callbackHost(url));
  if (isIP(host)) {
    if (isInternalAddress(host)) throw new CallbackRefusedError(`resolves to the internal address ${host}`);
    return;
  }
  const addresses = await new Promise<LookupAddress[]>((done, fail) =>
    resolve(host, { all: true }, (error, found) => (error ? fail(new CallbackRefusedError(`host ${host} does not resolve`)) : done(found))),
  );
  const internal = addresses.find((a) => isInternalAddress(a.address));
  if (internal) throw new CallbackRefusedError(`resolves to the internal address ${internal.address}`);
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for sockets that refuses internal addresses: the socket connects to exactly the
 * address checked here, which closes the DNS-rebinding gap. IP literals never reach a lookup, so
 * callers check those with `assertPublicCallback` first.
 */
export function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const internal = addresses.find((a) => isInternalAddress(a.address));
    if (internal) return callback(new CallbackRefusedError(`resolves to the internal address ${internal.address}`), []);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
}
