import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SecretBox } from '../common/secret-box';
import type { ConsoleContext } from './console-context';
import { ConsoleTokenFlash, TOKEN_COOKIE } from './console-token-flash';

describe('ConsoleTokenFlash', () => {
  const sut = new ConsoleTokenFlash(new SecretBox([{ id: 'k1', key: randomBytes(32) }]));
  const session = { sessionId: 7 } as ConsoleContext;

  /** A reply that records its Set-Cookie headers, and a request carrying `cookie`. */
  function exchange(cookie?: string) {
    const cookies: string[] = [];
    const reply = { header: (name: string, value: string) => name === 'set-cookie' && cookies.push(value) } as unknown as FastifyReply;
    const request = { headers: { cookie }, protocol: 'http' } as unknown as FastifyRequest;
    return { request, reply, cookies };
  }

  /** The token cookie `hold` sets, as the browser sends it back. */
  function held(instanceId: number, token: string, on = session): string {
    const { request, reply, cookies } = exchange();
    sut.hold(request, reply, on, instanceId, token);
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatch(new RegExp(`^${TOKEN_COOKIE}=[A-Za-z0-9_-]+; Path=/elements/api-v2/console; Max-Age=120; HttpOnly; SameSite=Lax$`));
    expect(cookies[0]).not.toContain(token);
    return cookies[0].split(';')[0];
  }

  it('gives the token back once to the session and instance it was held for, and clears the cookie', () => {
    const cookie = held(3, 'the-instance-token');
    const { request, reply, cookies } = exchange(cookie);
    expect(sut.take(request, reply, session, 3)).toBe('the-instance-token');
    expect(cookies).toEqual([`${TOKEN_COOKIE}=; Path=/elements/api-v2/console; Max-Age=0; HttpOnly; SameSite=Lax`]);
  });

  it('gives nothing to another session or for another instance, and clears the cookie all the same', () => {
    const cookie = held(3, 'the-instance-token');
    for (const [on, id] of [[{ sessionId: 8 } as ConsoleContext, 3], [session, 4]] as const) {
      const { request, reply, cookies } = exchange(cookie);
      expect(sut.take(request, reply, on, id)).toBeUndefined();
      expect(cookies).toHaveLength(1);
    }
  });

  it('gives nothing for a cookie it did not seal, and sets no cookie when none came', () => {
    const forged = exchange(`${TOKEN_COOKIE}=${Buffer.from('v1:k1:aaa:bbb:ccc').toString('base64url')}`);
    expect(sut.take(forged.request, forged.reply, session, 3)).toBeUndefined();
    const none = exchange('other=1');
    expect(sut.take(none.request, none.reply, session, 3)).toBeUndefined();
    expect(none.cookies).toEqual([]);
  });
});
