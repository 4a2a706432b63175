import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { describe } from '../common/hub-exception.filter';
import { SecretBox } from '../common/secret-box';
import { ELEMENTS } from '../elements/elements.service';
import { isSecretKey } from './instance-configuration';
import { Instance } from './instance.entity';

/**
 * Key rotation: put the new key first in HUB_ENCRYPTION_KEYS and restart; on start every value
 * still sealed under an older key is re-sealed under the new one, after which the old key can go.
 */
@Injectable()
export class InstanceReseal implements OnApplicationBootstrap {
  private readonly logger = new Logger(InstanceReseal.name);

  constructor(
    @InjectRepository(Instance) private readonly instances: Repository<Instance>,
    private readonly box: SecretBox,
  ) {}

  onApplicationBootstrap(): void {
    this.resealAll().catch((error) => this.logger.error({ err: describe(error) }, 'Re-sealing under the new key failed'));
  }

  /** Returns how many instances were re-sealed. */
  async resealAll(): Promise<number> {
    const prefix = `v1:${this.box.primaryKeyId}:`;
    const stale = await this.instances
      .createQueryBuilder('i')
      .where('i.access_token NOT LIKE :p OR i.refresh_token NOT LIKE :p', { p: `${prefix}%` })
      .orWhere(`EXISTS (SELECT 1 FROM jsonb_each_text(i.configuration) c WHERE c.value LIKE 'v1:%' AND c.value NOT LIKE :p)`, { p: `${prefix}%` })
      .getMany();
    for (const instance of stale) {
      const element = ELEMENTS.find((e) => e.key === instance.elementKey);
      if (!element) continue;
      const configuration = Object.fromEntries(
        Object.entries(instance.configuration).map(([key, value]) => [key, isSecretKey(element, key) ? this.box.reseal(value) : value]),
      );
      // Compare-and-swap on the token version: a refresh in between wins and is resealed next start.
      await this.instances.update(
        { id: instance.id, tokenVersion: instance.tokenVersion },
        {
          configuration,
          accessToken: instance.accessToken && this.box.reseal(instance.accessToken),
          refreshToken: instance.refreshToken && this.box.reseal(instance.refreshToken),
        },
      );
    }
    if (stale.length) this.logger.log(`Re-sealed the secrets of ${stale.length} instance(s) under key ${this.box.primaryKeyId}`);
    return stale.length;
  }
}
