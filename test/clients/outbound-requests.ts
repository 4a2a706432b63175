import { subscribe, unsubscribe } from 'node:diagnostics_channel';

/**
 * Every HTTP request this process starts, through `node:http` (the clients' `request`) or undici
 * (fetch), as `METHOD origin/path`: a client that tried to reach a real Webex host (its service
 * catalog, metrics) shows here even when the machine has no network to answer it.
 */
export class OutboundRequests {
  readonly seen: string[] = [];
  private readonly onHttp = (message: unknown) => {
    const { request } = message as { request: { method: string; protocol: string; host: string; path: string; socket?: unknown } };
    const port = (request as unknown as { getHeader(name: string): unknown }).getHeader('host');
    this.seen.push(`${request.method} ${request.protocol}//${String(port ?? request.host)}${request.path}`);
  };
  private readonly onUndici = (message: unknown) => {
    const { request } = message as { request: { method: string; origin: string; path: string } };
    this.seen.push(`${request.method} ${request.origin}${request.path}`);
  };

  start(): this {
    subscribe('http.client.request.start', this.onHttp);
    subscribe('undici:request:create', this.onUndici);
    return this;
  }

  stop(): void {
    unsubscribe('http.client.request.start', this.onHttp);
    unsubscribe('undici:request:create', this.onUndici);
  }

  /** The requests that went anywhere but the given origins (the emulator, the test's own server). */
  elsewhere(...origins: string[]): string[] {
    return this.seen.filter((line) => !origins.some((origin) => line.split(' ')[1].startsWith(origin)));
  }
}
