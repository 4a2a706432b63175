import { randomBytes } from 'node:crypto';
import { SecretBox } from '../../src/common/secret-box';
import { sha256Hex } from '../../src/common/secrets';
import { ElementsService } from '../../src/elements/elements.service';
import { sealConfiguration } from '../../src/instances/instance-configuration';
import { Instance } from '../../src/instances/instance.entity';
import { InstanceToken } from '../../src/tokens/instance-token.entity';
import { TokenGrants, tokenStateOf } from '../../src/tokens/token-grants';
import type { TokenGrant } from '../../src/webex/webex-oauth.service';
import type { TestHub } from './hub';

/**
 * Many instances at once, written straight to the database: each with its own grant from the
 * emulator (consent through the control API, then the code exchanged at `/access_token`), sealed
 * with the hub's SecretBox exactly as POST /instances stores it. Much faster than the HTTP recipe
 * for load tests and benchmarks.
 */
export async function insertInstances(hub: TestHub, count: number, opts: { due?: boolean } = {}): Promise<number[]> {
  const [admin] = await hub.dataSource().query(`SELECT id, organization_id FROM users WHERE role = 'admin' ORDER BY id LIMIT 1`);
  const element = hub.app.get(ElementsService).get('ciscospark');
  const tokenGrants = hub.app.get(TokenGrants);
  const box = hub.app.get(SecretBox);
  const { clientId, clientSecret, redirectUris } = hub.emulator.options;
  const email = `fleet-${randomBytes(4).toString('hex')}@example.com`;
  hub.emulator.createPerson({ email, displayName: 'Fleet' });
  const configuration = sealConfiguration(element, { 'oauth.api.key': clientId, 'oauth.api.secret': clientSecret, 'oauth.callback.url': redirectUris[0] }, box);

  const grants = await mapLimited(count, 32, async () => {
    const { code } = hub.emulator.authorize({ clientId, redirectUri: redirectUris[0], scope: element.oauth.defaultScopes.join(' '), email });
    const res = await fetch(`${hub.emulator.baseUrl}/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUris[0], client_id: clientId, client_secret: clientSecret }),
    });
    const body = (await res.json()) as { access_token: string; expires_in: number; refresh_token: string; refresh_token_expires_in: number };
    if (!res.ok) throw new Error(`code exchange answered ${res.status}`);
    return { accessToken: body.access_token, expiresIn: body.expires_in, refreshToken: body.refresh_token, refreshTokenExpiresIn: body.refresh_token_expires_in } as TokenGrant;
  });

  const repository = hub.dataSource().getRepository(Instance);
  const rows = grants.map((grant, i) => {
    const instance = repository.create({
      organizationId: admin.organization_id,
      userId: admin.id,
      elementKey: element.key,
      name: `fleet ${i}`,
      tags: ['fleet'],
      tokenHash: sha256Hex(randomBytes(24).toString('base64url')),
      configuration: { ...configuration },
      account: { id: `fleet-${i}`, email },
      disabled: false,
      eventsEnabled: false,
    });
    tokenGrants.apply(element, instance, grant);
    if (opts.due) instance.nextRefreshAt = new Date(Date.now() - 1000);
    return instance;
  });
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const result = await repository.insert(rows.slice(i, i + 500));
    ids.push(...result.identifiers.map((r) => r.id as number));
  }
  const tokens = rows.map((row, i) => ({ id: ids[i], ...tokenStateOf(row) }));
  for (let i = 0; i < tokens.length; i += 500) await hub.dataSource().getRepository(InstanceToken).insert(tokens.slice(i, i + 500));
  return ids;
}

/** Makes every given instance (all when `ids` is absent) due for refresh now. */
export async function makeDue(hub: TestHub, ids?: number[]): Promise<void> {
  if (ids) await hub.dataSource().query(`UPDATE instance_tokens SET next_refresh_at = now() - interval '1 second' WHERE instance_id = ANY($1)`, [ids]);
  else await hub.dataSource().query(`UPDATE instance_tokens SET next_refresh_at = now() - interval '1 second'`);
}

/** Token-endpoint refresh requests the emulator has answered so far. */
export function refreshRequests(hub: Pick<TestHub, 'emulator'>): number {
  return hub.emulator.stats()['POST /access_token#refresh_token'] ?? 0;
}

/** Whether the emulator still honours the refresh token stored (sealed) for each instance; the ids it does not. */
export async function deadRefreshTokens(hub: TestHub, ids?: number[]): Promise<number[]> {
  const box = hub.app.get(SecretBox);
  const rows: Array<{ id: number; refresh_token: string | null }> = await hub
    .dataSource()
    .query(`SELECT instance_id AS id, refresh_token FROM instance_tokens ${ids ? 'WHERE instance_id = ANY($1)' : ''}`, ids ? [ids] : []);
  const live = hub.emulator.emulator.store.refreshTokens;
  return rows.filter((r) => !r.refresh_token || !live.has(box.open(r.refresh_token))).map((r) => r.id);
}

async function mapLimited<T>(count: number, limit: number, make: () => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      out[i] = await make();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, lane));
  return out;
}
