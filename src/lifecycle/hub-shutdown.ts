import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { HubConfig } from '../config/hub-config';

/**
 * The graceful stop of one hub process (docs/deploy.md, "Stopping a replica"). `begin()` (main.ts
 * calls it on SIGTERM) turns readiness to 503 and answers every request from then on with
 * `Connection: close`; for HUB_SHUTDOWN_DRAIN_MS it still accepts connections (balancers take
 * that long to see the 503), then it stops accepting them. It fixes one deadline, the drain window
 * plus HUB_SHUTDOWN_TIMEOUT_MS away, that every worker's `beforeApplicationShutdown` waits
 * against. At the deadline, connections still open are cut so the process can exit.
 */
@Injectable()
export class HubShutdown implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Shutdown');
  private readonly connections = new Set<Socket>();
  private begun = false;
  private deadlineAt?: number;
  private httpClosed: Promise<void> = Promise.resolve();

  constructor(
    private readonly config: HubConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  /** True from SIGTERM on: workers claim nothing new, readiness fails. */
  get draining(): boolean {
    return this.begun;
  }

  /** Epoch ms by which in-flight work must be done or released (Infinity until the stop starts). */
  get deadline(): number {
    return this.deadlineAt ?? Infinity;
  }

  onApplicationBootstrap(): void {
    // Connections are tracked so the responses of requests already running when the drain starts
    // close their keep-alive connection: otherwise a client could reuse it and hit a socket being
    // closed. Connections, not requests: holding every response in a set until it closed cost a
    // hub call about a tenth of its CPU time (docs/benchmarks.md, Hub proxy).
    const server = this.server();
    server?.on('connection', this.track);
    server?.prependListener('request', this.closeWhenDraining);
  }

  /**
   * Starts the stop; requests keep being accepted for `drainMs`. A close without SIGTERM (tests,
   * the benchmarks' `app.close()`) has no balancer to wait for and passes 0.
   */
  begin(drainMs = this.config.HUB_SHUTDOWN_DRAIN_MS): void {
    if (this.begun) return;
    this.begun = true;
    this.fixDeadline(drainMs);
    const inFlight = this.inFlight();
    this.logger.log(`Draining: ${inFlight.length} requests in flight; listening ${drainMs} ms more, done within ${this.deadline - Date.now()} ms`);
    for (const response of inFlight) if (!response.headersSent) response.setHeader('connection', 'close');
    this.httpClosed = new Promise<void>((resolve) => setTimeout(resolve, drainMs)).then(() => this.closeHttp());
  }

  /** Waits for `work` until the deadline; true when it settled in time. */
  async within(work: Promise<unknown> | undefined): Promise<boolean> {
    if (!work) return true;
    // app.close() without SIGTERM reaches the workers' hooks before begin(): the stop, and its one
    // deadline, start with the first wait. (An Infinity timer would fire after 1 ms.)
    const deadline = this.fixDeadline();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now()), false)));
    try {
      return await Promise.race([work.then(() => true, () => true), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Global module, so Nest calls this after the feature modules' hooks (workers have stopped
   * claiming by then); it returns once every HTTP connection is closed, before the database goes.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.begin(0);
    await this.httpClosed;
  }

  private fixDeadline(drainMs = 0): number {
    return (this.deadlineAt ??= Date.now() + drainMs + this.config.HUB_SHUTDOWN_TIMEOUT_MS);
  }

  private readonly track = (socket: Socket) => {
    this.connections.add(socket);
    socket.once('close', () => this.connections.delete(socket));
  };

  /** A request that arrives during the drain is answered with `Connection: close`. */
  private readonly closeWhenDraining = (_request: IncomingMessage, response: ServerResponse) => {
    if (this.draining) response.setHeader('connection', 'close');
  };

  /** The responses being answered on the open connections: Node keeps each on its socket (`_httpMessage`, which its own closeIdleConnections reads) until it is sent. */
  private inFlight(): ServerResponse[] {
    const responses: ServerResponse[] = [];
    for (const socket of this.connections) {
      const response = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
      if (response && !response.writableFinished) responses.push(response);
    }
    return responses;
  }

  private closeHttp(): Promise<void> {
    const server = this.server();
    if (!server?.listening) return Promise.resolve();
    return new Promise((resolve) => {
      const cut = setTimeout(() => {
        this.logger.warn(`Shutdown deadline reached with ${this.inFlight().length} requests in flight: closing their connections`);
        server.closeAllConnections();
      }, this.deadline - Date.now());
      server.close(() => {
        clearTimeout(cut);
        resolve();
      });
      server.closeIdleConnections();
    });
  }

  private server(): Server | undefined {
    return this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
  }
}
