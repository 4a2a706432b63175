import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HubConfig } from '../config/hub-config';
import { newSecret, sha256Hex } from '../common/secrets';
import { AdvisoryLock, lockForTransaction } from '../common/shared-database';
import { StartupNotes } from '../lifecycle/startup-notes';
import { Organization } from './organization.entity';
import { User } from './user.entity';

/**
 * On first start with an empty database, makes the organization and its admin user. Secrets come
 * from HUB_ORGANIZATION_SECRET / HUB_USER_SECRET, or are random and shown once in the start-up
 * banner on stderr (never in the structured log).
 */
@Injectable()
export class FirstStart implements OnApplicationBootstrap {
  private readonly logger = new Logger(FirstStart.name);

  constructor(
    private readonly config: HubConfig,
    private readonly dataSource: DataSource,
    private readonly notes: StartupNotes,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const organizationSecret = this.config.HUB_ORGANIZATION_SECRET ?? newSecret();
    const userSecret = this.config.HUB_USER_SECRET ?? newSecret();
    const created = await this.dataSource.transaction(async (manager) => {
      // Replicas starting together: the first takes the lock and creates, the others find it done.
      await lockForTransaction(this.dataSource, manager, AdvisoryLock.Credentials);
      if ((await manager.count(Organization)) > 0) return false;
      const organization = await manager.save(manager.create(Organization, { name: 'Default organization', secretHash: sha256Hex(organizationSecret) }));
      await manager.save(
        manager.create(User, { organizationId: organization.id, email: 'admin@localhost', role: 'admin', secretHash: sha256Hex(userSecret), firstName: 'Hub', lastName: 'Admin' }),
      );
      return true;
    });
    if (!created) return;
    this.logger.log('First start: created the default organization and its admin user admin@localhost');
    if (!this.config.HUB_ORGANIZATION_SECRET || !this.config.HUB_USER_SECRET) {
      this.notes.addSecret('API credentials of admin@localhost (Authorization header)', `Authorization: User ${userSecret}, Organization ${organizationSecret}`);
    }
  }
}
