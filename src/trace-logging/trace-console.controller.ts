import { Controller, Get, HttpCode, Param, Post, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ParseIdPipe } from '../common/id.pipe';
import { ConsoleExceptionFilter } from '../console/console-exception.filter';
import { ConsolePages, seeOther } from '../console/console-http';
import { ConsoleInstances } from '../console/console-instances.service';
import { Console, ConsoleContext, ConsoleGuard } from '../console/console.guard';
import { TraceLog } from './trace-log.service';
import { traceEntryView } from './trace-logging.dto';
import { TraceLogging } from './trace-logging.service';
import { tracePage } from './trace.page';

/** The console's view of an instance's trace: `/console/instances/{id}/trace`, and its switch. */
@ApiExcludeController()
@UseGuards(ConsoleGuard)
@UseFilters(ConsoleExceptionFilter)
@Controller('console/instances/:id')
export class TraceConsoleController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly instances: ConsoleInstances,
    private readonly traces: TraceLog,
    private readonly traceLogging: TraceLogging,
  ) {}

  @Get('trace')
  async show(@Res() reply: FastifyReply, @Console() session: ConsoleContext, @Param('id', ParseIdPipe) id: number) {
    const instance = await this.instances.get(session.admin, id);
    const entries = (await this.traces.list(id, 100)).map(traceEntryView);
    return this.pages.send(reply, 200, tracePage(session, instance, instance.traceLoggingEnabled, entries));
  }

  @Post('trace-logging/on')
  @HttpCode(200)
  enable(@Res() reply: FastifyReply, @Console() session: ConsoleContext, @Param('id', ParseIdPipe) id: number) {
    return this.switch(reply, session, id, true);
  }

  @Post('trace-logging/off')
  @HttpCode(200)
  disable(@Res() reply: FastifyReply, @Console() session: ConsoleContext, @Param('id', ParseIdPipe) id: number) {
    return this.switch(reply, session, id, false);
  }

  private async switch(reply: FastifyReply, session: ConsoleContext, id: number, enabled: boolean) {
    // Refuses (404) an instance this admin may not see.
    await this.instances.get(session.admin, id);
    await this.traceLogging.switchFound(id, enabled);
    return seeOther(reply, `/instances/${id}/trace`);
  }
}
