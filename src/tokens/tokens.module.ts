import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ElementsModule } from '../elements/elements.module';
import { AccessTokens } from './access-tokens';
import { InstanceToken } from './instance-token.entity';
import { RefreshScheduler } from './refresh-scheduler';
import { TokenEvents } from './token-events';
import { TokenGrants } from './token-grants';
import { TokenRefresher } from './token-refresher';
import { TokenStore } from './token-store';

/** The Webex token state of every instance: grants, refreshes, the schedule. Instances ask it; it knows no instance. */
@Module({
  imports: [TypeOrmModule.forFeature([InstanceToken]), ElementsModule],
  providers: [AccessTokens, TokenRefresher, TokenStore, RefreshScheduler, TokenGrants, TokenEvents],
  exports: [AccessTokens, RefreshScheduler, TokenGrants, TokenEvents],
})
export class TokensModule {}
