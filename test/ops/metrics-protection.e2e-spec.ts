import { randomBytes } from 'node:crypto';
import { startHub, TestHub } from '../support/hub';
import { connectInstance } from '../support/recipe';
import { sample } from './prometheus';

const INTERVAL_MS = 5000;

/**
 * Finding 12 of the outside attack: `/metrics` needed no credentials and ran two aggregate
 * queries per scrape; at 255 scrapes/s PGlite's event intake fell from 453/s to 134/s. Its
 * database gauges are now read at most once per HUB_METRICS_GAUGE_INTERVAL_MS whatever the scrape
 * rate, and HUB_METRICS_TOKEN puts it behind a bearer token.
 */
describe('GET /metrics: cost and protection', () => {
  const token = randomBytes(24).toString('base64url');
  let hub: TestHub;
  /** The gauge reads that reached the database: the real queries, counted as they pass. */
  let gaugeReads = 0;
  let origin: string;
  /** A scrape as Prometheus makes it, over a kept-alive connection to the listening hub; `null` sends no Authorization. */
  const scrape = async (authorization: string | null = `Bearer ${token}`) => {
    const res = await fetch(`${origin}/metrics`, { headers: authorization === null ? {} : { authorization } });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };

  beforeAll(async () => {
    hub = await startHub({ env: { HUB_METRICS_TOKEN: token, HUB_METRICS_GAUGE_INTERVAL_MS: String(INTERVAL_MS) } });
    await hub.app.listen(0, '127.0.0.1');
    origin = await hub.app.getUrl();
    const dataSource = hub.dataSource();
    const query = dataSource.query.bind(dataSource);
    jest.spyOn(dataSource, 'query').mockImplementation((sql: string, ...rest: unknown[]) => {
      if (/count\(\*\) FILTER \(WHERE valid AND NOT disabled\)[\s\S]*FROM instances/.test(sql)) gaugeReads++;
      return (query as (sql: string, ...rest: unknown[]) => Promise<unknown>)(sql, ...rest);
    });
  });
  afterAll(() => hub?.close());

  it('reads the database gauges once for a burst of 200 scrapes, and again once the interval has passed', async () => {
    const before = gaugeReads;
    const started = performance.now();
    const burst = await Promise.all(Array.from({ length: 200 }, () => scrape()));
    const burstEnded = performance.now();
    expect(burst.map((res) => res.status)).toEqual(Array(200).fill(200));
    // The first scrape reads; the others share that read or are served from it (a second read
    // only if the burst outlasted the interval on a slow machine). Unbounded, this was 200 reads.
    expect(gaugeReads - before).toBeLessThanOrEqual(burstEnded - started < INTERVAL_MS ? 1 : 2);
    const active = sample(burst[199].text, 'hub_instances', { state: 'active' });

    await connectInstance(hub);
    // Every read of the burst started before it ended: one interval after that, the next scrape reads again.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, INTERVAL_MS - (performance.now() - burstEnded)) + 200));
    const reads = gaugeReads;
    const later = await Promise.all(Array.from({ length: 20 }, () => scrape()));
    expect(gaugeReads - reads).toBe(1);
    // Concurrent scrapes shared that one read, and all saw the new instance.
    for (const res of later) expect(sample(res.text, 'hub_instances', { state: 'active' })).toBe(active + 1);
  });

  it('answers 401 with the error body without the token or with a wrong one, and reads nothing for it', async () => {
    const reads = gaugeReads;
    const wrong = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    for (const authorization of [null, '', `Bearer ${wrong}`, `Bearer ${token}x`, `Bearer ${token.slice(0, 8)}`, `Basic ${token}`, token, 'Bearer', hub.auth]) {
      const res = await scrape(authorization);
      expect(res.status).toBe(401);
      expect(JSON.parse(res.text)).toEqual({ requestId: res.headers.get('elements-request-id'), code: 'METRICS_TOKEN_REQUIRED', message: expect.stringMatching(/Authorization: Bearer/) });
      expect(res.text).not.toContain(token);
      expect(res.text).not.toContain('hub_instances');
    }
    expect(gaugeReads).toBe(reads);
  });

  it('answers 200 with the right token, whatever the case of the scheme', async () => {
    for (const authorization of [`Bearer ${token}`, `bearer ${token}`, `  Bearer   ${token}  `]) {
      const res = await scrape(authorization);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(res.text).toMatch(/^hub_instances\{state="active"\} \d+$/m);
    }
  });
});
