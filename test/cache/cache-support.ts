import { sample } from '../ops/prometheus';
import { API, TestHub } from '../support/hub';

export interface CacheSettings {
  cachingEnabled: boolean;
  cacheTimeToLive?: number;
  maxCacheSize?: number;
}

/** What a hub test talks to: the in-process hub or a replica process (both have `http()`). */
interface Http {
  http: TestHub['http'];
}

/** PATCH /instances/{id} with the cache settings, as a user would set them. */
export async function setCaching(hub: TestHub, instanceId: number, settings: CacheSettings): Promise<void> {
  await hub.http().patch(`${API}/instances/${instanceId}`).set('Authorization', hub.auth).send(settings).expect(200);
}

/** A hub GET: status, body, and what `elements-cache` said (undefined when absent). */
export async function hubGet(server: Http, auth: string, path: string, query: Record<string, string> = {}): Promise<{ status: number; body: any; cache?: string; headers: Record<string, string> }> {
  const res = await server.http().get(`${API}/hubs/collaboration/${path}`).query(query).set('Authorization', auth);
  return { status: res.status, body: res.body, cache: res.headers['elements-cache'], headers: res.headers as Record<string, string> };
}

/** One sample of the hub's /metrics. */
export async function metric(server: Http, name: string, labels: Record<string, string> = {}): Promise<number> {
  const res = await server.http().get('/metrics').expect(200);
  return sample(res.text, name, labels);
}
