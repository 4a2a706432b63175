import { DynamicModule, Global, Module } from '@nestjs/common';
import { HubConfig } from './hub-config';
import { PublicUrl } from './public-url';

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: HubConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: HubConfig, useValue: config }, PublicUrl], exports: [HubConfig, PublicUrl] };
  }
}
