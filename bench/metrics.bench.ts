import { HubMetrics } from '../src/metrics/hub-metrics';
import type { BenchResult } from './support';

const BATCHES = 100;
const PER_BATCH = 10_000;
const ROUTES = ['/elements/api-v2/hubs/:hub/*', '/elements/api-v2/instances/:id', '/elements/api-v2/events/:element/:key'];

/**
 * What metrics add to each request: one million observations of an HTTP request (three route
 * templates) and of a Webex call, in batches; p50/p99 are the per-observation cost of a batch, in ms.
 */
export async function run(): Promise<BenchResult[]> {
  const sut = new HubMetrics();
  return [
    measure('metrics: observe an HTTP request', (i) => sut.observeHttp('GET', ROUTES[i % ROUTES.length], 200, 0.012)),
    measure('metrics: observe a Webex call', () => sut.observeWebex('GET', 200, 0.012)),
  ];
}

function measure(name: string, observe: (i: number) => void): BenchResult {
  const perOp: number[] = [];
  const started = performance.now();
  for (let b = 0; b < BATCHES; b++) {
    const t = performance.now();
    for (let i = 0; i < PER_BATCH; i++) observe(i);
    perOp.push((performance.now() - t) / PER_BATCH);
  }
  const seconds = (performance.now() - started) / 1000;
  perOp.sort((a, b) => a - b);
  const ms = (q: number) => Number(perOp[Math.floor(q * (perOp.length - 1))].toFixed(5));
  return { name, requestsPerSecond: Math.round((BATCHES * PER_BATCH) / seconds), p50Ms: ms(0.5), p99Ms: ms(0.99), notes: 'observations/s; p50/p99 per observation' };
}
