import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { HubConfig } from '../config/hub-config';
import { errorLogFields } from '../common/logger';
import { maskedJson } from './secret-masking';
import { TraceEntry } from './trace-entry.entity';

/** The longest body a trace entry keeps, in characters of masked JSON. */
export const TRACE_BODY_LIMIT = 16_384;

/** What one traced Webex call was, as `HubCallObserver` saw it. */
export interface TracedCall {
  method: string;
  path: string;
  status: number;
  latencyMs: number;
  trackingId?: string;
  requestBody?: unknown;
  responseBody?: unknown;
}

/**
 * The stored trace of each instance: every entry masked and truncated before it is written, and
 * only the newest HUB_TRACE_LOG_SIZE kept per instance, in the database so that every hub
 * process adds to, and reads, the same trace.
 */
@Injectable()
export class TraceLog {
  private readonly logger = new Logger(TraceLog.name);

  constructor(
    private readonly config: HubConfig,
    @InjectRepository(TraceEntry) private readonly entries: Repository<TraceEntry>,
  ) {}

  /** Stores one call and prunes the instance's older entries; a failure is logged, never thrown at the hub call. */
  async record(instanceId: number, call: TracedCall): Promise<void> {
    try {
      await this.entries.insert({
        instanceId,
        method: call.method,
        path: call.path,
        status: call.status,
        latencyMs: Math.round(call.latencyMs),
        trackingId: call.trackingId ?? null,
        requestBody: maskedJson(call.requestBody, TRACE_BODY_LIMIT),
        responseBody: maskedJson(call.responseBody, TRACE_BODY_LIMIT),
      });
      await this.entries.query(
        `DELETE FROM trace_log WHERE instance_id = $1 AND id <= (SELECT id FROM trace_log WHERE instance_id = $1 ORDER BY id DESC OFFSET $2 LIMIT 1)`,
        [instanceId, this.config.HUB_TRACE_LOG_SIZE],
      );
    } catch (error) {
      this.logger.warn({ instanceId, err: errorLogFields(error) }, 'Trace entry not stored');
    }
  }

  /** The instance's entries, newest first, `limit` of them after the id `before`. */
  list(instanceId: number, limit: number, before?: string): Promise<TraceEntry[]> {
    return this.entries.find({ where: { instanceId, ...(before && { id: LessThan(before) }) }, order: { id: 'DESC' }, take: limit });
  }
}
