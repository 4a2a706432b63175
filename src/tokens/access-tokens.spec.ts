import { Logger } from '@nestjs/common';
import { HubError } from '../common/hub-error';
import { AccessTokens } from './access-tokens';
import { RefreshHistory } from './refresh-history';
import { fakeBox, holderAt } from './spec-support';
import { RefreshTrigger, TokenEvents } from './token-events';
import { TokenRefresher } from './token-refresher';
import { TokenStore } from './token-store';

function setup() {
  const refresher = { refresh: jest.fn(async () => holderAt(2)) };
  const store = { read: jest.fn(async () => holderAt(1)) };
  const events = new TokenEvents();
  const refreshed = jest.fn();
  events.on('refreshed', refreshed);
  const sut = new AccessTokens(refresher as unknown as TokenRefresher, store as unknown as TokenStore, events, fakeBox, {} as RefreshHistory);
  return { sut, refresher, store, refreshed };
}

beforeAll(() => Logger.overrideLogger(false));

describe('AccessTokens', () => {
  it('uses the stored access token while it is far from expiry, without refreshing', async () => {
    const { sut, refresher } = setup();

    expect(await sut.forCall(holderAt(1))).toBe('access-1');
    expect(refresher.refresh).not.toHaveBeenCalled();
  });

  it('refreshes first when the access token expires within the minute', async () => {
    const { sut, refresher } = setup();

    expect(await sut.forCall(holderAt(1, {}, 30_000))).toBe('access-2');
    expect(refresher.refresh).toHaveBeenCalledTimes(1);
  });

  it('refreshes a short-lived token only within a tenth of its lifetime: a 30 s token is good for 27 s', async () => {
    const { sut, refresher } = setup();
    const issued = (ago: number) => ({ lastRefreshAt: new Date(Date.now() - ago) });

    // 30 s lifetime, 10 s left: far from its 3 s margin.
    expect(await sut.forCall(holderAt(1, issued(20_000), 10_000))).toBe('access-1');
    // 2 s left: within it.
    expect(await sut.forCall(holderAt(1, issued(28_000), 2_000))).toBe('access-2');
    expect(refresher.refresh).toHaveBeenCalledTimes(1);
  });

  it('uses a token a client brought without refreshing: a bot token (no expiry) and a personal token to its last moment', async () => {
    const { sut, refresher } = setup();

    expect(await sut.forCall(holderAt(1, { refreshToken: null, accessTokenExpiresAt: null }))).toBe('access-1');
    expect(await sut.forCall(holderAt(1, { refreshToken: null, lastRefreshAt: null }, 1_000))).toBe('access-1');
    expect(refresher.refresh).not.toHaveBeenCalled();
  });

  it('an expired personal token goes to the refresher, which finds it dead: the call gets a 401 naming the remedy', async () => {
    const { sut, refresher } = setup();
    refresher.refresh.mockResolvedValueOnce(holderAt(1, { refreshToken: null, valid: false, invalidReason: 'expired' }));

    await expect(sut.forCall(holderAt(1, { refreshToken: null }, -1_000))).rejects.toMatchObject({
      status: 401,
      code: 'INSTANCE_NOT_AUTHORIZED',
      message: 'Instance 7 is no longer authorized by Webex (expired); create an instance from a new token',
    });
  });

  it('keeps using a still-valid token when the refresh fails upstream, but not when the grant is refused', async () => {
    const { sut, refresher } = setup();
    refresher.refresh.mockRejectedValueOnce(new HubError(502, 'WEBEX_ERROR', 'Webex answered 500'));
    expect(await sut.forCall(holderAt(1, {}, 30_000))).toBe('access-1');

    refresher.refresh.mockRejectedValueOnce(new HubError(401, 'INSTANCE_NOT_AUTHORIZED', 'no longer authorized'));
    await expect(sut.forCall(holderAt(1, {}, 30_000))).rejects.toMatchObject({ status: 401 });
  });

  it('after Webex rejected a token someone already replaced, takes the stored one and publishes it, without refreshing', async () => {
    const { sut, refresher, store, refreshed } = setup();
    store.read.mockResolvedValueOnce(holderAt(3));

    expect(await sut.afterRejected(holderAt(1), 'access-1')).toBe('access-3');
    expect(refresher.refresh).not.toHaveBeenCalled();
    expect(refreshed).toHaveBeenCalledWith(expect.objectContaining({ tokenVersion: 3 }));
  });

  it('after Webex rejected the stored token itself, refreshes, as a hub call in the refresh history', async () => {
    const { sut, refresher } = setup();

    expect(await sut.afterRejected(holderAt(1), 'access-1')).toBe('access-2');
    expect(refresher.refresh).toHaveBeenCalledWith(expect.objectContaining({ id: 7, tokenVersion: 1 }), RefreshTrigger.HUB_CALL);
  });

  it('refuses a disabled instance with 403 and an invalid one with 401', () => {
    const { sut } = setup();

    expect(() => sut.assertUsable(holderAt(1, { disabled: true }))).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => sut.assertUsable(holderAt(1, { valid: false, invalidReason: 'invalid_grant' }))).toThrow(/no longer authorized by Webex \(invalid_grant\)/);
    expect(() => sut.assertUsable(holderAt(1))).not.toThrow();
  });

  describe('refreshNow (POST /instances/{id}/tokens/refresh)', () => {
    it('answers the refreshed state', async () => {
      const { sut } = setup();

      expect(await sut.refreshNow(holderAt(1))).toMatchObject({ tokenVersion: 2 });
    });

    it('is a 401 INSTANCE_NOT_AUTHORIZED for a dead grant, as a hub call answers, before and after the attempt', async () => {
      const { sut, refresher } = setup();
      await expect(sut.refreshNow(holderAt(1, { valid: false }))).rejects.toMatchObject({ status: 401, code: 'INSTANCE_NOT_AUTHORIZED' });
      expect(refresher.refresh).not.toHaveBeenCalled();

      refresher.refresh.mockResolvedValueOnce(holderAt(1, { valid: false, invalidReason: 'invalid_grant' }));
      await expect(sut.refreshNow(holderAt(1))).rejects.toMatchObject({ status: 401, code: 'INSTANCE_NOT_AUTHORIZED' });
    });

    it('is a 409 TOKEN_NOT_REFRESHABLE for an instance created from a token, without asking the refresher', async () => {
      const { sut, refresher } = setup();

      await expect(sut.refreshNow(holderAt(1, { refreshToken: null }))).rejects.toMatchObject({ status: 409, code: 'TOKEN_NOT_REFRESHABLE' });
      expect(refresher.refresh).not.toHaveBeenCalled();
    });

    it('is a 502 TOKEN_REFRESH_FAILED when Webex failed, a 4xx as it came otherwise', async () => {
      const { sut, refresher } = setup();
      refresher.refresh.mockRejectedValueOnce(new Error('socket hang up'));
      await expect(sut.refreshNow(holderAt(1))).rejects.toMatchObject({ status: 502, code: 'TOKEN_REFRESH_FAILED' });

      refresher.refresh.mockRejectedValueOnce(new HubError(503, 'TOKEN_REFRESH_BUSY', 'busy'));
      await expect(sut.refreshNow(holderAt(1))).rejects.toMatchObject({ status: 502 });

      refresher.refresh.mockRejectedValueOnce(new HubError(401, 'INSTANCE_NOT_AUTHORIZED', 'gone'));
      await expect(sut.refreshNow(holderAt(1))).rejects.toMatchObject({ status: 401 });
    });
  });
});
