import { Controller, Delete, Get, Param, Put, Query, Res, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Credentials, CredentialsGuard, Creds } from '../auth/auth.guard';
import { ParseIdPipe } from '../common/id.pipe';
import { InstanceView } from '../instances/instances.dto';
import { ListTraceQuery, TRACE_EXAMPLE, TraceEntryView } from './trace-logging.dto';
import { TraceLogging } from './trace-logging.service';

/**
 * Cloud Elements' `traceLoggingEnabled`: `/instances/{id}/trace-logging` switches it and reads
 * the trace; `/instances/trace-logging` does the same for the instance of the Element token.
 */
@ApiTags('instances')
@ApiSecurity('hub')
@UseGuards(CredentialsGuard)
@Controller()
export class TraceLoggingController {
  constructor(private readonly traceLogging: TraceLogging) {}

  /**
   * Turn trace logging on
   * @remarks The hub then keeps the instance's last HUB_TRACE_LOG_SIZE Webex calls: method, path, status, latency, trackingId and both bodies, secrets masked.
   */
  @Put('instances/:id/trace-logging')
  enable(@Creds() caller: Credentials, @Param('id', ParseIdPipe) id: number): Promise<InstanceView> {
    return this.traceLogging.switch(caller, id, true);
  }

  /**
   * Turn trace logging off
   * @remarks Nothing more is recorded; the entries already kept stay readable.
   */
  @Delete('instances/:id/trace-logging')
  disable(@Creds() caller: Credentials, @Param('id', ParseIdPipe) id: number): Promise<InstanceView> {
    return this.traceLogging.switch(caller, id, false);
  }

  /**
   * Read an instance's trace
   * @remarks Newest first; `elements-next-page-token` names the next page when there is one.
   */
  @Get('instances/:id/trace-logging')
  @ApiOkResponse({ type: [TraceEntryView], example: TRACE_EXAMPLE })
  read(@Creds() caller: Credentials, @Param('id', ParseIdPipe) id: number, @Query() query: ListTraceQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<TraceEntryView[]> {
    return this.page(caller, id, query, reply);
  }

  /**
   * Turn trace logging on for the instance of the Element token
   * @remarks As `PUT /instances/{id}/trace-logging`, for the instance the Element part of the Authorization header names.
   */
  @Put('instances/trace-logging')
  enableByToken(@Creds() caller: Credentials): Promise<InstanceView> {
    return this.traceLogging.switch(caller, undefined, true);
  }

  /**
   * Turn trace logging off for the instance of the Element token
   * @remarks As `DELETE /instances/{id}/trace-logging`: nothing more is recorded, and the entries kept stay readable.
   */
  @Delete('instances/trace-logging')
  disableByToken(@Creds() caller: Credentials): Promise<InstanceView> {
    return this.traceLogging.switch(caller, undefined, false);
  }

  /**
   * Read the trace of the instance of the Element token
   * @remarks As `GET /instances/{id}/trace-logging`: newest first, paged with `nextPage`.
   */
  @Get('instances/trace-logging')
  @ApiOkResponse({ type: [TraceEntryView], example: TRACE_EXAMPLE })
  readByToken(@Creds() caller: Credentials, @Query() query: ListTraceQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<TraceEntryView[]> {
    return this.page(caller, undefined, query, reply);
  }

  private async page(caller: Credentials, id: number | undefined, query: ListTraceQuery, reply: FastifyReply): Promise<TraceEntryView[]> {
    const { entries, next } = await this.traceLogging.read(caller, id, query);
    if (next) void reply.header('elements-next-page-token', next);
    void reply.header('elements-returned-count', String(entries.length));
    return entries;
  }
}
