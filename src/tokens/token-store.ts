import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SecretBox } from '../common/secret-box';
import { InstanceToken } from './instance-token.entity';
import { TokenHolder, TokenState } from './token-grants';

/** The columns a grant sets, as `TokenGrants.apply` computed them. */
export type GrantedState = Pick<TokenState, 'accessToken' | 'refreshToken' | 'accessTokenExpiresAt' | 'refreshTokenExpiresAt' | 'nextRefreshAt' | 'lastRefreshAt'> & {
  configuration: Record<string, string>;
};

/**
 * Which instances the scheduler refreshes: usable ones whose time has come, unclaimed or whose
 * claim lapsed. `disabled` and the OAuth client are the instance's: read here, never written.
 */
const DUE = `t.valid AND NOT i.disabled AND t.next_refresh_at <= now() AND (t.refresh_claimed_until IS NULL OR t.refresh_claimed_until < now())`;
const LEASE_FREE = `(refresh_claimed_until IS NULL OR refresh_claimed_until < now())`;
const RELEASE = `refresh_claim = NULL, refresh_claimed_until = NULL`;

/**
 * The `instance_tokens` rows, written only here (but for a new grant, TokenGrants.store) and only by compare-and-swap: a swap
 * needs the token version it read, a lease release or failure needs the claim it took. No
 * statement holds a transaction open across a call to Webex (PGlite has one session).
 */
@Injectable()
export class TokenStore {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly box: SecretBox,
  ) {}

  /** Claims up to `limit` due instances for `leaseMs`; rows another replica is claiming are skipped. */
  async claimDue(limit: number, leaseMs: number): Promise<{ claim: string; instances: TokenHolder[] }> {
    const claim = randomUUID();
    const rows = await this.updateReturning(
      `UPDATE instance_tokens SET refresh_claim = $1, refresh_claimed_until = now() + $2 * interval '1 millisecond'
        WHERE instance_id IN (SELECT t.instance_id FROM instance_tokens t JOIN instances i ON i.id = t.instance_id
          WHERE ${DUE} ORDER BY t.next_refresh_at LIMIT $3 FOR UPDATE OF t SKIP LOCKED)
        RETURNING instance_id AS id`,
      [claim, leaseMs, limit],
    );
    const instances = rows.length ? await this.holders('t.instance_id IN (:...ids)', { ids: rows.map((r) => r.id) }) : [];
    return { claim, instances };
  }

  /** Claims one instance's refresh unless someone holds it; the claim id, or undefined. */
  async tryClaim(id: number, leaseMs: number): Promise<string | undefined> {
    const claim = randomUUID();
    const rows = await this.updateReturning(
      `UPDATE instance_tokens SET refresh_claim = $1, refresh_claimed_until = now() + $2 * interval '1 millisecond' WHERE instance_id = $3 AND ${LEASE_FREE} RETURNING instance_id AS id`,
      [claim, leaseMs, id],
    );
    return rows.length ? claim : undefined;
  }

  /** The instance's token row with what tokens/ reads of the instance itself; null once it is deleted. */
  async read(id: number): Promise<TokenHolder | null> {
    return (await this.holders('t.instance_id = :id', { id }))[0] ?? null;
  }

  /** The token state of each of `ids` that has one. */
  async states(ids: number[]): Promise<Map<number, InstanceToken>> {
    const rows = ids.length ? await this.dataSource.getRepository(InstanceToken).createQueryBuilder('t').where('t.instance_id IN (:...ids)', { ids }).getMany() : [];
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** Token rows joined with their instances' owner columns (read-only). */
  private async holders(where: string, params: Record<string, unknown>): Promise<TokenHolder[]> {
    const { entities, raw } = await this.dataSource
      .getRepository(InstanceToken)
      .createQueryBuilder('t')
      .innerJoin('instances', 'i', 'i.id = t.instance_id')
      .addSelect(['i.element_key AS owner_element_key', 'i.configuration AS owner_configuration', 'i.disabled AS owner_disabled'])
      .where(where, params)
      .getRawAndEntities<{ owner_element_key: string; owner_configuration: Record<string, string>; owner_disabled: boolean }>();
    return entities.map((token, index) =>
      Object.assign(token, { elementKey: raw[index].owner_element_key, configuration: raw[index].owner_configuration, disabled: raw[index].owner_disabled }),
    );
  }

  /**
   * Stores a new grant if the tokens are still those of `expectedVersion`, and frees the lease.
   * Only the schedule keys of the configuration change, so a configuration edited meanwhile stays.
   */
  async swap(id: number, expectedVersion: number, state: GrantedState): Promise<boolean> {
    const schedule = {
      'oauth.user.refresh_interval': state.configuration['oauth.user.refresh_interval'],
      'oauth.user.refresh_time': state.configuration['oauth.user.refresh_time'],
    };
    // One statement for both rows: the instance's schedule keys change only with a swap that won.
    const rows = await this.updateReturning(
      `WITH swapped AS (
          UPDATE instance_tokens SET access_token = $1, refresh_token = $2, access_token_expires_at = $3, refresh_token_expires_at = $4,
              next_refresh_at = $5, last_refresh_at = $6, last_refresh_error = NULL, refresh_failures = 0,
              valid = TRUE, invalid_reason = NULL, invalid_at = NULL, token_version = token_version + 1, ${RELEASE}
            WHERE instance_id = $8 AND token_version = $9 RETURNING instance_id)
        UPDATE instances SET configuration = (configuration - 'oauth.user.refresh_token') || $7::jsonb, updated_at = now()
          WHERE id IN (SELECT instance_id FROM swapped) RETURNING id`,
      [
        state.accessToken,
        state.refreshToken,
        state.accessTokenExpiresAt,
        state.refreshTokenExpiresAt,
        state.nextRefreshAt,
        state.lastRefreshAt,
        JSON.stringify(schedule),
        id,
        expectedVersion,
      ],
    );
    return rows.length === 1;
  }

  /** A transient failure: recorded, retried after `retryInMs`, the instance stays valid. */
  async recordFailure(id: number, claim: string, error: string, retryInMs: number): Promise<void> {
    await this.updateReturning(
      `UPDATE instance_tokens SET last_refresh_error = $1, refresh_failures = refresh_failures + 1,
          next_refresh_at = now() + $2 * interval '1 millisecond', ${RELEASE}
        WHERE instance_id = $3 AND refresh_claim = $4 RETURNING instance_id AS id`,
      [error, Math.round(retryInMs), id, claim],
    );
  }

  /** Marks the grant dead if the tokens are still those of `expectedVersion` (a re-authorization wins). */
  async invalidate(id: number, expectedVersion: number, reason: string): Promise<boolean> {
    const rows = await this.updateReturning(
      `UPDATE instance_tokens SET valid = FALSE, invalid_reason = $1, invalid_at = now(), last_refresh_error = $1,
          next_refresh_at = NULL, ${RELEASE}
        WHERE instance_id = $2 AND token_version = $3 RETURNING instance_id AS id`,
      [reason, id, expectedVersion],
    );
    return rows.length === 1;
  }

  /** Key rotation: re-seals under the primary key every token sealed under an older one; returns how many instances. */
  async resealAll(): Promise<number> {
    const prefix = `v1:${this.box.primaryKeyId}:%`;
    const stale = await this.dataSource
      .getRepository(InstanceToken)
      .createQueryBuilder('t')
      .where('t.access_token NOT LIKE :prefix OR t.refresh_token NOT LIKE :prefix', { prefix })
      .getMany();
    for (const token of stale) {
      // Compare-and-swap on the token version: a refresh in between wins and is resealed next start.
      await this.dataSource.getRepository(InstanceToken).update(
        { id: token.id, tokenVersion: token.tokenVersion },
        { accessToken: token.accessToken && this.box.reseal(token.accessToken), refreshToken: token.refreshToken && this.box.reseal(token.refreshToken) },
      );
    }
    return stale.length;
  }

  async release(id: number, claim: string): Promise<void> {
    await this.updateReturning(`UPDATE instance_tokens SET ${RELEASE} WHERE instance_id = $1 AND refresh_claim = $2 RETURNING instance_id AS id`, [id, claim]);
  }

  /** TypeORM answers an UPDATE on PostgreSQL as `[rows, rowCount]`. */
  private async updateReturning(sql: string, params: unknown[]): Promise<Array<{ id: number }>> {
    const result: unknown = await this.dataSource.query(sql, params);
    const rows = Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result;
    return rows as Array<{ id: number }>;
  }
}
