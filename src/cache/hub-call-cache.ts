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
    const listing = route.operation === 'list';
    if (!listing && route.operation !== 'get') {
      if (!instance.cachingEnabled) return answer();
      try {
        return await answer();
      } finally {
        await this.invalidations.changed(instance.id, webexTypeOf(route));
      }
    }
    const store = this.cache.storeOf(instance);
    if (!store) return answer();
    // The path and the query as sent (a next-page token included): one cached answer per exact request.
    const key = `${listing ? 'list' : 'get'} ${call.path} ${JSON.stringify(call.query ?? {})}`;
    const hit = this.cache.get(store, key);
    if (hit) return { body: hit.text, headers: hit.headers as Record<string, string> };
    const generation = store.generation;
    const fresh = await answer();
    const cached = cachedAnswer(fresh, webexTypeOf(route), key);
    if (cached) this.cache.put(store, generation, key, cached, listing ? LIST_TTL_MS : store.ttlMs);
    return { body: fresh.body, headers: { ...fresh.headers, 'elements-cache': 'miss' } };
  }
}

function cachedAnswer(answer: Answer, type: string, key: string): CachedAnswer | undefined {
  if (answer.body === undefined || answer.body === '') return undefined;
  const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  const headers = { ...answer.headers, 'content-type': JSON_TYPE, 'elements-cache': 'hit' };
  let bytes = Buffer.byteLength(text) + key.length;
  for (const name in headers) bytes += name.length + headers[name as keyof typeof headers].length;
  return { text, headers, type, bytes };
}
