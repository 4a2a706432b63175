import { TestHub, API } from './hub';

export interface ConnectedInstance {
  id: number;
  token: string;
  body: Record<string, any>;
  /** The Webex person behind the instance and their own emulator token. */
  email: string;
  personToken: string;
}

/**
 * The Cloud Elements recipe end to end: OAuth URL, consent at the emulator (through its control
 * API, exactly what Accept yields), POST /instances with the code.
 */
export async function connectInstance(
  hub: TestHub,
  opts: { email?: string; displayName?: string; name?: string; tags?: string[]; configuration?: Record<string, unknown>; auth?: string; roles?: string[]; scope?: string } = {},
): Promise<ConnectedInstance> {
  const email = opts.email ?? `user-${Math.random().toString(36).slice(2, 10)}@example.com`;
  const { accessToken } = hub.emulator.createPerson({ email, displayName: opts.displayName ?? `Person ${email.split('@')[0]}`, roles: opts.roles });
  const options = hub.emulator.options;
  const callbackUrl = options.redirectUris[0];
  const url = await hub
    .http()
    .get(`${API}/elements/ciscospark/oauth/url`)
    .set('Authorization', opts.auth ?? hub.auth)
    .query({ apiKey: options.clientId, apiSecret: options.clientSecret, callbackUrl, state: 'recipe', ...(opts.scope && { scope: opts.scope }) })
    .expect(200);
  const oauthUrl = new URL(url.body.oauthUrl);
  const { code } = hub.emulator.authorize({
    clientId: oauthUrl.searchParams.get('client_id')!,
    redirectUri: oauthUrl.searchParams.get('redirect_uri')!,
    scope: oauthUrl.searchParams.get('scope')!,
    state: oauthUrl.searchParams.get('state')!,
    email,
  });
  const created = await hub
    .http()
    .post(`${API}/instances`)
    .set('Authorization', opts.auth ?? hub.auth)
    .send({
      element: { key: 'ciscospark' },
      providerData: { code },
      configuration: {
        'oauth.api.key': options.clientId,
        'oauth.api.secret': options.clientSecret,
        'oauth.callback.url': callbackUrl,
        ...opts.configuration,
      },
      tags: opts.tags ?? [],
      name: opts.name ?? `instance for ${email}`,
    });
  if (created.status !== 200) throw new Error(`POST /instances answered ${created.status}: ${JSON.stringify(created.body)}`);
  return { id: created.body.id, token: created.body.token, body: created.body, email, personToken: accessToken };
}

export function withElement(hub: TestHub, token: string): string {
  return `${hub.auth}, Element ${token}`;
}
