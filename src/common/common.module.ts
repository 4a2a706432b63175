import { Global, Logger, Module } from '@nestjs/common';
import { HubConfig } from '../config/hub-config';
import { loadOrCreateKeyFile, parseKeys, SecretBox } from './secret-box';

@Global()
@Module({
  providers: [
    {
      provide: SecretBox,
      inject: [HubConfig],
      useFactory: (config: HubConfig) => {
        if (config.HUB_ENCRYPTION_KEYS) return new SecretBox(parseKeys(config.HUB_ENCRYPTION_KEYS));
        const { keys, created, path } = loadOrCreateKeyFile(config.DATA_DIR);
        const logger = new Logger('Encryption');
        if (created) logger.warn(`No HUB_ENCRYPTION_KEYS set: created a new encryption key file at ${path}; back it up`);
        if (config.DATABASE_URL) logger.warn('HUB_ENCRYPTION_KEYS is not set: every replica must share the same key file');
        return new SecretBox(keys);
      },
    },
  ],
  exports: [SecretBox],
})
export class CommonModule {}
