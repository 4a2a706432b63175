import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { errorLogFields } from '../common/logger';
import { SecretBox } from '../common/secret-box';
import { ELEMENTS } from '../elements/elements.service';
import { AccessTokens } from '../tokens/access-tokens';
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
    private readonly tokens: AccessTokens,
  ) {}

  onApplicationBootstrap(): void {
    this.resealAll().catch((error) => this.logger.error({ err: errorLogFields(error) }, 'Re-sealing under the new key failed'));
  }

  /** Re-seals the configurations here and asks tokens/ for the tokens; returns how many rows were re-sealed. */
  async resealAll(): Promise<number> {
    const prefix = `v1:${this.box.primaryKeyId}:`;
    const stale = await this.instances
      .createQueryBuilder('i')
      .where(`EXISTS (SELECT 1 FROM jsonb_each_text(i.configuration) c WHERE c.value LIKE 'v1:%' AND c.value NOT LIKE :p)`, { p: `${prefix}%` })
      .getMany();
    for (const instance of stale) {
      const element = ELEMENTS.find((e) => e.key === instance.elementKey);
      if (!element) continue;
      const configuration = Object.fromEntries(
        Object.entries(instance.configuration).map(([key, value]) => [key, isSecretKey(element, key) ? this.box.reseal(value) : value]),
      );
      // Compare-and-swap on the configuration read: a refresh in between (it writes the schedule keys) wins and is resealed next start.
      await this.instances
        .createQueryBuilder()
        .update()
        .set({ configuration })
        .where('id = :id AND configuration = :read::jsonb', { id: instance.id, read: JSON.stringify(instance.configuration) })
        .execute();
    }
    const resealed = stale.length + (await this.tokens.resealAll());
    if (resealed) this.logger.log(`Re-sealed ${resealed} instance configuration(s) and token pair(s) under key ${this.box.primaryKeyId}`);
    return resealed;
  }
}
