import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small HTTP load balancer for tests that restart hub processes behind it, doing what nginx does
 * with `proxy_next_upstream error` and an active readiness check:
 * - round robin over the backends whose readiness probe (`GET probePath`, every `probeIntervalMs`)
 *   last answered 200; when none is ready, over all of them;
 * - one new connection per request (nginx's default towards upstreams: no keep-alive), so a
 *   backend's `Connection: close` or a closed idle socket never meets a reused connection;
 * - a request whose connection is refused (nothing sent yet) goes to the next backend;
 * - a request once sent is never retried: if its backend fails after the connection was made
 *   (reset, closed without an answer), the client gets a 502. That is what the test counts.
 */
export interface Balancer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** Puts `origin` in slot `slot` (a restarted process comes back on a new port); not ready until probed. */
  setBackend(slot: number, origin: string): void;
  /** Resolves once the backend in `slot` answers its readiness probe. */
  whenReady(slot: number, timeoutMs?: number): Promise<void>;
  readonly stats: BalancerStats;
  close(): Promise<void>;
}

export interface BalancerStats {
  requests: number;
  /** Connections refused by a backend and the request passed to the next one. */
  passedOn: number;
  /** 502s the balancer answered itself: a backend failed after the request was sent, or none was reachable. */
  failed: number;
  /** Requests answered, per backend origin. */
  answeredBy: Record<string, number>;
  /** Why the first few 502s were answered. */
  reasons: string[];
}

interface Backend {
  origin: string;
  host: string;
  port: number;
  ready: boolean;
}

/** Hop-by-hop headers (RFC 9110 §7.6.1): they describe one connection and are not forwarded. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade']);

const endToEnd = (headers: IncomingHttpHeaders) => Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));

export async function startBalancer(opts: { probePath: string; probeIntervalMs: number }): Promise<Balancer> {
  const backends: Backend[] = [];
  const stats: BalancerStats = { requests: 0, passedOn: 0, failed: 0, answeredBy: {}, reasons: [] };
  let turn = 0;

  const probe = async (backend: Backend) => {
    try {
      const res = await fetch(`${backend.origin}${opts.probePath}`, { signal: AbortSignal.timeout(Math.max(opts.probeIntervalMs, 500)) });
      await res.body?.cancel();
      backend.ready = res.status === 200;
    } catch {
      backend.ready = false;
    }
  };
  let probing = false;
  const prober = setInterval(() => {
    if (probing) return;
    probing = true;
    void Promise.all(backends.map(probe)).finally(() => (probing = false));
  }, opts.probeIntervalMs);

  /** The backends to try for one request, in order: the ready ones from the next in turn. */
  const candidates = (): Backend[] => {
    const start = turn++;
    const rotated = backends.map((_, i) => backends[(start + i) % backends.length]);
    const ready = rotated.filter((b) => b.ready);
    return ready.length > 0 ? ready : rotated;
  };

  const fail = (req: IncomingMessage, res: ServerResponse, reason: string) => {
    stats.failed++;
    if (stats.reasons.length < 10) stats.reasons.push(`${req.method} ${req.url}: ${reason}`);
    if (res.headersSent) return void res.destroy();
    res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ message: `Bad gateway: ${reason}` }));
  };

  const forward = (req: IncomingMessage, body: Buffer, res: ServerResponse, left: Backend[]) => {
    const backend = left.shift();
    if (!backend) return fail(req, res, `no backend reachable (${backends.map((b) => `${b.origin} ${b.ready ? 'ready' : 'not ready'}`).join(', ')})`);
    let sent = false;
    const upstream = request({
      host: backend.host,
      port: backend.port,
      method: req.method,
      path: req.url,
      headers: { ...endToEnd(req.headers), 'x-forwarded-for': req.socket.remoteAddress ?? '', 'content-length': String(body.length) },
      agent: false,
    });
    upstream.once('socket', (socket) => {
      if (socket.connecting) socket.once('connect', () => (sent = true));
      else sent = true;
    });
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (!sent) {
        stats.passedOn++;
        return forward(req, body, res, left);
      }
      fail(req, res, `${backend.origin} ${error.code ?? error.message} after the request was sent`);
    });
    upstream.on('response', (answer) => {
      answer.on('error', () => fail(req, res, `${backend.origin} cut its answer`));
      answer.on('end', () => (stats.answeredBy[backend.origin] = (stats.answeredBy[backend.origin] ?? 0) + 1));
      res.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
      answer.pipe(res);
    });
    upstream.end(body);
  };

  const server = createServer((req, res) => {
    stats.requests++;
    // Read whole first (nginx buffers request bodies too), so a refused connection can be retried with it.
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => forward(req, Buffer.concat(chunks), res, candidates()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    setBackend(slot, origin) {
      const { hostname, port: backendPort } = new URL(origin);
      backends[slot] = { origin, host: hostname, port: Number(backendPort), ready: false };
      void probe(backends[slot]);
    },
    async whenReady(slot, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!backends[slot]?.ready) {
        if (Date.now() > deadline) throw new Error(`Backend ${slot} (${backends[slot]?.origin}) not ready within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, opts.probeIntervalMs / 2));
      }
    },
    close: async () => {
      clearInterval(prober);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
