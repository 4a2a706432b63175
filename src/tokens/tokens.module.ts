import { Module } from '@nestjs/common';
import { ElementsModule } from '../elements/elements.module';
import { InstancesModule } from '../instances/instances.module';
import { AccessTokens } from './access-tokens';

@Module({
  imports: [InstancesModule, ElementsModule],
  providers: [AccessTokens],
  exports: [AccessTokens],
})
export class TokensModule {}
