import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The refresh lease: whoever is about to call Webex's token endpoint for an instance (the
 * scheduler of any replica, or a hub call whose token expired) first claims the row until
 * `refresh_claimed_until`, under a claim id only it knows, so two replicas never spend one
 * refresh token twice. An expired lease (its holder died) is free again.
 */
export class RefreshLease1763870000000 implements MigrationInterface {
  name = 'RefreshLease1763870000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE instances ADD COLUMN refresh_claim uuid, ADD COLUMN refresh_claimed_until timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE instances DROP COLUMN refresh_claim, DROP COLUMN refresh_claimed_until`);
  }
}
