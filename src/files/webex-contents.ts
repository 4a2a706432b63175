import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Readable } from 'node:stream';
import { Agent, Dispatcher, request } from 'undici';
import { HubError } from '../common/hub-error';
import { HubConfig } from '../config/hub-config';
import { Instance } from '../instances/instance.entity';
import { HubMetrics, UpstreamStatus } from '../metrics/hub-metrics';
import { AccessTokens } from '../tokens/access-tokens';
import { webexPathSegment } from '../webex/webex-path';
import { WebexClient, webexApiError, webexTransportError } from '../webex/webex.client';
import type { MessageForm } from './message-form';

/** A file as Webex serves it: its headers, and its bytes still arriving (empty for HEAD). */
export interface WebexContent {
  headers: Record<string, string | string[] | undefined>;
  body: Dispatcher.ResponseData['body'];
}

/**
 * Webex calls whose bodies are streams: a message created with its file, and a message's file read
 * back. They have their own connections, so a 100 MB upload never holds one of the JSON calls'
 * keep-alive sockets (WebexClient), and the same deadlines: WEBEX_TIMEOUT_MS without a byte moving.
 */
@Injectable()
export class WebexContents implements OnApplicationShutdown {
  private readonly agent: Agent;

  constructor(
    private readonly config: HubConfig,
    private readonly webex: WebexClient,
    private readonly tokens: AccessTokens,
    private readonly metrics: HubMetrics,
  ) {
    this.agent = new Agent({
      keepAliveTimeout: 30_000,
      connections: 32,
      headersTimeout: config.WEBEX_TIMEOUT_MS,
      bodyTimeout: config.WEBEX_TIMEOUT_MS,
      connectTimeout: Math.min(config.WEBEX_TIMEOUT_MS, 10_000),
    });
  }

  /**
   * `POST /messages` with the form streamed as it is produced; Webex's message, as JSON text. Sent
   * once: a stream cannot be sent again, so a 401 refreshes the token for the next call, and a 429
   * or 503 is handed back with its Retry-After, rather than retried as JSON calls are.
   */
  async createMessage(instance: Instance, form: MessageForm): Promise<string> {
    const accessToken = await this.tokens.forCall(instance);
    const response = await this.exchange('POST', '/messages', accessToken, { 'content-type': form.contentType }, form.body);
    const text = await response.body.text();
    if (response.statusCode < 400) return text;
    if (response.statusCode === 401) await this.tokens.afterRejected(instance, accessToken);
    throw webexApiError(response.statusCode, response.headers, text);
  }

  /** The id of a Webex file URL (`{WEBEX_API_URL}/contents/{id}`, as a message's `files` give it); undefined for any other URL. */
  readonly contentIdOf = (url: string): string | undefined => {
    const prefix = this.webex.url('/contents/');
    const id = url.startsWith(prefix) ? url.slice(prefix.length) : '';
    if (!/^[^/?#]+$/.test(id)) return undefined;
    try {
      return decodeURIComponent(id);
    } catch {
      return undefined;
    }
  };

  /** `GET` or `HEAD /contents/{id}`; asked again once with a refreshed token after a 401. */
  async content(instance: Instance, method: 'GET' | 'HEAD', contentId: string): Promise<WebexContent> {
    const path = `/contents/${webexPathSegment(contentId)}`;
    let accessToken = await this.tokens.forCall(instance);
    for (let attempt = 1; ; attempt++) {
      const response = await this.exchange(method, path, accessToken);
      if (response.statusCode < 400) return { headers: response.headers, body: response.body };
      const text = await response.body.text();
      if (response.statusCode !== 401 || attempt > 1) throw webexApiError(response.statusCode, response.headers, text);
      accessToken = await this.tokens.afterRejected(instance, accessToken);
    }
  }

  private async exchange(method: Dispatcher.HttpMethod, path: string, accessToken: string, headers: Record<string, string> = {}, body?: AsyncIterable<Buffer>): Promise<Dispatcher.ResponseData> {
    const started = performance.now();
    const observe = (status: UpstreamStatus) => this.metrics.observeWebex(method, status, (performance.now() - started) / 1000);
    try {
      const response = await request(this.webex.url(path), {
        dispatcher: this.agent,
        method,
        headers: { accept: 'application/json', authorization: `Bearer ${accessToken}`, ...headers },
        // Pulled a chunk at a time as Webex takes it, so the form is produced no faster than it is sent.
        body: body && Readable.from(body, { objectMode: false }),
      });
      observe(response.statusCode);
      return response;
    } catch (error) {
      // The hub refused the form (a file past the limit) and cut Webex off mid-body: no Webex outcome to count.
      if (error instanceof HubError) throw error;
      const failure = webexTransportError(error, this.config.WEBEX_TIMEOUT_MS);
      observe(failure.status === 504 ? 'timeout' : 'unreachable');
      throw failure;
    }
  }

  async onApplicationShutdown() {
    await this.agent.close();
  }
}
