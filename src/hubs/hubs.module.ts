import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CacheModule } from '../cache/cache.module';
import { ElementsModule } from '../elements/elements.module';
import { InstancesModule } from '../instances/instances.module';
import { TokensModule } from '../tokens/tokens.module';
import { TraceLoggingModule } from '../trace-logging/trace-logging.module';
import { HubCallRoute } from './hub-call.route';
import { HubCalls } from './hub-calls.service';
import { HubDocsController } from './hub-docs.controller';
import { HubLists } from './hub-lists';
import { NextPageToken } from './next-page-token';
import { UpstreamCalls } from './upstream-calls';

@Module({
  imports: [AuthModule, CacheModule, ElementsModule, InstancesModule, TokensModule, TraceLoggingModule],
  controllers: [HubDocsController],
  providers: [HubCalls, HubCallRoute, HubLists, NextPageToken, UpstreamCalls],
})
export class HubsModule {}
