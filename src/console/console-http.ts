import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { apiPath, HubConfig } from '../config/hub-config';
import { COPY_SCRIPT_SOURCE } from './views/copy-script';
import type { SafeHtml } from './views/html';

/** Where the console lives: under the API prefix, so its OAuth callback is `<hub>/elements/api-v2/console/oauth/callback`. */
export const CONSOLE_PATH = apiPath('console');

export const SESSION_COOKIE = 'hub_console';
export const LOGIN_CSRF_COOKIE = 'hub_console_login';

export function readCookie(request: FastifyRequest, name: string): string | undefined {
  for (const pair of (request.headers.cookie ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim() || undefined;
  }
  return undefined;
}

/** HttpOnly, SameSite=Lax, scoped to the console; Secure when the browser reached the hub over https. */
export function setCookie(request: FastifyRequest, reply: FastifyReply, name: string, value: string, maxAgeSeconds: number): void {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  void reply.header('set-cookie', `${name}=${value}; Path=${CONSOLE_PATH}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${secure}`);
}

export function clearCookie(request: FastifyRequest, reply: FastifyReply, name: string): void {
  setCookie(request, reply, name, '', 0);
}

/**
 * Sends console pages. No caching (pages carry CSRF tokens and tokens' state), no framing, no
 * referrer (the callback URL carries the OAuth code), no script but the copy buttons' (by its hash). Forms may
 * post to the hub and be redirected on to Webex's consent page, hence Webex in form-action.
 */
@Injectable()
export class ConsolePages {
  private readonly policy: string;

  constructor(config: HubConfig) {
    const webex = new URL(config.WEBEX_API_URL).origin;
    this.policy = `default-src 'none'; script-src ${COPY_SCRIPT_SOURCE}; style-src 'self'; img-src 'self' data: https:; form-action 'self' ${webex}; frame-ancestors 'none'; base-uri 'none'`;
  }

  send(reply: FastifyReply, status: number, page: SafeHtml): FastifyReply {
    return reply
      .status(status)
      .headers({
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': this.policy,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      })
      .send(page.value);
  }
}

/** After a form post: see-other, so a reload does not post again. */
export function seeOther(reply: FastifyReply, path: string): FastifyReply {
  return reply.redirect(path.startsWith('http') ? path : `${CONSOLE_PATH}${path}`, 303);
}
