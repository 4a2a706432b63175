import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Agent, Dispatcher, errors } from 'undici';
import { HubConfig } from '../config/hub-config';
import { HubMetrics, UpstreamStatus } from '../metrics/hub-metrics';
import { requestText, TextResponse } from './text-request';
import { WebexApiException, WebexErrorCode, WebexException, WebexTimeoutException, WebexUnreachableException } from './webex.exception';

/** The longest Webex URL the hub sends: well within the 16 KB request head that HTTP servers commonly allow. */
const MAX_URL_LENGTH = 8192;

export interface WebexRequest {
  method: Dispatcher.HttpMethod;
  /** A path relative to WEBEX_API_URL (`/rooms`) or an absolute URL on it (a `Link` next URL). */
  path: string;
  accessToken?: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Form-encoded body (the token endpoint). */
  form?: Record<string, string>;
  headers?: Record<string, string>;
}

/** A Webex answer whose JSON body is parsed only when read: a hub call that passes it on as it came never parses it. */
export class WebexResponse<T = unknown> {
  private parsed?: { value: T };

  constructor(
    readonly status: number,
    readonly headers: Record<string, string | string[] | undefined>,
    /** The body as Webex sent it. */
    readonly text: string,
  ) {}

  /** The JSON body (undefined when empty or not JSON). */
  get body(): T {
    this.parsed ??= { value: parseJson(this.text) as T };
    return this.parsed.value;
  }
}

/**
 * The one HTTP client to Webex: keep-alive connections, bounded timeouts, and Webex errors
 * turned into the hub's error (status kept, Webex message as `providerMessage`, `trackingId`).
 */
@Injectable()
export class WebexClient implements OnApplicationShutdown {
  private readonly agent: Agent;
  readonly baseUrl: string;

  constructor(
    private readonly config: HubConfig,
    private readonly metrics: HubMetrics,
  ) {
    this.baseUrl = config.WEBEX_API_URL;
    this.agent = new Agent({
      keepAliveTimeout: 30_000,
      connections: 128,
      headersTimeout: config.WEBEX_TIMEOUT_MS,
      bodyTimeout: config.WEBEX_TIMEOUT_MS,
      connectTimeout: Math.min(config.WEBEX_TIMEOUT_MS, 10_000),
    });
  }

  url(path: string, query?: WebexRequest['query']): string {
    const absolute = path.startsWith('http');
    let url: URL | undefined;
    for (const key in query) {
      const value = query[key];
      if (value === undefined) continue;
      url ??= new URL(absolute ? path : `${this.baseUrl}${path}`);
      url.searchParams.set(key, String(value));
    }
    // Most calls carry no query: the path (built from encoded segments) is used as it is.
    return url ? url.toString() : absolute ? path : `${this.baseUrl}${path}`;
  }

  /** Whether a URL (say, from a `Link` header) points at this Webex; anything else is refused. */
  isWebexUrl(url: string): boolean {
    return url.startsWith(`${this.baseUrl}/`);
  }

  async send<T = unknown>(req: WebexRequest): Promise<WebexResponse<T>> {
    const started = performance.now();
    let status: UpstreamStatus = 'unreachable';
    try {
      const response = await this.exchange<T>(req);
      status = response.status;
      return response;
    } catch (error) {
      if (error instanceof WebexApiException) status = error.status;
      else if (error instanceof WebexTimeoutException) status = 'timeout';
      throw error;
    } finally {
      this.metrics.observeWebex(req.method, status, (performance.now() - started) / 1000);
    }
  }

  private async exchange<T>(req: WebexRequest): Promise<WebexResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
    if (req.accessToken) headers.authorization = `Bearer ${req.accessToken}`;
    let body: string | undefined;
    if (req.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(req.form).toString();
    } else if (req.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.body);
    }
    const url = this.url(req.path, req.query);
    // An id or query of tens of kilobytes would overflow the server's request line: Webex (like
    // any HTTP server) then drops the connection, and a POST on it would be reported as a 502.
    if (url.length > MAX_URL_LENGTH) throw new WebexException(WebexErrorCode.WEBEX_URL_TOO_LONG, `The Webex address for this call would be ${url.length} characters long, more than ${MAX_URL_LENGTH}: an id or query value is too long`);
    let response: TextResponse;
    try {
      response = await requestText(this.agent, url, { method: req.method, headers, body });
    } catch (error) {
      throw this.transportError(error);
    }
    const text = response.body;
    if (response.statusCode >= 400) throw webexApiError(response.statusCode, response.headers, text);
    return new WebexResponse<T>(response.statusCode, response.headers, text);
  }

  private transportError(error: unknown) {
    return webexTransportError(error, this.config.WEBEX_TIMEOUT_MS);
  }

  /** After the shutdown drain (not at module destroy), so in-flight hub calls and refreshes can finish. */
  async onApplicationShutdown() {
    await this.agent.close();
  }
}

/** Webex's error answer as the hub's error: its status, its message as `providerMessage`, its trackingId and Retry-After. */
export function webexApiError(status: number, headers: Record<string, string | string[] | undefined>, text: string): WebexApiException {
  const parsed = parseJson(text);
  const trackingId = header(headers, 'trackingid') ?? (parsed as { trackingId?: string } | undefined)?.trackingId;
  const retryAfter = header(headers, 'retry-after');
  return new WebexApiException(status, providerMessage(parsed, text, status), trackingId, retryAfter ? { 'retry-after': retryAfter } : undefined, parsed);
}

/** An exchange with Webex that failed before an answer: a timeout (504) or no connection (502). */
export function webexTransportError(error: unknown, timeoutMs: number): WebexException {
  if (error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError || error instanceof errors.ConnectTimeoutError) {
    return new WebexTimeoutException(timeoutMs);
  }
  const code = (error as { code?: string }).code;
  return new WebexUnreachableException(code ?? (error instanceof Error ? error.message : 'unknown error'));
}

export function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Webex errors carry `message` (API) or `error_description` / `error` (token endpoint). */
export function providerMessage(parsed: unknown, text: string, status: number): string {
  const body = (parsed ?? {}) as { message?: unknown; error_description?: unknown; error?: unknown };
  const message = body.message ?? body.error_description ?? body.error;
  if (typeof message === 'string' && message) return message;
  return text ? text.slice(0, 500) : `HTTP ${status}`;
}
