import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ElementsModule } from '../elements/elements.module';
import { InstancesModule } from '../instances/instances.module';
import { AccessTokens } from './access-tokens';
import { RefreshScheduler } from './refresh-scheduler';
import { TokenRefresher } from './token-refresher';
import { TokenStore } from './token-store';
import { TokensController } from './tokens.controller';

@Module({
  imports: [AuthModule, InstancesModule, ElementsModule],
  controllers: [TokensController],
  providers: [AccessTokens, TokenRefresher, TokenStore, RefreshScheduler],
  exports: [AccessTokens, RefreshScheduler],
})
export class TokensModule {}
