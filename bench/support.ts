import autocannon from 'autocannon';

/** One row of the benchmark table. */
export interface BenchResult {
  name: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  notes?: string;
  /** Requests answered in the measured time. */
  requests?: number;
}

export interface LoadOptions {
  url: string;
  connections?: number;
  durationSeconds?: number;
  headers?: Record<string, string>;
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: string;
}

/** Drives `url` with autocannon and reports mean req/s and latency percentiles; non-2xx answers fail the run. */
export async function measure(name: string, options: LoadOptions, notes?: string): Promise<BenchResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections ?? 50,
    duration: options.durationSeconds ?? 10,
    headers: options.headers,
    method: options.method ?? 'GET',
    body: options.body,
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${name}: ${result.non2xx} non-2xx answers and ${result.errors} errors`);
  return { name, requestsPerSecond: Math.round(result.requests.average), p50Ms: result.latency.p50, p99Ms: result.latency.p99, notes, requests: result.requests.total };
}
