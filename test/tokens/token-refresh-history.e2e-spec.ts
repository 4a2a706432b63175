import { SecretBox } from '../../src/common/secret-box';
import { Instance } from '../../src/instances/instance.entity';
import { AccessTokens } from '../../src/tokens/access-tokens';
import { RefreshScheduler } from '../../src/tokens/refresh-scheduler';
import { RefreshOutcome, RefreshTrigger, TokenEvents } from '../../src/tokens/token-events';
import { createOrganization } from '../support/factories';
import { API, startHub, TestHub } from '../support/hub';
import { makeDue } from '../support/instance-fleet';
import { connectInstance } from '../support/recipe';

/** GET /instances/{id}/tokens/refreshes: what each refresh attempt came to and who asked, on PGlite and on PostgreSQL. */
describe('token refresh history', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startHub({ emulator: { rotateRefreshTokens: true }, env: { HUB_REFRESH_RETRY_BASE_MS: '10' } });
  });
  afterAll(() => hub.close());
  beforeEach(() => hub.emulator.clearFaults());

  const history = async (id: number, auth = hub.auth) => (await hub.http().get(`${API}/instances/${id}/tokens/refreshes`).set('Authorization', auth).expect(200)).body;
  const holder = async (id: number) => (await hub.app.get(AccessTokens).withTokenState([await hub.dataSource().getRepository(Instance).findOneByOrFail({ id })]))[0];
  /** Spends the hub's refresh token behind its back: with rotation, the copy the hub holds is dead. */
  const burnGrant = async (id: number) => {
    const { clientId, clientSecret } = hub.emulator.options;
    const refreshToken = hub.app.get(SecretBox).open((await holder(id)).refreshToken!);
    const res = await fetch(`${hub.emulator.baseUrl}/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId, client_secret: clientSecret }),
    });
    expect(res.status).toBe(200);
  };

  it('records each attempt newest first: the API refresh, a failed scheduled one with Webex’s status, a hub call’s, and the invalidation', async () => {
    const { id } = await connectInstance(hub);
    expect(await history(id)).toEqual([]);

    await hub.http().post(`${API}/instances/${id}/tokens/refresh`).set('Authorization', hub.auth).expect(200);
    hub.emulator.injectFault({ method: 'POST', path: '/access_token', status: 503 });
    await makeDue(hub, [id]);
    await hub.app.get(RefreshScheduler).tick();
    await hub.dataSource().query(`UPDATE instance_tokens SET access_token_expires_at = now() - interval '1 second', next_refresh_at = now() + interval '1 day' WHERE instance_id = $1`, [id]);
    await hub.app.get(AccessTokens).forCall(await holder(id));
    await burnGrant(id);
    await makeDue(hub, [id]);
    await hub.app.get(RefreshScheduler).tick();

    const records = await history(id);
    expect(records.map(({ outcome, trigger, webexCode }: Record<string, string>) => ({ outcome, trigger, webexCode }))).toEqual([
      { outcome: 'INVALIDATED', trigger: 'SCHEDULER', webexCode: 'invalid_grant' },
      { outcome: 'REFRESHED', trigger: 'HUB_CALL', webexCode: undefined },
      { outcome: 'FAILED_RETRYING', trigger: 'SCHEDULER', webexCode: '503' },
      { outcome: 'REFRESHED', trigger: 'API', webexCode: undefined },
    ]);
    for (const record of records) expect(Date.now() - Date.parse(record.date)).toBeLessThan(120_000);
    expect((await holder(id)).valid).toBe(false);
  });

  it('keeps the last 50 attempts of an instance, pruned as they are written, and leaves other instances’ alone', async () => {
    const [{ id }, other] = [await connectInstance(hub), await connectInstance(hub)];
    await hub.http().post(`${API}/instances/${other.id}/tokens/refresh`).set('Authorization', hub.auth).expect(200);
    const events = hub.app.get(TokenEvents);
    for (let i = 0; i < 55; i++) {
      await events.publish('attempted', { id, outcome: RefreshOutcome.FAILED_RETRYING, trigger: RefreshTrigger.SCHEDULER, webexCode: String(500 + i) });
    }

    const records = await history(id);
    expect(records).toHaveLength(50);
    expect(records[0].webexCode).toBe('554');
    expect(records[49].webexCode).toBe('505');
    const [{ count }] = await hub.dataSource().query(`SELECT count(*)::int AS count FROM token_refreshes WHERE instance_id = $1`, [id]);
    expect(count).toBe(50);
    expect(await history(other.id)).toEqual([expect.objectContaining({ outcome: 'REFRESHED', trigger: 'API' })]);
  });

  it('is a 404 for an instance of another organization or none at all, and goes with the instance when it is deleted', async () => {
    const { id } = await connectInstance(hub);
    await hub.http().post(`${API}/instances/${id}/tokens/refresh`).set('Authorization', hub.auth).expect(200);
    const other = await createOrganization(hub);

    const foreign = await hub.http().get(`${API}/instances/${id}/tokens/refreshes`).set('Authorization', other.auth).expect(404);
    expect(foreign.body).toMatchObject({ code: 'NOT_FOUND', message: `Instance ${id} not found` });
    await hub.http().get(`${API}/instances/999999/tokens/refreshes`).set('Authorization', hub.auth).expect(404);

    await hub.http().delete(`${API}/instances/${id}`).set('Authorization', hub.auth).expect(200);
    const [{ count }] = await hub.dataSource().query(`SELECT count(*)::int AS count FROM token_refreshes WHERE instance_id = $1`, [id]);
    expect(count).toBe(0);
  });
});
