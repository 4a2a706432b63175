import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SecretBox } from '../common/secret-box';
import { clearCookie, readCookie, setCookie } from './console-http';
import type { ConsoleContext } from './console-context';

export const TOKEN_COOKIE = 'hub_console_token';
/** Long enough for the redirect that follows a connect, short enough that a forgotten one dies. */
const TOKEN_COOKIE_SECONDS = 120;

interface Held {
  instanceId: number;
  sessionId: number;
  token: string;
}

/**
 * A new instance's token on its way to the one page that shows it: sealed in a short-lived
 * HttpOnly cookie across the redirect after a connect, and cleared by the page that reads it, so a
 * reload shows it no more. The hub itself keeps only the token's hash.
 */
@Injectable()
export class ConsoleTokenFlash {
  constructor(private readonly box: SecretBox) {}

  hold(request: FastifyRequest, reply: FastifyReply, session: ConsoleContext, instanceId: number, token: string): void {
    const held: Held = { instanceId, sessionId: session.sessionId, token };
    setCookie(request, reply, TOKEN_COOKIE, Buffer.from(this.box.seal(JSON.stringify(held))).toString('base64url'), TOKEN_COOKIE_SECONDS);
  }

  /** The token held for this session and instance, once; the cookie is cleared whatever it held. */
  take(request: FastifyRequest, reply: FastifyReply, session: ConsoleContext, instanceId: number): string | undefined {
    const cookie = readCookie(request, TOKEN_COOKIE);
    if (!cookie) return undefined;
    clearCookie(request, reply, TOKEN_COOKIE);
    try {
      const held = JSON.parse(this.box.open(Buffer.from(cookie, 'base64url').toString('utf8'))) as Held;
      return held.sessionId === session.sessionId && held.instanceId === instanceId && typeof held.token === 'string' ? held.token : undefined;
    } catch {
      return undefined;
    }
  }
}
