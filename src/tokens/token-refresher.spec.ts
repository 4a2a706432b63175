import { Logger } from '@nestjs/common';
import { HubConfig } from '../config/hub-config';
import { ElementsService } from '../elements/elements.service';
import { HubMetrics } from '../metrics/hub-metrics';
import { WebexClient } from '../webex/webex.client';
import { OAuthGrantException, WebexApiException } from '../webex/webex.exception';
import { TokenGrant, WebexOAuth } from '../webex/webex-oauth.service';
import { fakeBox, fakeElement, holderAt } from './spec-support';
import { RefreshOutcome, RefreshTrigger, TokenEvents } from './token-events';
import { TokenGrants } from './token-grants';
import { TokenRefresher } from './token-refresher';
import { TokenStore } from './token-store';

const GRANT: TokenGrant = { accessToken: 'access-new', refreshToken: 'refresh-new', expiresIn: 3600, refreshTokenExpiresIn: 7_776_000 };

function setup(settings: Partial<HubConfig> = {}) {
  const store = {
    tryClaim: jest.fn(async () => 'claim-1' as string | undefined),
    read: jest.fn(async () => holderAt(1)),
    release: jest.fn(async () => undefined),
    swap: jest.fn(async () => true),
    recordFailure: jest.fn(async () => undefined),
    invalidate: jest.fn(async () => true),
  };
  const oauth = { refresh: jest.fn(async () => GRANT) };
  const metrics = { refreshed: jest.fn() };
  const events = new TokenEvents();
  const published = { refreshed: jest.fn(), invalidated: jest.fn(), attempted: jest.fn() };
  events.on('refreshed', published.refreshed);
  events.on('invalidated', published.invalidated);
  events.on('attempted', published.attempted);
  const config = Object.assign(new HubConfig(), { HUB_REFRESH_LEASE_MS: 60_000, WEBEX_TIMEOUT_MS: 0, HUB_REFRESH_RETRY_BASE_MS: 30_000, ...settings });
  const sut = new TokenRefresher(
    config,
    store as unknown as TokenStore,
    { get: () => fakeElement } as unknown as ElementsService,
    new TokenGrants(fakeBox, {} as WebexClient),
    events,
    oauth as unknown as WebexOAuth,
    fakeBox,
    metrics as unknown as HubMetrics,
  );
  return { sut, store, oauth, metrics, published };
}

beforeAll(() => Logger.overrideLogger(false));

describe('TokenRefresher', () => {
  it('spends the refresh token once, stores the new grant by compare-and-swap on the version it read, and publishes it', async () => {
    const { sut, store, oauth, published } = setup();

    const refreshed = await sut.refresh({ id: 7, tokenVersion: 1 }, RefreshTrigger.HUB_CALL);

    expect(oauth.refresh).toHaveBeenCalledWith({ clientId: 'client', clientSecret: 'secret' }, 'refresh-1');
    expect(store.swap).toHaveBeenCalledWith(7, 1, expect.objectContaining({ accessToken: 'sealed:access-new', refreshToken: 'sealed:refresh-new' }));
    expect(refreshed).toMatchObject({ tokenVersion: 2, accessToken: 'sealed:access-new', valid: true });
    expect(published.refreshed).toHaveBeenCalledWith(refreshed);
  });

  it('shares one refresh among concurrent callers for one instance', async () => {
    const { sut, oauth } = setup();

    const [a, b] = await Promise.all([sut.refresh({ id: 7, tokenVersion: 1 }, RefreshTrigger.HUB_CALL), sut.refresh({ id: 7, tokenVersion: 1 }, RefreshTrigger.HUB_CALL)]);

    expect(oauth.refresh).toHaveBeenCalledTimes(1);
    expect(a).toBe(b);
  });

  it('CAS lost: a re-authorization swapped the tokens meanwhile, so it frees the lease and answers the stored tokens, not its own', async () => {
    const { sut, store, metrics } = setup();
    const reauthorized = holderAt(5, { accessToken: 'sealed:access-reauthorized' });
    store.read.mockResolvedValueOnce(holderAt(1)).mockResolvedValueOnce(reauthorized);
    store.swap.mockResolvedValueOnce(false);

    const result = await sut.refresh({ id: 7, tokenVersion: 1 }, RefreshTrigger.HUB_CALL);

    expect(result).toBe(reauthorized);
    expect(store.release).toHaveBeenCalledWith(7, 'claim-1');
    expect(metrics.refreshed).not.toHaveBeenCalled();
  });

  it('lease held elsewhere: waits, then takes the tokens the other replica swapped in without calling Webex', async () => {
    const { sut, store, oauth } = setup();
    store.tryClaim.mockResolvedValue(undefined);
    store.read.mockResolvedValueOnce(holderAt(1)).mockResolvedValueOnce(holderAt(2));

    const result = await sut.refresh({ id: 7, tokenVersion: 1 }, RefreshTrigger.HUB_CALL);

    expect(result.tokenVersion).toBe(2);
    expect(oauth.refresh).not.toHaveBeenCalled();
    expect(store.release).not.toHaveBeenCalled();
  });

  it('lease held elsewhere past the lease and the Webex timeout: 503 TOKEN_REFRESH_BUSY, Webex never called', async () => {
    const { sut, store, oauth } = setup({ HUB_REFRESH_LEASE_MS: 20 });
    store.tryClaim.mockResolvedValue(undefined);

    await expect(sut.refresh({ id: 7, tokenVersion: 1 }, RefreshTrigger.HUB_CALL)).rejects.toMatchObject({ status: 503, code: 'TOKEN_REFRESH_BUSY' });
    expect(oauth.refresh).not.toHaveBeenCalled();
  });

  it('a transient failure is recorded under the claim with a jittered delay, and rethrown', async () => {
    const { sut, store, oauth, metrics } = setup();
    const failure = new Error('connect ECONNREFUSED');
    oauth.refresh.mockRejectedValueOnce(failure);
    store.read.mockResolvedValueOnce(holderAt(1, { refreshFailures: 2 }));

    await expect(sut.refresh({ id: 7, tokenVersion: 1 }, RefreshTrigger.HUB_CALL)).rejects.toBe(failure);

    const [id, claim, text, retryInMs] = store.recordFailure.mock.calls[0] as unknown as [number, string, string, number];
    expect([id, claim, text]).toEqual([7, 'claim-1', 'connect ECONNREFUSED']);
    // Base 30 s doubled per failure so far (2): a ceiling of 120 s, jittered over its upper half.
    expect(retryInMs).toBeGreaterThanOrEqual(60_000);
    expect(retryInMs).toBeLessThanOrEqual(120_000);
    expect(metrics.refreshed).toHaveBeenCalledWith('failed');
  });

  it('retry budget spent: after many failures the next attempt waits at most an hour, never longer', async () => {
    const { sut, store, oauth } = setup();
    oauth.refresh.mockRejectedValue(new Error('Webex answered 500'));
    store.read.mockResolvedValue(holderAt(1, { refreshFailures: 40 }));

    for (let i = 0; i < 20; i++) await expect(sut.refresh({ id: 7, tokenVersion: 1 }, RefreshTrigger.HUB_CALL)).rejects.toThrow('Webex answered 500');

    const delays = store.recordFailure.mock.calls.map((call) => (call as unknown as [number, string, string, number])[3]);
    expect(Math.max(...delays)).toBeLessThanOrEqual(3_600_000);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(1_800_000);
  });

  it('a refresh token Webex refuses for good invalidates the instance once and publishes it', async () => {
    const { sut, store, oauth, published, metrics } = setup();
    oauth.refresh.mockRejectedValueOnce(new OAuthGrantException('invalid_grant', 400, 'refresh token revoked'));
    const invalid = holderAt(1, { valid: false, invalidReason: 'revoked' });
    store.read.mockResolvedValueOnce(holderAt(1)).mockResolvedValueOnce(invalid);

    const result = await sut.refresh({ id: 7, tokenVersion: 1 }, RefreshTrigger.HUB_CALL);

    expect(store.invalidate).toHaveBeenCalledWith(7, 1, expect.stringMatching(/Webex refused the refresh token \(invalid_grant: refresh token revoked\)/));
    expect(result).toBe(invalid);
    expect(published.invalidated).toHaveBeenCalledTimes(1);
    expect(metrics.refreshed).toHaveBeenCalledWith('invalidated');
  });

  it('asks Webex even past the stored refresh-token deadline, and records the deadline Webex gives with the new grant', async () => {
    const { sut, store, oauth } = setup();
    store.read.mockResolvedValueOnce(holderAt(1, { refreshTokenExpiresAt: new Date(Date.now() - 1000) }));

    const refreshed = await sut.refresh({ id: 7, tokenVersion: 1 }, RefreshTrigger.HUB_CALL);

    expect(oauth.refresh).toHaveBeenCalledTimes(1);
    expect(refreshed.valid).toBe(true);
    const deadline = new Date(refreshed.refreshTokenExpiresAt!).getTime();
    expect(Math.abs(deadline - (Date.now() + GRANT.refreshTokenExpiresIn! * 1000))).toBeLessThan(5_000);
    expect(store.swap).toHaveBeenCalledWith(7, 1, expect.objectContaining({ refreshTokenExpiresAt: refreshed.refreshTokenExpiresAt }));
  });

  it('past the stored deadline, a refresh token Webex refuses invalidates the instance with both reasons', async () => {
    const { sut, store, oauth } = setup();
    oauth.refresh.mockRejectedValueOnce(new OAuthGrantException('invalid_grant', 400, 'refresh token expired'));
    store.read.mockResolvedValueOnce(holderAt(1, { refreshTokenExpiresAt: new Date(Date.now() - 1000) }));

    await sut.refresh({ id: 7, tokenVersion: 1 }, RefreshTrigger.HUB_CALL);

    expect(store.invalidate).toHaveBeenCalledWith(7, 1, 'Webex refused the refresh token (invalid_grant: refresh token expired); its lifetime had ended');
  });

  it('never calls Webex for a token a client brought: an expired personal token, or one Webex rejected, invalidates the instance', async () => {
    const { sut, store, oauth, published } = setup();
    store.read.mockResolvedValueOnce(holderAt(1, { refreshToken: null, accessTokenExpiresAt: new Date(Date.now() - 1000) }));
    await sut.refresh({ id: 7, tokenVersion: 1 }, RefreshTrigger.HUB_CALL);
    store.read.mockResolvedValueOnce(holderAt(1, { refreshToken: null, accessTokenExpiresAt: null }));
    await sut.refresh({ id: 7, tokenVersion: 1 }, RefreshTrigger.HUB_CALL);

    expect(oauth.refresh).not.toHaveBeenCalled();
    expect(store.invalidate.mock.calls).toEqual([
      [7, 1, expect.stringMatching(/access token reached the end of its lifetime \(a personal access token lives 12 hours\)/)],
      [7, 1, 'Webex no longer accepts the access token'],
    ]);
    expect(published.invalidated).toHaveBeenCalledTimes(2);
  });

  it('an invalidation that lost its CAS to a re-authorization publishes nothing and answers the stored tokens', async () => {
    const { sut, store, oauth, published } = setup();
    oauth.refresh.mockRejectedValueOnce(new OAuthGrantException('invalid_grant', 400, 'refresh token revoked'));
    store.invalidate.mockResolvedValueOnce(false);
    store.read.mockResolvedValueOnce(holderAt(1)).mockResolvedValueOnce(holderAt(3));

    const result = await sut.refresh({ id: 7, tokenVersion: 1 }, RefreshTrigger.HUB_CALL);

    expect(result.tokenVersion).toBe(3);
    expect(published.invalidated).not.toHaveBeenCalled();
  });

  it('hands a claimed instance to a hub call already refreshing it, releasing the claim', async () => {
    const { sut, store, oauth } = setup();
    const onDemand = sut.refresh({ id: 7, tokenVersion: 1 }, RefreshTrigger.HUB_CALL);

    const claimed = await sut.refreshClaimed(holderAt(1), 'scheduler-claim');

    expect(store.release).toHaveBeenCalledWith(7, 'scheduler-claim');
    expect(claimed).toBe(await onDemand);
    expect(oauth.refresh).toHaveBeenCalledTimes(1);
  });

  it('publishes each outcome with who asked for it and the Webex code: refreshed, failed and retrying, invalidated; nothing when another replica had swapped', async () => {
    const { sut, store, oauth, published } = setup();
    await sut.refreshClaimed(holderAt(1), 'scheduler-claim');
    oauth.refresh.mockRejectedValueOnce(new WebexApiException(503, 'try later'));
    await expect(sut.refresh({ id: 7, tokenVersion: 1 }, RefreshTrigger.API)).rejects.toThrow('Webex answered 503');
    oauth.refresh.mockRejectedValueOnce(new OAuthGrantException('invalid_grant', 400, 'refresh token revoked'));
    await sut.refresh({ id: 7, tokenVersion: 1 }, RefreshTrigger.CONSOLE);
    store.read.mockResolvedValueOnce(holderAt(2));
    await sut.refresh({ id: 7, tokenVersion: 1 }, RefreshTrigger.HUB_CALL);

    expect(published.attempted.mock.calls.map(([attempt]) => attempt)).toEqual([
      { id: 7, outcome: RefreshOutcome.REFRESHED, trigger: RefreshTrigger.SCHEDULER, webexCode: null },
      { id: 7, outcome: RefreshOutcome.FAILED_RETRYING, trigger: RefreshTrigger.API, webexCode: '503' },
      { id: 7, outcome: RefreshOutcome.INVALIDATED, trigger: RefreshTrigger.CONSOLE, webexCode: 'invalid_grant' },
    ]);
  });
});
