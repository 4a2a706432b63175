import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ElementsModule } from '../elements/elements.module';
import { InstancesModule } from '../instances/instances.module';
import { TokensModule } from '../tokens/tokens.module';
import { HubCalls } from './hub-calls.service';
import { HubDocsController } from './hub-docs.controller';
import { HubsController } from './hubs.controller';
import { NextPageToken } from './next-page-token';
import { UpstreamCalls } from './upstream-calls';

@Module({
  imports: [AuthModule, ElementsModule, InstancesModule, TokensModule],
  controllers: [HubsController, HubDocsController],
  providers: [HubCalls, NextPageToken, UpstreamCalls],
})
export class HubsModule {}
