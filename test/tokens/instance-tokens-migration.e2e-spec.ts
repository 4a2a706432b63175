import { randomBytes, randomUUID } from 'node:crypto';
import { QueryRunner } from 'typeorm';
import { InstanceTokens1796223000000 } from '../../migrations/1796223000000-InstanceTokens';
import { MigratedDatabase, migratedBefore } from '../support/migrated-database';

/** The columns that move, each read back as text so that a value compares byte for byte. */
const TOKEN_COLUMNS = [
  'access_token', 'refresh_token', 'access_token_expires_at', 'refresh_token_expires_at', 'token_version', 'next_refresh_at',
  'last_refresh_at', 'last_refresh_error', 'refresh_failures', 'valid', 'invalid_reason', 'invalid_at', 'refresh_claim', 'refresh_claimed_until',
];
const asText = (key: string) => TOKEN_COLUMNS.map((c) => `${c}::text AS ${c}`).join(', ') + `, ${key}::text AS id`;
const sealed = () => `v1:a:${randomBytes(12).toString('base64url')}.${randomBytes(48).toString('base64url')}`;

describe('InstanceTokens migration: the token columns move to instance_tokens and back', () => {
  let database: MigratedDatabase;
  let q: QueryRunner;
  const migration = new InstanceTokens1796223000000();

  beforeAll(async () => {
    // Migrated to the migration before this one: the instances row still has the token columns.
    database = await migratedBefore(InstanceTokens1796223000000);
    q = database.q;
  });
  afterAll(() => database?.close());

  const columnsOf = async (table: string): Promise<string[]> =>
    (await q.query(`SELECT column_name FROM information_schema.columns WHERE table_name = $1`, [table])).map((r: { column_name: string }) => r.column_name);

  it('keeps every token, schedule and lease value, up and down', async () => {
    const [org] = await q.query(`INSERT INTO organizations (name, secret_hash) VALUES ('Acme', $1) RETURNING id`, [randomUUID()]);
    const [user] = await q.query(`INSERT INTO users (organization_id, email, role, secret_hash) VALUES ($1, 'a@acme.test', 'admin', $2) RETURNING id`, [org.id, randomUUID()]);
    const insert = (name: string, columns: Record<string, unknown>) =>
      q.query(
        `INSERT INTO instances (organization_id, user_id, element_key, name, token_hash, ${Object.keys(columns).join(', ')})
          VALUES ($1, $2, 'ciscospark', $3, $4, ${Object.keys(columns).map((_, i) => `$${i + 5}`).join(', ')})`,
        [org.id, user.id, name, randomUUID(), ...Object.values(columns)],
      );
    await insert('usable', {
      access_token: sealed(), refresh_token: sealed(), access_token_expires_at: '2026-12-02 23:04:05.123456+00', refresh_token_expires_at: '2027-02-01 00:00:00.5+00',
      token_version: 7, next_refresh_at: '2026-12-02 22:50:00.000001+00', last_refresh_at: '2026-12-02 21:04:05.654321+00', refresh_failures: 0, valid: true,
    });
    await insert('failing and leased', {
      access_token: sealed(), refresh_token: sealed(), token_version: 3, next_refresh_at: '2026-12-02 22:00:00+00', last_refresh_error: 'Webex answered 503: busy',
      refresh_failures: 4, valid: true, refresh_claim: randomUUID(), refresh_claimed_until: '2026-12-02 22:01:00.25+00',
    });
    await insert('dead', {
      access_token: null, refresh_token: sealed(), token_version: 12, valid: false, invalid_reason: 'Webex refused the refresh token (invalid_grant: revoked)',
      invalid_at: '2026-12-01 08:00:00+00', last_refresh_error: 'Webex refused the refresh token (invalid_grant: revoked)',
    });
    await q.query(`UPDATE instances SET disabled = true WHERE name = 'dead'`);
    const before = await q.query(`SELECT ${asText('id')} FROM instances ORDER BY id`);
    expect(before).toHaveLength(3);

    await migration.up(q);

    expect(await q.query(`SELECT ${asText('instance_id')} FROM instance_tokens ORDER BY instance_id`)).toEqual(before);
    const instanceColumns = await columnsOf('instances');
    for (const column of TOKEN_COLUMNS) expect(instanceColumns).not.toContain(column);
    expect(instanceColumns).toEqual(expect.arrayContaining(['id', 'disabled', 'configuration', 'token_hash']));
    // The row goes with its instance.
    await q.query(`DELETE FROM instances WHERE name = 'dead'`);
    expect((await q.query(`SELECT instance_id FROM instance_tokens`)).map((r: { instance_id: number }) => r.instance_id)).toEqual([before[0].id, before[1].id].map(Number));

    await migration.down(q);

    expect(await q.query(`SELECT ${asText('id')} FROM instances ORDER BY id`)).toEqual(before.slice(0, 2));
    expect(await columnsOf('instance_tokens')).toEqual([]);
    const [{ n }] = await q.query(`SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = 'instances_next_refresh_idx'`);
    expect(n).toBe(1);

    // And up again, as a redeploy after a rollback would: nothing lost on the second trip either.
    await migration.up(q);
    expect(await q.query(`SELECT ${asText('instance_id')} FROM instance_tokens ORDER BY instance_id`)).toEqual(before.slice(0, 2));
  });
});
