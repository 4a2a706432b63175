import { Pool } from 'undici';

/** One request of a load: what a client of the hub sends. */
export interface LoadCall {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadFigures {
  sent: number;
  /** Answers received before the sending stopped: below `sent` by what was still queued or in flight then. */
  answeredWhileSending: number;
  /** Answers with a status of 400 or more, and requests that got no answer. */
  failed: number;
  /** The first few failures, to read when the test fails. */
  failures: string[];
  statuses: Record<string, number>;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  seconds: number;
}

/**
 * Sends `ratePerSecond` requests to `origin` on a fixed schedule (open loop: a slow answer does
 * not slow the sending, as real clients do not wait for each other), the i-th being `call(i)`,
 * over keep-alive connections, until `stop()`; then waits for the answers still due.
 */
export function steadyLoad(origin: string, ratePerSecond: number, call: (i: number) => LoadCall) {
  const pool = new Pool(origin, { connections: 128, keepAliveTimeout: 4000 });
  const latencies: number[] = [];
  const figures: LoadFigures = { sent: 0, answeredWhileSending: 0, failed: 0, failures: [], statuses: {}, p50Ms: 0, p99Ms: 0, maxMs: 0, seconds: 0 };
  const pending = new Set<Promise<void>>();
  const started = Date.now();

  const one = async (spec: LoadCall) => {
    const at = performance.now();
    let outcome: string;
    try {
      const res = await pool.request({ method: spec.method, path: spec.path, headers: { 'content-type': 'application/json', ...spec.headers }, body: spec.body });
      const text = await res.body.text();
      outcome = String(res.statusCode);
      if (res.statusCode >= 400) figures.failures.push(`${spec.method} ${spec.path}: ${res.statusCode} ${text.slice(0, 300)}`);
    } catch (error) {
      outcome = (error as NodeJS.ErrnoException).code ?? 'error';
      figures.failures.push(`${spec.method} ${spec.path}: ${String(error)}`);
    }
    latencies.push(performance.now() - at);
    figures.statuses[outcome] = (figures.statuses[outcome] ?? 0) + 1;
  };

  const ticker = setInterval(() => {
    const due = Math.floor(((Date.now() - started) * ratePerSecond) / 1000);
    while (figures.sent < due) {
      const request = one(call(figures.sent++));
      pending.add(request);
      void request.finally(() => pending.delete(request));
    }
  }, 5);

  return {
    figures,
    async stop(): Promise<LoadFigures> {
      clearInterval(ticker);
      figures.seconds = (Date.now() - started) / 1000;
      figures.answeredWhileSending = latencies.length;
      await Promise.all(pending);
      await pool.close();
      latencies.sort((a, b) => a - b);
      const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
      figures.failed = figures.failures.length;
      figures.failures = figures.failures.slice(0, 10);
      return Object.assign(figures, { p50Ms: at(0.5), p99Ms: at(0.99), maxMs: Math.round(latencies.at(-1) ?? 0) });
    },
  };
}
