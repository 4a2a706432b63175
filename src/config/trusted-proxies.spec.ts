import { trustedProxies } from './trusted-proxies';

describe('trustedProxies', () => {
  it('reads true and false as booleans, and a list as the comma list proxy-addr takes', () => {
    expect(trustedProxies('true')).toBe(true);
    expect(trustedProxies('false')).toBe(false);
    expect(trustedProxies('loopback, uniquelocal, 203.0.113.7, 2001:db8::/32')).toBe('loopback,uniquelocal,203.0.113.7,2001:db8::/32');
  });

  it('refuses an entry that is no address, range or range name, naming the setting', () => {
    expect(() => trustedProxies('loopback,proxy.internal')).toThrow('HUB_TRUST_PROXY: proxy.internal is neither');
    expect(() => trustedProxies('10.0.0.0/8/1')).toThrow('HUB_TRUST_PROXY: 10.0.0.0/8/1');
    expect(() => trustedProxies('10.0.0.0/x')).toThrow('HUB_TRUST_PROXY');
  });
});
