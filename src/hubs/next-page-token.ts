import { Injectable } from '@nestjs/common';
import { HubsErrorCode, HubsException } from './hubs.exception';
import { SecretBox } from '../common/secret-box';
import { WebexClient } from '../webex/webex.client';

/** How long a next-page token may be followed. */
export const NEXT_PAGE_TOKEN_TTL_MS = 60 * 60 * 1000;

/**
 * `page=N` walks Webex's links from the start, one Webex call per page: these bound what one
 * request may cost upstream (`nextPage` goes further, one call per page). Each Webex call past
 * the first also spends one request of the organization's rate limit.
 */
export const MAX_PAGE = 100;
export const MAX_PAGE_WALK_ITEMS = 2000;

/** What a token binds: the instance, the concrete hub path and where clause it was issued for. */
export interface PageScope {
  instanceId: number;
  resourcePath: string;
  where?: string;
}

interface Sealed {
  /** instance id */
  i: number;
  /** hub resource path */
  r: string;
  /** where clause, when one was given */
  w?: string;
  /** Webex's next URL, relative to WEBEX_API_URL */
  u: string;
  /** expiry, epoch ms */
  e: number;
}

/**
 * `elements-next-page-token`: Webex's `Link rel="next"` URL sealed with AES-256-GCM (SecretBox),
 * so it is opaque, cannot be altered or forged, and names the instance, resource and query it
 * belongs to. Anything else handed back as `nextPage` is a 400 before Webex is called.
 */
@Injectable()
export class NextPageToken {
  constructor(
    private readonly box: SecretBox,
    private readonly webex: WebexClient,
  ) {}

  /** A token for Webex's next URL, or undefined when the URL is not Webex's (never followed). */
  issue(scope: PageScope, nextUrl: string, now = Date.now()): string | undefined {
    if (!this.webex.isWebexUrl(nextUrl)) return undefined;
    const sealed: Sealed = { i: scope.instanceId, r: scope.resourcePath, u: nextUrl.slice(this.webex.baseUrl.length), e: now + NEXT_PAGE_TOKEN_TTL_MS };
    if (scope.where) sealed.w = scope.where;
    return Buffer.from(this.box.seal(JSON.stringify(sealed))).toString('base64url');
  }

  /** The Webex URL a token continues, once it is proven to be ours, unexpired and for this scope. */
  follow(token: string, scope: PageScope, now = Date.now()): string {
    const sealed = this.open(token);
    if (sealed.i !== scope.instanceId || sealed.r !== scope.resourcePath) {
      throw new HubsException(HubsErrorCode.INVALID_NEXT_PAGE, 'nextPage belongs to another instance or resource; page with the token this resource returned');
    }
    if (scope.where !== undefined && scope.where !== (sealed.w ?? '')) throw new HubsException(HubsErrorCode.INVALID_NEXT_PAGE, 'nextPage belongs to another where clause; repeat the same where or omit it');
    if (sealed.e < now) throw new HubsException(HubsErrorCode.INVALID_NEXT_PAGE, 'nextPage has expired; start again from the first page');
    const url = `${this.webex.baseUrl}${sealed.u}`;
    if (!this.webex.isWebexUrl(url)) throw new HubsException(HubsErrorCode.INVALID_NEXT_PAGE, 'nextPage is not valid');
    return url;
  }

  private open(token: string): Sealed {
    try {
      if (token.length > 8192 || !isCanonical(token, 'base64url')) throw new Error('not base64url');
      const box = Buffer.from(token, 'base64url').toString('utf8');
      // Base64 decoders ignore stray characters and trailing bits: only the one canonical spelling
      // of a sealed value is accepted, so any altered character is refused.
      if (!box.split(':').slice(2).every((part) => isCanonical(part, 'base64'))) throw new Error('not canonical');
      const sealed = JSON.parse(this.box.open(box)) as Sealed;
      if (typeof sealed.i !== 'number' || typeof sealed.r !== 'string' || typeof sealed.u !== 'string' || typeof sealed.e !== 'number') throw new Error('shape');
      return sealed;
    } catch {
      throw new HubsException(HubsErrorCode.INVALID_NEXT_PAGE, 'nextPage is not a token this hub issued (altered, truncated or forged)');
    }
  }
}

function isCanonical(text: string, encoding: 'base64' | 'base64url'): boolean {
  return text.length > 0 && Buffer.from(text, encoding).toString(encoding) === text;
}
