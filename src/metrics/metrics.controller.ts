import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { constantTimeEqual, sha256Hex } from '../common/secrets';
import { HubConfig } from '../config/hub-config';
import { DatabaseGauges } from './database-gauges';
import { HubMetrics } from './hub-metrics';
import { MetricsErrorCode, MetricsException } from './metrics.exception';

const METRICS_TOKEN_NEEDED = '/metrics needs the metrics token (HUB_METRICS_TOKEN is set): Authorization: Bearer <token>';

/**
 * `GET /metrics` for Prometheus, outside the API prefix. Open by default, as scrapers expect;
 * with HUB_METRICS_TOKEN set it asks for `Authorization: Bearer <token>`.
 */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  /** The token's digest: compared in constant time whatever the length of what a caller sends. */
  private readonly tokenDigest?: string;

  constructor(
    private readonly metrics: HubMetrics,
    private readonly gauges: DatabaseGauges,
    config: HubConfig,
  ) {
    if (config.HUB_METRICS_TOKEN) this.tokenDigest = sha256Hex(config.HUB_METRICS_TOKEN);
  }

  /**
   * Prometheus metrics.
   * @remarks Request counts and durations, hub calls, token refreshes, event relay and database gauges (read at most once per HUB_METRICS_GAUGE_INTERVAL_MS), for a Prometheus scraper. No credentials, unless HUB_METRICS_TOKEN is set: then `Authorization: Bearer <token>`, and 401 without it.
   */
  @Get()
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format', schema: { type: 'string' }, example: '# HELP hub_instances Instances by state (active, disabled, invalid)\n# TYPE hub_instances gauge\nhub_instances{state="active"} 1\n' })
  @ApiUnauthorizedResponse({ description: METRICS_TOKEN_NEEDED })
  async scrape(@Res({ passthrough: true }) reply: FastifyReply, @Headers('authorization') authorization?: string): Promise<string> {
    if (this.tokenDigest) this.checkToken(authorization);
    await this.gauges.collect();
    const text = await this.metrics.registry.metrics();
    // Set here rather than by @Header, which would also apply to the JSON error body of a 401.
    void reply.header('content-type', 'text/plain; version=0.0.4; charset=utf-8');
    return text;
  }

  private checkToken(authorization: string | undefined): void {
    const [scheme, token] = (authorization ?? '').trim().split(/\s+/, 2);
    const given = sha256Hex(scheme?.toLowerCase() === 'bearer' && token ? token : '');
    if (!constantTimeEqual(given, this.tokenDigest!)) throw new MetricsException(MetricsErrorCode.METRICS_TOKEN_REQUIRED, METRICS_TOKEN_NEEDED);
  }
}
