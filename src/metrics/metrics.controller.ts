import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { DatabaseGauges } from './database-gauges';
import { HubMetrics } from './hub-metrics';

/** `GET /metrics` for Prometheus, outside the API prefix and without credentials, as scrapers expect. */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: HubMetrics,
    private readonly gauges: DatabaseGauges,
  ) {}

  /**
   * Prometheus metrics.
   * @remarks Request counts and durations, hub calls, token refreshes, event relay and database gauges, for a Prometheus scraper; no credentials.
   */
  @Get()
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format', schema: { type: 'string' }, example: '# HELP hub_instances Instances by state (active, disabled, invalid)\n# TYPE hub_instances gauge\nhub_instances{state="active"} 1\n' })
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    await this.gauges.collect();
    return this.metrics.registry.metrics();
  }
}
