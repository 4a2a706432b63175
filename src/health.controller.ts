import { Controller, Get } from '@nestjs/common';
import { ApiInternalServerErrorResponse, ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { CommonErrorCode, CommonException } from './common/common.exception';
import { HubShutdown } from './lifecycle/hub-shutdown';

/** 503 from readiness: one code, the reason in the message. */
function notReady(reason: string): CommonException {
  return new CommonException(CommonErrorCode.NOT_READY, `Not ready: ${reason}`);
}

const statusSchema = (...fields: string[]) => ({ type: 'object', required: fields, properties: Object.fromEntries(fields.map((field) => [field, { type: 'string' }])) });

/**
 * Liveness (`/health/live`: the process answers; restart it if not) apart from readiness
 * (`/health/ready`: send it traffic; false while the database is unreachable, migrations are
 * pending or the process is draining). `/health` is the simple check scripts poll.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly shutdown: HubShutdown,
  ) {}

  /**
   * Whether the hub and its database answer.
   * @remarks The simple check scripts poll; no credentials.
   */
  @Get()
  @ApiOkResponse({ schema: statusSchema('status', 'database'), example: { status: 'ok', database: 'up' } })
  @ApiInternalServerErrorResponse({ description: 'Internal error; quote the requestId when reporting it' })
  async health(): Promise<{ status: string; database: string }> {
    await this.dataSource.query('SELECT 1');
    return { status: 'ok', database: 'up' };
  }

  /**
   * Liveness: the process answers.
   * @remarks No database call: a database outage must not make an orchestrator restart every replica. No credentials.
   */
  @Get('live')
  @ApiOkResponse({ schema: statusSchema('status'), example: { status: 'ok' } })
  live(): { status: string } {
    return { status: 'ok' };
  }

  /**
   * Readiness: send this replica traffic.
   * @remarks 503 while the database is unreachable, migrations are pending or the process is draining. No credentials.
   */
  @Get('ready')
  @ApiOkResponse({ schema: statusSchema('status', 'database', 'migrations'), example: { status: 'ok', database: 'up', migrations: 'applied' } })
  @ApiServiceUnavailableResponse({ description: 'Not ready: database unreachable' })
  async ready(): Promise<{ status: string; database: string; migrations: string }> {
    if (this.shutdown.draining) throw notReady('shutting down');
    let applied: Set<string>;
    try {
      const rows: Array<{ name: string }> = await this.dataSource.query(`SELECT name FROM "${this.dataSource.options.migrationsTableName ?? 'migrations'}"`);
      applied = new Set(rows.map((r) => r.name));
    } catch {
      throw notReady('database unreachable');
    }
    // Migrations run before the hub listens, so this catches a schema rolled back under a running replica.
    const pending = this.dataSource.migrations.map((m) => m.name ?? m.constructor.name).filter((name) => !applied.has(name));
    if (pending.length > 0) throw notReady(`database migrations pending (${pending.join(', ')})`);
    return { status: 'ok', database: 'up', migrations: 'applied' };
  }
}
