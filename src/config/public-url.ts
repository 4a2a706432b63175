import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { HubConfig } from './hub-config';

/** `http://host:port` of a listening address; a wildcard host (all interfaces) is reached as localhost. */
export function listenUrl(host: string, port: number): string {
  const name = ['', '0.0.0.0', '::', '[::]'].includes(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

/**
 * The hub's public base URL, without a trailing slash: `HUB_PUBLIC_URL` when it is set, else the
 * address the hub listens on. Read when needed rather than at start, so that with `PORT=0` it is
 * the port the server was given (its few readers are not on a hot path).
 */
@Injectable()
export class PublicUrl {
  constructor(
    private readonly config: HubConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  get value(): string {
    if (this.config.HUB_PUBLIC_URL) return this.config.HUB_PUBLIC_URL;
    const address = this.adapterHost.httpAdapter?.getHttpServer()?.address();
    return listenUrl(this.config.HOST, address && typeof address === 'object' ? address.port : this.config.PORT);
  }
}
