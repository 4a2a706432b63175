import { Global, Module } from '@nestjs/common';
import { DatabaseGauges } from './database-gauges';
import { HttpMetricsHook } from './http-metrics';
import { HubMetrics } from './hub-metrics';
import { MetricsController } from './metrics.controller';

/** Global so any feature can inject HubMetrics and move its own counters. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [HubMetrics, DatabaseGauges, HttpMetricsHook],
  exports: [HubMetrics],
})
export class MetricsModule {}
