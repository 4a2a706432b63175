import { Injectable } from '@nestjs/common';
import type { HubRoute } from '../hubs/hub-routes';
import { NEXT_PAGE_TOKEN_TTL_MS } from '../hubs/next-page-token';
import type { Instance } from '../instances/instance.entity';
import { CacheInvalidations } from './cache-invalidations';
import { webexTypeOf } from './cache-scope';
import { CachedAnswer, ResponseCache } from './response-cache';

/** A hub answer, as HubCalls gives it to the hub route. */
export interface Answer {
  body: unknown;
  headers: Record<string, string>;
}

/** The request as the cache keys it: the path under the hub, and the query as parsed. */
export interface CacheableCall {
  path: string;
  query: unknown;
}

type CachingInstance = Pick<Instance, 'id' | 'cachingEnabled' | 'cacheTimeToLive' | 'maxCacheSize'>;

const JSON_TYPE = 'application/json; charset=utf-8';
/** The query of a request without one, keyed as `{}` without stringifying it each time. */
export const NO_QUERY: Readonly<Record<string, never>> = Object.freeze({});
/** A cached page's next-page token must still be followable when the page is served: it outlives the page by this much at least. */
const LIST_TTL_MS = NEXT_PAGE_TOKEN_TTL_MS / 2;

/**
 * Hub calls through the response cache (docs/cache.md): reads of an instance with caching on are
 * answered from it, or read and stored; writes invalidate what they touch, here and on every
 * replica. Answers of instances with caching on carry `elements-cache: hit` or `miss`.
 */
@Injectable()
export class HubCallCache {
  constructor(
    private readonly cache: ResponseCache,
    private readonly invalidations: CacheInvalidations,
  ) {}

  async through(instance: CachingInstance, route: HubRoute, call: CacheableCall, answer: () => Promise<Answer>): Promise<Answer> {
    if (!isRead(route)) {
      if (!instance.cachingEnabled) return answer();
      try {
        return await answer();
      } finally {
        await this.invalidations.changed(instance.id, webexTypeOf(route));
      }
    }
    const store = this.cache.storeOf(instance);
    if (!store) return answer();
    const key = keyOf(route, call);
    const hit = this.cache.get(store, key);
    if (hit) return { body: hit.body, headers: hit.headers as Record<string, string> };
    const generation = store.generation;
    const fresh = await answer();
    const cached = cachedAnswer(fresh, webexTypeOf(route), key);
    if (cached) this.cache.put(store, generation, key, cached, route.operation === 'list' ? LIST_TTL_MS : store.ttlMs);
    return { body: fresh.body, headers: { ...fresh.headers, 'elements-cache': 'miss' } };
  }

  /**
   * The cached answer of a read, if one is held: what `through` would answer without calling
   * Webex. Not counted as a hit (nor a miss) until whoever answers with it calls `answered`.
   */
  held(instance: CachingInstance, route: HubRoute, call: CacheableCall): CachedAnswer | undefined {
    if (!isRead(route)) return undefined;
    const store = this.cache.storeOf(instance);
    return store && this.cache.peek(store, keyOf(route, call));
  }

  /** A `held` answer was sent: one more hit. */
  answered(): void {
    this.cache.countHit();
  }
}

/** Reads (a single resource or a list page) are cached; writes invalidate. */
function isRead(route: HubRoute): boolean {
  return route.operation === 'list' || route.operation === 'get';
}

/** The path and the query as sent (a next-page token included): one cached answer per exact request. */
function keyOf(route: HubRoute, call: CacheableCall): string {
  return `${route.operation === 'list' ? 'list' : 'get'} ${call.path} ${call.query === NO_QUERY ? '{}' : JSON.stringify(call.query ?? {})}`;
}

function cachedAnswer(answer: Answer, type: string, key: string): CachedAnswer | undefined {
  if (answer.body === undefined || answer.body === '') return undefined;
  const body = Buffer.from(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
  const headers = { ...answer.headers, 'content-type': JSON_TYPE, 'elements-cache': 'hit' };
  const headerList = Object.entries(headers).flat();
  let bytes = body.length + key.length;
  for (const text of headerList) bytes += text.length;
  return { body, headers, headerList, type, bytes };
}
