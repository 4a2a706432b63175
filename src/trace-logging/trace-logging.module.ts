import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { InstancesModule } from '../instances/instances.module';
import { Instance } from '../instances/instance.entity';
import { HubCallObserver } from './hub-call-observer';
import { TraceEntry } from './trace-entry.entity';
import { TraceLog } from './trace-log.service';
import { TraceLoggingController } from './trace-logging.controller';
import { TraceLogging } from './trace-logging.service';

/** Trace logging of instances' Webex calls; hubs/ reports each call through `HubCallObserver`. */
@Module({
  imports: [TypeOrmModule.forFeature([TraceEntry, Instance]), AuthModule, InstancesModule],
  controllers: [TraceLoggingController],
  providers: [TraceLog, TraceLogging, HubCallObserver],
  exports: [HubCallObserver, TraceLog, TraceLogging],
})
export class TraceLoggingModule {}
