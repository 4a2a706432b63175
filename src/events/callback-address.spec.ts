import { LookupAddress } from 'node:dns';
import { assertPublicCallback, isInternalAddress } from './callback-address';

/** A resolver that answers every name with the given addresses, as dns.lookup({all: true}) would. */
const resolvingTo =
  (...addresses: string[]) =>
  ((_host: string, _options: unknown, callback: (error: Error | null, found: LookupAddress[]) => void) =>
    callback(null, addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })))) as never;

describe('isInternalAddress', () => {
  const sut = isInternalAddress;

  it.each([
    '127.0.0.1',
    '127.255.255.254',
    '10.0.0.1',
    '10.255.255.255',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '100.127.255.255',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'febf::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '::ffff:7f00:1',
    '64:ff9b::7f00:1',
    '2002:7f00:1::1',
    'not-an-address',
  ])('refuses %s', (address) => {
    expect(sut(address)).toBe(true);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '192.169.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('allows %s', (address) => {
    expect(sut(address)).toBe(false);
  });
});

describe('assertPublicCallback', () => {
  const sut = assertPublicCallback;
  const publicDns = resolvingTo('93.184.216.34');

  it.each([
    'http://127.0.0.1/hook',
    'http://10.1.2.3/hook',
    'http://172.16.5.5/hook',
    'http://192.168.0.10/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://100.64.1.1/hook',
    'http://0.0.0.0/hook',
    'http://[::1]/hook',
    'http://[fc00::1]/hook',
    'http://[fe80::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://2130706433/hook',
    'http://0177.0.0.1/hook',
    'http://0x7f.0.0.1/hook',
    'http://127.1/hook',
  ])('refuses the literal %s without asking DNS', async (url) => {
    await expect(sut(url, publicDns)).rejects.toThrow(/internal address/);
  });

  it('refuses a name that resolves to loopback (localhost, for real)', async () => {
    await expect(sut('http://localhost:8080/hook')).rejects.toThrow(/internal address (127\.0\.0\.1|::1)/);
  });

  it('refuses a name when any one of its addresses is internal', async () => {
    await expect(sut('https://mixed.example/hook', resolvingTo('93.184.216.34', '10.0.0.7'))).rejects.toThrow(/10\.0\.0\.7/);
  });

  it('accepts a name whose addresses are all public', async () => {
    await expect(sut('https://receiver.example/hook', publicDns)).resolves.toBeUndefined();
  });

  it.each(['ftp://receiver.example/hook', 'not a url', 'https://user:pw@receiver.example/'])('refuses %s', async (url) => {
    await expect(sut(url, publicDns)).rejects.toThrow();
  });
});
