import { Histogram, Registry } from 'prom-client';
import { KeyedHistogram } from './keyed-histogram';

describe('KeyedHistogram', () => {
  const buckets = [0.01, 0.1, 1];
  const observations: [string, string, number][] = [
    ['GET', '200', 0.005],
    ['GET', '200', 0.01],
    ['GET', '200', 0.5],
    ['GET', '200', 7],
    ['POST', '404', 0.1],
  ];

  it("exposes what prom-client's Histogram exposes for the same observations", async () => {
    const ours = new Registry();
    const sut = new KeyedHistogram<'method' | 'status'>('calls_seconds', 'Calls', buckets, ours);
    const theirs = new Registry();
    const reference = new Histogram({ name: 'calls_seconds', help: 'Calls', labelNames: ['method', 'status'], buckets, registers: [theirs] });
    for (const [method, status, seconds] of observations) {
      sut.observe(`${method} ${status}`, () => ({ method, status }), seconds);
      reference.labels(method, status).observe(seconds);
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(await ours.metrics()).toContain('calls_seconds_bucket{le="0.01",method="GET",status="200"} 2');
  });

  it('asks for the labels once per key and forgets everything on reset', async () => {
    const registry = new Registry();
    const sut = new KeyedHistogram<'method'>('x_seconds', 'X', buckets, registry);
    const labels = jest.fn(() => ({ method: 'GET' }));
    sut.observe('GET', labels, 1);
    sut.observe('GET', labels, 2);
    expect(labels).toHaveBeenCalledTimes(1);
    expect(await registry.metrics()).toContain('x_seconds_count{method="GET"} 2');
    registry.resetMetrics();
    expect(await registry.metrics()).not.toContain('x_seconds_count');
  });
});
