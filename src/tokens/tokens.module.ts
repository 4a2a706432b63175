import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ElementsModule } from '../elements/elements.module';
import { AccessTokens } from './access-tokens';
import { InstanceToken } from './instance-token.entity';
import { RefreshHistory } from './refresh-history';
import { RefreshScheduler } from './refresh-scheduler';
import { TokenEvents } from './token-events';
import { TokenRefresh } from './token-refresh.entity';
import { TokenGrants } from './token-grants';
import { TokenRefresher } from './token-refresher';
import { TokenStore } from './token-store';

/** The Webex token state of every instance: grants, refreshes, the schedule. Instances ask it; it knows no instance. */
@Module({
  imports: [TypeOrmModule.forFeature([InstanceToken, TokenRefresh]), ElementsModule],
  providers: [AccessTokens, TokenRefresher, TokenStore, RefreshScheduler, TokenGrants, TokenEvents, RefreshHistory],
  exports: [AccessTokens, RefreshScheduler, TokenGrants, TokenEvents],
})
export class TokensModule {}
