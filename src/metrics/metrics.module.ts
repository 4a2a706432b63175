import { Global, Module } from '@nestjs/common';
import { DatabaseGauges } from './database-gauges';
import { HubMetrics } from './hub-metrics';
import { MetricsController } from './metrics.controller';

/** Global so any feature can inject HubMetrics and move its own counters. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [HubMetrics, DatabaseGauges],
  exports: [HubMetrics],
})
export class MetricsModule {}
