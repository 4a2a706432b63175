import { API, startHub, TestHub } from '../support/hub';

/** The request log line: secret query parameters are redacted however their names are spelt. */
describe('request log lines', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.close());

  const requestLines = () => hub.logs.flatMap((chunk) => chunk.split('\n')).filter((line) => line.includes('"msg":"request"'));

  it("carry neither the console callback's state nor a secret sent under a percent-encoded name", async () => {
    await hub.http().get(`${API}/console/oauth/callback?code=c0de-value&state=st4te-value`);
    await hub.http().get(`${API}/elements/ciscospark/oauth/url?apiKey=k&apiSecre%74=s3cret-value&callbackUrl=http%3A%2F%2Fx`).set('Authorization', hub.auth);
    await new Promise((resolve) => setImmediate(resolve));

    const lines = requestLines().join('\n');
    expect(lines).toContain('/console/oauth/callback?code=[REDACTED]&state=[REDACTED]');
    expect(lines).toContain('apiSecre%74=[REDACTED]');
    for (const secret of ['c0de-value', 'st4te-value', 's3cret-value']) expect(lines).not.toContain(secret);
  });
});
