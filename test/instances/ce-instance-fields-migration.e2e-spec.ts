import { randomUUID } from 'node:crypto';
import { QueryRunner } from 'typeorm';
import { CloudElementsInstanceFields1796224000000 } from '../../migrations/1796224000000-CloudElementsInstanceFields';
import { MigratedDatabase, migratedBefore } from '../support/migrated-database';

const FIELDS = ['caching_enabled', 'cache_time_to_live', 'max_cache_size', 'trace_logging_enabled', 'provision_interactions', 'external_authentication'];
const asText = FIELDS.map((c) => `${c}::text AS ${c}`).join(', ');

describe("CloudElementsInstanceFields migration: CE's instance fields, with CE's defaults, up and down", () => {
  let database: MigratedDatabase;
  let q: QueryRunner;
  const migration = new CloudElementsInstanceFields1796224000000();

  beforeAll(async () => {
    database = await migratedBefore(CloudElementsInstanceFields1796224000000);
    q = database.q;
  });
  afterAll(() => database?.close());

  const columnsOf = async (): Promise<string[]> =>
    (await q.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'instances'`)).map((r: { column_name: string }) => r.column_name);

  it('gives an existing instance the defaults a new CE instance has, and takes the columns away again without touching the row', async () => {
    const [org] = await q.query(`INSERT INTO organizations (name, secret_hash) VALUES ('Acme', $1) RETURNING id`, [randomUUID()]);
    const [user] = await q.query(`INSERT INTO users (organization_id, email, role, secret_hash) VALUES ($1, 'a@acme.test', 'admin', $2) RETURNING id`, [org.id, randomUUID()]);
    await q.query(`INSERT INTO instances (organization_id, user_id, element_key, name, token_hash, tags) VALUES ($1, $2, 'ciscospark', 'Old one', $3, '["crm"]')`, [org.id, user.id, randomUUID()]);
    const before = await q.query(`SELECT id, name, tags::text AS tags FROM instances`);

    await migration.up(q);

    expect(await q.query(`SELECT ${asText} FROM instances`)).toEqual([
      { caching_enabled: 'false', cache_time_to_live: '0', max_cache_size: '0', trace_logging_enabled: 'false', provision_interactions: '[]', external_authentication: 'none' },
    ]);
    // NOT NULL: an instance always has them.
    await expect(q.query(`UPDATE instances SET cache_time_to_live = NULL`)).rejects.toThrow();

    await migration.down(q);

    const columns = await columnsOf();
    for (const column of FIELDS) expect(columns).not.toContain(column);
    expect(await q.query(`SELECT id, name, tags::text AS tags FROM instances`)).toEqual(before);

    await migration.up(q);
    expect(await columnsOf()).toEqual(expect.arrayContaining(FIELDS));
  });
});
