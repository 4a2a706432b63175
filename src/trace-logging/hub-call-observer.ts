import { Injectable } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { HubError } from '../common/hub-error';
import { HubConfig } from '../config/hub-config';
import { redactUrl } from '../common/logger';
import type { Instance } from '../instances/instance.entity';
import { WebexApiException } from '../webex/webex.exception';
import { TraceLog } from './trace-log.service';

/** The Webex request of a hub call, as hubs/ sends it (no access token). */
export interface ObservedRequest {
  method: string;
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
}

/** What a Webex answer shows the observer. */
interface ObservedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * The one place hubs/ tells trace logging of a Webex call: `observe` wraps the call. While the
 * instance's trace logging is off it only runs it; while on, it records method, path, status,
 * latency, Webex's trackingId and both bodies (masked by `TraceLog`), success or failure alike.
 */
@Injectable()
export class HubCallObserver {
  constructor(
    private readonly traces: TraceLog,
    private readonly config: HubConfig,
  ) {}

  async observe<R extends ObservedResponse>(instance: Pick<Instance, 'id' | 'traceLoggingEnabled'>, request: ObservedRequest, send: () => Promise<R>): Promise<R> {
    if (!instance.traceLoggingEnabled) return send();
    const started = performance.now();
    const traced = { method: request.method, path: pathOf(request, this.config.WEBEX_API_URL), requestBody: request.body };
    try {
      const response = await send();
      const trackingId = response.headers.trackingid;
      await this.traces.record(instance.id, {
        ...traced,
        status: response.status,
        latencyMs: performance.now() - started,
        trackingId: Array.isArray(trackingId) ? trackingId[0] : trackingId,
        responseBody: response.text,
      });
      return response;
    } catch (error) {
      const failure = error instanceof HubError ? error : undefined;
      await this.traces.record(instance.id, {
        ...traced,
        status: failure?.status ?? 500,
        latencyMs: performance.now() - started,
        trackingId: failure?.extra.trackingId,
        responseBody: error instanceof WebexApiException ? error.upstreamBody : { message: failure?.message ?? 'The call failed' },
      });
      throw error;
    }
  }
}

/** `/rooms?max=50`: the path under the Webex API (a next link too) with its query, secret parameters redacted as in the request log. */
function pathOf({ path: given, query }: ObservedRequest, webexApiUrl: string): string {
  const path = given.startsWith(`${webexApiUrl}/`) ? given.slice(webexApiUrl.length) : given;
  const params = new URLSearchParams();
  for (const name in query) if (query[name] !== undefined) params.set(name, String(query[name]));
  const search = params.toString();
  return redactUrl(search ? `${path}${path.includes('?') ? '&' : '?'}${search}` : path);
}
