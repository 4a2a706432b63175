import { Controller, Get, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ConsoleExceptionFilter } from '../console/console-exception.filter';
import { ConsolePages } from '../console/console-http';
import { Console, ConsoleContext, ConsoleGuard } from '../console/console.guard';
import { AuditLog } from './audit-log.service';
import { auditEntryView } from './audit.dto';
import { auditPage } from './audit.page';

/** How many entries the console page shows; the API pages through the rest. */
const CONSOLE_ENTRIES = 200;

/** `/console/audit`: the super admin sees every organization's changes, other console admins their own organization's. */
@ApiExcludeController()
@UseGuards(ConsoleGuard)
@UseFilters(ConsoleExceptionFilter)
@Controller('console')
export class AuditConsoleController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly audit: AuditLog,
  ) {}

  @Get('audit')
  async show(@Res() reply: FastifyReply, @Console() session: ConsoleContext) {
    const organizationId = session.admin.role === 'super' ? undefined : session.admin.organizationId;
    const entries = await this.audit.list({ organizationId }, CONSOLE_ENTRIES);
    return this.pages.send(reply, 200, auditPage(session, entries.map(auditEntryView)));
  }
}
