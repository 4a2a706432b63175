import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { sha256Hex } from '../common/secrets';

/** Failed logins one address may make against one username before it is slowed down. */
export const ACCOUNT_ATTEMPTS = 5;
/** Failed logins one address may make, whatever the usernames, before it is slowed down. */
export const ADDRESS_ATTEMPTS = 20;
/** The first slow-down; each one after it doubles, up to the cap. */
export const SLOW_DOWN_SECONDS = 60;
export const MAX_SLOW_DOWN_SECONDS = 3600;
/** A key with no attempt for this long starts afresh (and its row is purged). */
const FORGET_SECONDS = 24 * 3600;

/** What an attempt is counted under: the (username, address) pair and the address alone. */
interface ThrottleKey {
  key: string;
  /** Null for the address's own key. */
  accountHash: string | null;
}

/**
 * Failed console logins, counted in the database (so every replica sees them) per (username,
 * client address) and per address, never per account alone: an attacker slows down only the
 * addresses it sends from, and the owner logs in from theirs. Keys and usernames are stored as
 * hashes: a password typed into the username field never lands in a table.
 *
 * An attempt is claimed before the password is checked, in one statement: the claim that reaches a
 * key's limit sets its slow-down, and a claim against a slowed-down key updates nothing. However many
 * attempts arrive together, at most `limit` of them are admitted per window.
 */
@Injectable()
export class ConsoleLoginThrottle {
  constructor(private readonly dataSource: DataSource) {}

  /** Counts an attempt; false while the requester is slowed down (the password must then not be checked). */
  async claim(username: string, address: string): Promise<boolean> {
    const keys = keysOf(username, address);
    // One row per key; the keys are always in the same order, so concurrent claims cannot deadlock.
    const fresh = `t.updated_at < now() - make_interval(secs => $2::int)`;
    const reachesLimit = `t.attempts + 1 >= CASE WHEN t.account_hash IS NULL THEN $5::int ELSE $6::int END`;
    const rows: Array<{ key: string }> = await this.dataSource.query(
      `INSERT INTO console_login_throttles AS t (key, account_hash, attempts, strikes, blocked_until, updated_at)
       SELECT k.key, k.account_hash, 1, 0, NULL, now() FROM jsonb_to_recordset($1::jsonb) AS k(key varchar, account_hash varchar)
       ON CONFLICT (key) DO UPDATE SET
         attempts = CASE WHEN ${fresh} THEN 1 ELSE t.attempts + 1 END,
         strikes = CASE WHEN ${fresh} THEN 0 WHEN ${reachesLimit} THEN t.strikes + 1 ELSE t.strikes END,
         blocked_until = CASE WHEN NOT ${fresh} AND ${reachesLimit} THEN now() + make_interval(secs => LEAST($4::int, $3::int * power(2, LEAST(t.strikes, 20)))) END,
         updated_at = now()
       WHERE t.blocked_until IS NULL OR t.blocked_until <= now()
       RETURNING t.key`,
      [JSON.stringify(keys.map((k) => ({ key: k.key, account_hash: k.accountHash }))), FORGET_SECONDS, SLOW_DOWN_SECONDS, MAX_SLOW_DOWN_SECONDS, ADDRESS_ATTEMPTS, ACCOUNT_ATTEMPTS],
    );
    return rows.length === keys.length;
  }

  /**
   * A right password: the pair starts afresh, and the address gets back the attempt it claimed (a
   * success is not a failure), without forgetting its other failures: an attacker with an account
   * of its own cannot wipe its address's count by logging in between guesses.
   */
  async succeeded(username: string, address: string): Promise<void> {
    const [account, byAddress] = keysOf(username, address);
    await this.dataSource.query(`DELETE FROM console_login_throttles WHERE key = $1 OR updated_at < now() - make_interval(secs => $2::int)`, [account.key, FORGET_SECONDS]);
    await this.dataSource.query(`UPDATE console_login_throttles SET attempts = GREATEST(attempts - 1, 0) WHERE key = $1 AND blocked_until IS NULL`, [byAddress.key]);
  }
}

/** After a password reset: the username's slow-downs are lifted, from every address. */
export async function forgetFailedLogins(manager: EntityManager, username: string): Promise<void> {
  await manager.query(`DELETE FROM console_login_throttles WHERE account_hash = $1`, [accountHashOf(username)]);
}

function keysOf(username: string, address: string): [ThrottleKey, ThrottleKey] {
  const accountHash = accountHashOf(username);
  return [
    { key: sha256Hex(`account\u0000${accountHash}\u0000${address}`), accountHash },
    { key: sha256Hex(`address\u0000${address}`), accountHash: null },
  ];
}

function accountHashOf(username: string): string {
  return sha256Hex(`console-login\u0000${username.trim()}`);
}
