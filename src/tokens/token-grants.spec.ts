import { InstanceToken } from './instance-token.entity';
import { WebexClient } from '../webex/webex.client';
import { WebexApiException, WebexUnreachableException } from '../webex/webex.exception';
import { fakeBox, fakeElement } from './spec-support';
import { PERSONAL_TOKEN_LIFETIME_S, TokenGrants } from './token-grants';

const NOW = Date.parse('2026-12-03T08:00:00Z');
const ME = { id: 'person-1', displayName: 'Ann', emails: ['ann@example.com'], avatar: 'https://avatar', orgId: 'org-1' };

function setup(me: Record<string, unknown> = { ...ME, type: 'person' }) {
  const webex = { send: jest.fn(async () => ({ body: me })) };
  const sut = new TokenGrants(fakeBox, webex as unknown as WebexClient);
  return { sut, webex };
}

describe('TokenGrants.fromToken', () => {
  it("checks the token with Webex's /people/me and reads the account from it", async () => {
    const { sut, webex } = setup();

    const { account } = await sut.fromToken({ ...fakeElement, oauth: { accountPath: '/people/me' } } as never, 'personal-token');

    expect(webex.send).toHaveBeenCalledWith({ method: 'GET', path: '/people/me', accessToken: 'personal-token' });
    expect(account).toEqual({ id: 'person-1', displayName: 'Ann', email: 'ann@example.com', avatar: 'https://avatar', orgId: 'org-1' });
  });

  it("a bot's token never expires; a person's lives the 12 hours of a personal access token", async () => {
    expect((await setup({ ...ME, type: 'bot' }).sut.fromToken(fakeElement, 'bot-token')).grant).toEqual({ accessToken: 'bot-token', expiresIn: null });
    expect((await setup().sut.fromToken(fakeElement, 'personal-token')).grant).toEqual({ accessToken: 'personal-token', expiresIn: 12 * 3600 });
  });

  it("a token Webex refuses is a 400 ACCESS_TOKEN_REFUSED carrying Webex's message", async () => {
    const { sut, webex } = setup();
    webex.send.mockRejectedValueOnce(new WebexApiException(401, 'The request requires a valid access token set in the Authorization request header.', 'ROUTER_1'));

    await expect(sut.fromToken(fakeElement, 'bad')).rejects.toMatchObject({
      status: 400,
      code: 'ACCESS_TOKEN_REFUSED',
      extra: { providerMessage: 'The request requires a valid access token set in the Authorization request header.', trackingId: 'ROUTER_1' },
    });
  });

  it('a missing token, or one no Webex token can be, is a 400 before Webex is asked; Webex down is passed on as it came', async () => {
    const { sut, webex } = setup();
    for (const token of [undefined, '', 'two words', 'line\nbreak', 'nul\u0000', 'caf\u00e9', 'x'.repeat(4097)]) {
      await expect(sut.fromToken(fakeElement, token)).rejects.toMatchObject({ status: 400, code: 'ACCESS_TOKEN_INVALID' });
    }
    expect(webex.send).not.toHaveBeenCalled();

    const down = new WebexUnreachableException('ECONNREFUSED');
    webex.send.mockRejectedValueOnce(down);
    await expect(sut.fromToken(fakeElement, 'token')).rejects.toBe(down);
  });
});

describe('TokenGrants.apply with a token a client brought', () => {
  it('stores the token sealed, with no refresh token, no refresh schedule and no schedule keys', () => {
    const { sut } = setup();
    const holder = Object.assign(new InstanceToken(), { configuration: { 'event.notification.enabled': 'false', 'oauth.user.refresh_time': '1' } });

    sut.apply(fakeElement, holder, { accessToken: 'bot-token', expiresIn: null }, NOW);

    expect(holder).toMatchObject({
      accessToken: 'sealed:bot-token',
      refreshToken: null,
      accessTokenExpiresAt: null,
      refreshTokenExpiresAt: null,
      nextRefreshAt: null,
      valid: true,
      tokenVersion: 1,
      configuration: { 'event.notification.enabled': 'false' },
    });
  });

  it("a personal token's known expiry is when the scheduler looks at it (to mark it invalid)", () => {
    const { sut } = setup();
    const holder = new InstanceToken();

    sut.apply(fakeElement, holder, { accessToken: 'personal-token', expiresIn: PERSONAL_TOKEN_LIFETIME_S }, NOW);

    expect(holder.accessTokenExpiresAt).toEqual(new Date(NOW + 12 * 3_600_000));
    expect(holder.nextRefreshAt).toEqual(holder.accessTokenExpiresAt);
  });
});
