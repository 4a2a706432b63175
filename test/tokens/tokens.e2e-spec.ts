import { SecretBox } from '../../src/common/secret-box';
import { InstanceChange, InstanceHooks } from '../../src/instances/instance-hooks';
import { InstanceResolver } from '../../src/instances/instance-resolver';
import { Instance } from '../../src/instances/instance.entity';
import { AccessTokens } from '../../src/tokens/access-tokens';
import { RefreshScheduler } from '../../src/tokens/refresh-scheduler';
import { createOrganization } from '../support/factories';
import { API, startHub, TestHub } from '../support/hub';
import { deadRefreshTokens, insertInstances, makeDue, refreshRequests } from '../support/instance-fleet';
import { connectInstance, withElement } from '../support/recipe';

/** Single-process token lifecycle, on PGlite and on PostgreSQL; replicas are in tokens-replicas. */
describe('token lifecycle', () => {
  let hub: TestHub;
  let scheduler: RefreshScheduler;
  let tokens: AccessTokens;
  const hookCalls: Array<{ change: InstanceChange; id: number; valid: boolean }> = [];

  beforeAll(async () => {
    // Rotating refresh tokens: any refresh done twice with one token would burn the grant.
    hub = await startHub({ emulator: { rotateRefreshTokens: true }, env: { HUB_REFRESH_RETRY_BASE_MS: '10', HUB_REFRESH_BATCH_SIZE: '7' } });
    scheduler = hub.app.get(RefreshScheduler);
    tokens = hub.app.get(AccessTokens);
    hub.app.get(InstanceHooks).listen(async (change, instance) => void hookCalls.push({ change, id: instance.id, valid: instance.valid }));
  });
  afterAll(() => hub.close());
  beforeEach(async () => {
    hub.emulator.clearFaults();
    // Nothing left due from earlier tests.
    await hub.dataSource().query(`UPDATE instance_tokens SET next_refresh_at = now() + interval '1 day'`);
  });

  /** The instance row with its token state, as instances/ hands it out. */
  const row = async (id: number) => (await hub.app.get(AccessTokens).withTokenState([await hub.dataSource().getRepository(Instance).findOneByOrFail({ id })]))[0];
  const view = async (id: number) => (await hub.http().get(`${API}/instances/${id}`).set('Authorization', hub.auth).expect(200)).body;
  const expireAccessToken = (id: number) => hub.dataSource().query(`UPDATE instance_tokens SET access_token_expires_at = now() - interval '1 second' WHERE instance_id = $1`, [id]);
  /** Spends the instance's refresh token behind the hub's back (rotation makes the hub's copy dead). */
  const burnGrant = async (id: number) => {
    const stored = await row(id);
    const { clientId, clientSecret } = hub.emulator.options;
    const res = await fetch(`${hub.emulator.baseUrl}/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: hub.app.get(SecretBox).open(stored.refreshToken!), client_id: clientId, client_secret: clientSecret }),
    });
    expect(res.status).toBe(200);
  };

  it('refreshes every due instance once per tick, in batches, and schedules the next refresh ahead of expiry', async () => {
    const ids = await insertInstances(hub, 20);
    const due = ids.slice(0, 15);
    await makeDue(hub, due);
    const before = refreshRequests(hub);

    expect(await scheduler.tick()).toBe(15);
    expect(await scheduler.tick()).toBe(0);

    expect(refreshRequests(hub) - before).toBe(15);
    for (const id of ids) {
      const instance = await row(id);
      expect(instance.tokenVersion).toBe(due.includes(id) ? 2 : 1);
      expect(instance.valid).toBe(true);
    }
    expect(await deadRefreshTokens(hub, ids)).toEqual([]);
    const refreshed = await view(due[0]);
    const lifetimeMs = Number(refreshed.configuration['oauth.user.refresh_interval']) * 1000;
    const refreshTime = Number(refreshed.configuration['oauth.user.refresh_time']);
    expect(Date.now() - refreshTime).toBeLessThan(60_000);
    // Ahead of expiry by 20% of the lifetime, minus up to 5% jitter.
    const ahead = refreshTime + lifetimeMs - Date.parse(refreshed.nextRefreshDate);
    expect(ahead).toBeGreaterThanOrEqual(lifetimeMs * 0.2 - 1000);
    expect(ahead).toBeLessThanOrEqual(lifetimeMs * 0.25 + 1000);
    expect(Date.parse(refreshed.lastRefreshDate)).toBe(refreshTime);
    expect(refreshed.lastRefreshError).toBeUndefined();
  });

  it('50 concurrent calls on an expired token share one refresh, and all get a token Webex accepts', async () => {
    const [id] = await insertInstances(hub, 1);
    await expireAccessToken(id);
    const stale = await row(id);
    const before = refreshRequests(hub);

    const results = await Promise.all(Array.from({ length: 50 }, () => tokens.forCall(stale)));

    expect(refreshRequests(hub) - before).toBe(1);
    expect(new Set(results).size).toBe(1);
    expect((await row(id)).tokenVersion).toBe(2);
    const me = await fetch(`${hub.emulator.baseUrl}/people/me`, { headers: { authorization: `Bearer ${results[0]}` } });
    expect(me.status).toBe(200);
    // A copy read before the refresh takes the stored tokens, it does not refresh again.
    expect(await tokens.forCall(stale)).toBe(results[0]);
    expect(refreshRequests(hub) - before).toBe(1);
  });

  it('after Webex rejects a token, uses the one someone else already swapped in, else refreshes', async () => {
    const [id] = await insertInstances(hub, 1);
    const stale = await row(id);
    const oldToken = hub.app.get(SecretBox).open(stale.accessToken!);
    const before = refreshRequests(hub);
    const fresh = await tokens.afterRejected(stale, oldToken);
    expect(fresh).not.toBe(oldToken);
    expect(refreshRequests(hub) - before).toBe(1);
    expect(await tokens.afterRejected(stale, oldToken)).toBe(fresh);
    expect(refreshRequests(hub) - before).toBe(1);
  });

  it('invalid_grant marks the instance invalid, stops scheduling it, emits invalidated, and hub calls get 401', async () => {
    const connected = await connectInstance(hub);
    await burnGrant(connected.id);
    await makeDue(hub, [connected.id]);
    const before = refreshRequests(hub);

    await scheduler.tick();

    const instance = await view(connected.id);
    expect(instance.valid).toBe(false);
    expect(instance.invalidReason).toMatch(/invalid_grant/);
    expect(Date.now() - Date.parse(instance.invalidDate)).toBeLessThan(60_000);
    expect(instance.nextRefreshDate).toBeUndefined();
    expect(hookCalls).toContainEqual({ change: 'invalidated', id: connected.id, valid: false });
    expect(hookCalls.filter((c) => c.change === 'invalidated' && c.id === connected.id)).toHaveLength(1);

    // Not claimed again.
    await hub.dataSource().query(`UPDATE instance_tokens SET next_refresh_at = now() - interval '1 second' WHERE instance_id = $1`, [connected.id]);
    await scheduler.tick();
    expect(refreshRequests(hub) - before).toBe(1);

    // Hub calls: the resolver (cache included) refuses the instance with a message naming the fix.
    const resolver = hub.app.get(InstanceResolver);
    expect(() => resolver.assertUsable(instance as never)).toThrow(/re-authorize it with PUT \/instances/);
    const stored = await row(connected.id);
    expect(() => resolver.assertUsable(stored)).toThrow(expect.objectContaining({ status: 401 }));
    const call = await hub.http().get(`${API}/hubs/collaboration/accounts`).set('Authorization', withElement(hub, connected.token));
    if (call.status !== 404) {
      expect(call.status).toBe(401);
      expect(call.body.message).toMatch(/re-authorize/);
    }
    const manual = await hub.http().post(`${API}/instances/${connected.id}/tokens/refresh`).set('Authorization', hub.auth).expect(401);
    expect(manual.body).toMatchObject({ code: 'INSTANCE_NOT_AUTHORIZED', message: expect.stringMatching(/re-authorize it with PUT/) });
  });

  it('a hub call that finds the grant dead gets 401 at once, and re-authorizing with a new code makes the instance valid again', async () => {
    const connected = await connectInstance(hub);
    await burnGrant(connected.id);
    await expireAccessToken(connected.id);
    await expect(tokens.forCall(await row(connected.id))).rejects.toMatchObject({ status: 401, message: expect.stringMatching(/re-authorize/) });
    expect((await row(connected.id)).valid).toBe(false);

    const { clientId, redirectUris } = hub.emulator.options;
    const { code } = hub.emulator.authorize({ clientId, redirectUri: redirectUris[0], scope: 'spark:all spark:kms', email: connected.email });
    const reauthorized = await hub
      .http()
      .put(`${API}/instances/${connected.id}`)
      .set('Authorization', hub.auth)
      .send({ providerData: { code }, configuration: { 'oauth.callback.url': redirectUris[0], 'oauth.api.key': clientId } })
      .expect(200);
    expect(reauthorized.body.valid).toBe(true);
    expect(reauthorized.body.invalidReason).toBeUndefined();
    expect(reauthorized.body.nextRefreshDate).toBeDefined();

    await makeDue(hub, [connected.id]);
    await scheduler.tick();
    const after = await row(connected.id);
    expect(after.valid).toBe(true);
    expect(after.tokenVersion).toBeGreaterThanOrEqual(3);
  });

  it('a refresh token past its stored deadline is tried at Webex: honoured, the deadline Webex gives is recorded; refused, the instance is invalid', async () => {
    const [alive, dead] = await insertInstances(hub, 2);
    await hub.dataSource().query(`UPDATE instance_tokens SET refresh_token_expires_at = now() - interval '1 second' WHERE instance_id = ANY($1)`, [[alive, dead]]);
    // At Webex, only the second one's refresh token has really expired.
    const deadToken = hub.app.get(SecretBox).open((await row(dead)).refreshToken!);
    hub.emulator.emulator.store.refreshTokens.get(deadToken)!.expiresAt = Date.now() - 1000;
    await makeDue(hub, [alive, dead]);
    const before = refreshRequests(hub);

    await scheduler.tick();

    expect(refreshRequests(hub) - before).toBe(2);
    const kept = await row(alive);
    expect(kept).toMatchObject({ valid: true, tokenVersion: 2 });
    // Rotation: a new refresh token with Webex's full lifetime, and that deadline stored.
    const webexDeadline = Date.now() + hub.emulator.options.refreshTokenTtl * 1000;
    expect(Math.abs(new Date(kept.refreshTokenExpiresAt!).getTime() - webexDeadline)).toBeLessThan(60_000);
    expect(await deadRefreshTokens(hub, [alive])).toEqual([]);
    const gone = await row(dead);
    expect(gone.valid).toBe(false);
    expect(gone.invalidReason).toMatch(/invalid_grant.*its lifetime had ended/);
    expect(hookCalls).toContainEqual({ change: 'invalidated', id: dead, valid: false });
  });

  it('500s from the token endpoint are recorded and retried with backoff; the instance stays valid', async () => {
    const [id] = await insertInstances(hub, 1);
    await makeDue(hub, [id]);
    hub.emulator.injectFault({ path: '/access_token', status: 500, count: 2 });

    await scheduler.tick();
    let instance = await row(id);
    expect(instance.valid).toBe(true);
    expect(instance.refreshFailures).toBe(1);
    expect(instance.lastRefreshError).toMatch(/500/);
    expect(instance.tokenVersion).toBe(1);
    const body = await view(id);
    expect(body.lastRefreshError).toMatch(/500/);
    expect(Date.parse(body.nextRefreshDate)).toBeGreaterThan(Date.now() - 1000);

    await new Promise((resolve) => setTimeout(resolve, 50));
    await scheduler.tick();
    instance = await row(id);
    expect(instance.refreshFailures).toBe(2);
    // Backoff doubles: base 10 ms, then 20 ms, each with jitter over its upper half.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await scheduler.tick();
    instance = await row(id);
    expect(instance).toMatchObject({ valid: true, refreshFailures: 0, lastRefreshError: null, tokenVersion: 2 });
    expect(await deadRefreshTokens(hub, [id])).toEqual([]);
  });

  it('a hub call keeps using a still-valid token while the token endpoint fails', async () => {
    const [id] = await insertInstances(hub, 1);
    // Issued an hour ago, 30 s left: within its margin (the smaller of 60 s and a tenth of its lifetime).
    await hub.dataSource().query(
      `UPDATE instance_tokens SET access_token_expires_at = now() + interval '30 seconds', last_refresh_at = now() - interval '1 hour' WHERE instance_id = $1`,
      [id],
    );
    const instance = await row(id);
    hub.emulator.injectFault({ path: '/access_token', status: 503, count: 1 });
    expect(await tokens.forCall(instance)).toBe(hub.app.get(SecretBox).open(instance.accessToken!));
    expect((await row(id)).refreshFailures).toBe(1);
  });

  it('POST /instances/{id}/tokens/refresh refreshes now and answers the refresh history; scoped to the caller', async () => {
    const connected = await connectInstance(hub);
    const before = refreshRequests(hub);
    const res = await hub.http().post(`${API}/instances/${connected.id}/tokens/refresh`).set('Authorization', hub.auth).expect(200);
    expect(refreshRequests(hub) - before).toBe(1);
    expect(res.body).toMatchObject({ id: connected.id, valid: true });
    expect(Date.parse(res.body.lastRefreshDate)).toBeGreaterThan(Date.parse(connected.body.lastRefreshDate));
    expect(Date.parse(res.body.nextRefreshDate)).toBeGreaterThan(Date.now());
    expect(res.body.token).not.toBe(connected.token);
    expect(JSON.stringify(res.body)).not.toMatch(/v1:|accessToken|refreshToken/);

    const other = await createOrganization(hub);
    await hub.http().post(`${API}/instances/${connected.id}/tokens/refresh`).set('Authorization', other.auth).expect(404);
    await hub.http().post(`${API}/instances/999999/tokens/refresh`).set('Authorization', hub.auth).expect(404);
    await hub.http().post(`${API}/instances/${connected.id}/tokens/refresh`).expect(401);

    hub.emulator.injectFault({ path: '/access_token', status: 500, count: 1 });
    const failed = await hub.http().post(`${API}/instances/${connected.id}/tokens/refresh`).set('Authorization', hub.auth).expect(502);
    expect(failed.body.message).toMatch(/retries/);
    expect((await view(connected.id)).lastRefreshError).toMatch(/500/);
  });

  it('a configuration change saved from a copy read before a refresh does not write the old tokens back', async () => {
    const connected = await connectInstance(hub);
    const stale = await row(connected.id);
    await hub.http().post(`${API}/instances/${connected.id}/tokens/refresh`).set('Authorization', hub.auth).expect(200);
    const refreshed = await row(connected.id);
    // The Element-token path uses the resolver's cached copy: make it the stale one.
    await hub.http().get(`${API}/instance`).set('Authorization', withElement(hub, connected.token)).expect(200);
    hub.app.get(InstanceResolver).remember(stale);
    await hub.http().patch(`${API}/instances`).set('Authorization', withElement(hub, connected.token)).send({ name: 'renamed' }).expect(200);
    const after = await row(connected.id);
    expect(after.name).toBe('renamed');
    expect(after).toMatchObject({ tokenVersion: refreshed.tokenVersion, refreshToken: refreshed.refreshToken, accessToken: refreshed.accessToken });
    expect(await deadRefreshTokens(hub, [connected.id])).toEqual([]);
  });

  it('deleting an instance discards its tokens', async () => {
    const connected = await connectInstance(hub);
    const stored = await row(connected.id);
    await hub.http().delete(`${API}/instances/${connected.id}`).set('Authorization', hub.auth).expect(200);
    const dump = await hub.dump();
    expect(dump).not.toContain(stored.accessToken!);
    expect(dump).not.toContain(stored.refreshToken!);
    expect(await hub.dataSource().getRepository(Instance).findOneBy({ id: connected.id })).toBeNull();
  });
});

describe('refresh scheduler running on its own', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub({ emulator: { rotateRefreshTokens: true }, env: { HUB_WORKERS_ENABLED: 'true', HUB_REFRESH_POLL_MS: '50' } });
  });
  afterAll(() => hub.close());

  it('refreshes a due instance without being driven', async () => {
    const ids = await insertInstances(hub, 3, { due: true });
    const deadline = Date.now() + 10_000;
    let versions: number[] = [];
    while (Date.now() < deadline) {
      versions = (await hub.dataSource().query(`SELECT token_version FROM instance_tokens WHERE instance_id = ANY($1)`, [ids])).map((r: { token_version: number }) => r.token_version);
      if (versions.every((v) => v === 2)) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(versions).toEqual([2, 2, 2]);
    expect(refreshRequests(hub)).toBe(3);
  });
});
