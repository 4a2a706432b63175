import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AuthModule } from './auth/auth.module';
import { CommonModule } from './common/common.module';
import { ConnectModule } from './connect/connect.module';
import { ConsoleModule } from './console/console.module';
import { HubExceptionFilter } from './common/hub-exception.filter';
import { ConfigModule } from './config/config.module';
import { HubConfig } from './config/hub-config';
import { DatabaseModule } from './database/database.module';
import { ElementsModule } from './elements/elements.module';
import { EventsModule } from './events/events.module';
import { FilesModule } from './files/files.module';
import { HealthController } from './health.controller';
import { HubsModule } from './hubs/hubs.module';
import { InstancesModule } from './instances/instances.module';
import { LifecycleModule } from './lifecycle/lifecycle.module';
import { MetricsModule } from './metrics/metrics.module';
import { OperatorModule } from './operator/operator.module';
import { OAuthCallbackModule } from './oauth-callback/oauth-callback.module';
import { TokensModule } from './tokens/tokens.module';
import { TraceLoggingModule } from './trace-logging/trace-logging.module';
import { AuditModule } from './audit/audit.module';
import { TraceConsoleModule } from './trace-logging/trace-console.module';
import { WebexModule } from './webex/webex.module';

@Module({})
export class AppModule {
  static forRoot(config: HubConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config), CommonModule, DatabaseModule, MetricsModule, LifecycleModule, WebexModule, AuthModule, ElementsModule, InstancesModule, TokensModule, HubsModule, FilesModule, EventsModule, ConsoleModule, OperatorModule, OAuthCallbackModule, TraceLoggingModule, AuditModule, TraceConsoleModule, ConnectModule],
      controllers: [HealthController],
      providers: [{ provide: APP_FILTER, useClass: HubExceptionFilter }],
    };
  }
}
