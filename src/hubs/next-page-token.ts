import { Injectable } from '@nestjs/common';
import { PagePosition } from '../ceql';
import { HubsErrorCode, HubsException } from './hubs.exception';
import { SecretBox } from '../common/secret-box';
import { WebexClient } from '../webex/webex.client';

/** How long a next-page token may be followed. */
export const NEXT_PAGE_TOKEN_TTL_MS = 60 * 60 * 1000;

/**
 * What one list request may cost upstream: `page=N` walks Webex's pages from the start, and a
 * `where` the hub checks itself (or an `orderBy` it sorts itself) reads Webex pages until it has
 * enough. Each Webex call past the first also spends one request of the organization's rate limit.
 */
export const MAX_PAGE = 100;
export const MAX_PAGE_WALK_ITEMS = 2000;

/** Longest token accepted: one sealing a where of MAX_CEQL_LENGTH characters fits. */
const MAX_TOKEN_LENGTH = 32_768;

/**
 * What a token binds: the instance, the concrete hub path, and the query it was issued for
 * (`where`, `orderBy` and the plain filter parameters). A follow-up request may repeat them or
 * leave them out; it may not change them.
 */
export interface PageScope {
  instanceId: number;
  resourcePath: string;
  where?: string;
  orderBy?: string;
  filters?: Record<string, string>;
}

/**
 * Where the next hub page starts: a Webex page and how far into it earlier pages went
 * (`PagePosition`), or, for a list the hub sorts itself, the sort key of the last item returned.
 */
export interface ListPosition extends PagePosition {
  after?: Record<string, unknown>;
}

/** A token opened: where to go on from, and the query it continues (the one it was issued for). */
export interface Resumed {
  position: ListPosition;
  where?: string;
  orderBy?: string;
  filters: Record<string, string>;
}

interface Sealed {
  /** instance id */
  i: number;
  /** hub resource path */
  r: string;
  /** where, orderBy and plain filter parameters, when given */
  w?: string;
  b?: string;
  q?: Record<string, string>;
  /** Webex URL of the page to read, relative to WEBEX_API_URL */
  u: string;
  /** items of that page earlier hub pages went through, the id of the last of them and of the one after */
  o?: number;
  l?: string;
  n?: string;
  /** sort key of the last item returned, for a list the hub sorts */
  k?: Record<string, unknown>;
  /** expiry, epoch ms */
  e: number;
}

/**
 * `elements-next-page-token`: a position in a Webex list sealed with AES-256-GCM (SecretBox), so
 * it is opaque, cannot be altered or forged, and names the instance, resource and query it
 * belongs to. Anything else handed back as `nextPage` is a 400 before Webex is called.
 */
@Injectable()
export class NextPageToken {
  constructor(
    private readonly box: SecretBox,
    private readonly webex: WebexClient,
  ) {}

  /** A token for a position, or undefined when its URL is not Webex's (never followed). */
  issue(scope: PageScope, position: ListPosition, now = Date.now()): string | undefined {
    if (!this.webex.isWebexUrl(position.url)) return undefined;
    const sealed: Sealed = { i: scope.instanceId, r: scope.resourcePath, u: position.url.slice(this.webex.baseUrl.length), e: now + NEXT_PAGE_TOKEN_TTL_MS };
    if (scope.where) sealed.w = scope.where;
    if (scope.orderBy) sealed.b = scope.orderBy;
    if (scope.filters && Object.keys(scope.filters).length) sealed.q = scope.filters;
    if (position.offset) sealed.o = position.offset;
    if (position.lastId !== undefined) sealed.l = position.lastId;
    if (position.nextId !== undefined) sealed.n = position.nextId;
    if (position.after) sealed.k = position.after;
    return Buffer.from(this.box.seal(JSON.stringify(sealed))).toString('base64url');
  }

  /** The position a token continues, once it is proven to be ours, unexpired and for this scope. */
  follow(token: string, scope: PageScope, now = Date.now()): Resumed {
    const sealed = this.open(token);
    if (sealed.i !== scope.instanceId || sealed.r !== scope.resourcePath) {
      throw new HubsException(HubsErrorCode.INVALID_NEXT_PAGE, 'nextPage belongs to another instance or resource; page with the token this resource returned');
    }
    if (scope.where !== undefined && scope.where !== (sealed.w ?? '')) throw new HubsException(HubsErrorCode.INVALID_NEXT_PAGE, 'nextPage belongs to another where clause; repeat the same where or omit it');
    if (scope.orderBy !== undefined && scope.orderBy !== (sealed.b ?? '')) throw new HubsException(HubsErrorCode.INVALID_NEXT_PAGE, 'nextPage belongs to another orderBy; repeat the same orderBy or omit it');
    if (scope.filters && Object.keys(scope.filters).length && !sameFilters(scope.filters, sealed.q ?? {})) {
      throw new HubsException(HubsErrorCode.INVALID_NEXT_PAGE, 'nextPage belongs to other filter parameters; repeat the same ones or omit them');
    }
    if (sealed.e < now) throw new HubsException(HubsErrorCode.INVALID_NEXT_PAGE, 'nextPage has expired; start again from the first page');
    const url = `${this.webex.baseUrl}${sealed.u}`;
    if (!this.webex.isWebexUrl(url)) throw new HubsException(HubsErrorCode.INVALID_NEXT_PAGE, 'nextPage is not valid');
    const position: ListPosition = {
      url,
      offset: sealed.o ?? 0,
      ...(typeof sealed.l === 'string' && { lastId: sealed.l }),
      ...(typeof sealed.n === 'string' && { nextId: sealed.n }),
      ...(sealed.k && { after: sealed.k }),
    };
    return { position, where: sealed.w, orderBy: sealed.b, filters: sealed.q ?? {} };
  }

  private open(token: string): Sealed {
    try {
      if (token.length > MAX_TOKEN_LENGTH || !isCanonical(token, 'base64url')) throw new Error('not base64url');
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

function sameFilters(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && b[key] === a[key]);
}

function isCanonical(text: string, encoding: 'base64' | 'base64url'): boolean {
  return text.length > 0 && Buffer.from(text, encoding).toString(encoding) === text;
}
