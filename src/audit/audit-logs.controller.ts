import { Controller, Get, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AdminOnly, Credentials, CredentialsGuard, Creds } from '../auth/auth.guard';
import { ParseIdPipe } from '../common/id.pipe';
import { pageAfter, pageOf } from '../trace-logging/keyset-page';
import { AuditFilter, AuditLog } from './audit-log.service';
import { AUDIT_EXAMPLE, AuditEntryView, auditEntryView, ListAuditLogsQuery } from './audit.dto';
import { AuditErrorCode, AuditException } from './audit.exception';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Cloud Elements' `/audit-logs`: the changes made in the caller's organization, for its admins. */
@ApiTags('audit-logs')
@ApiSecurity('hub')
@UseGuards(CredentialsGuard)
@AdminOnly()
@Controller('audit-logs')
export class AuditLogsController {
  constructor(private readonly audit: AuditLog) {}

  /**
   * List the organization's audit log
   * @remarks Every change to instances, users, secrets and console admins: who, when, from which address and what changed (secrets masked). Newest first; `elements-next-page-token` names the next page.
   */
  @Get()
  @ApiOkResponse({ type: [AuditEntryView], example: AUDIT_EXAMPLE })
  list(@Creds() caller: Credentials, @Query() query: ListAuditLogsQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<AuditEntryView[]> {
    return this.page(caller, {}, query, reply);
  }

  /**
   * List the changes to the organization's instances
   * @remarks As `GET /audit-logs`, the entries that concern an instance (its own changes and its token's rotations).
   */
  @Get('element-instances')
  @ApiOkResponse({ type: [AuditEntryView], example: AUDIT_EXAMPLE })
  instances(@Creds() caller: Credentials, @Query() query: ListAuditLogsQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<AuditEntryView[]> {
    return this.page(caller, { instances: true }, query, reply);
  }

  /**
   * List the changes to one instance
   * @remarks Deleted instances keep their entries.
   */
  @Get('element-instances/:id')
  @ApiOkResponse({ type: [AuditEntryView], example: AUDIT_EXAMPLE })
  instance(@Creds() caller: Credentials, @Param('id', ParseIdPipe) id: number, @Query() query: ListAuditLogsQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<AuditEntryView[]> {
    return this.page(caller, { instances: id }, query, reply);
  }

  private async page(caller: Credentials, filter: AuditFilter, query: ListAuditLogsQuery, reply: FastifyReply): Promise<AuditEntryView[]> {
    const organizationId = caller.organization.id;
    const scope = `audit:${organizationId}:${filter.instances ?? 'all'}`;
    const before = query.nextPage === undefined ? undefined : pageAfter(query.nextPage, scope);
    if (query.nextPage !== undefined && before === undefined) throw new AuditException(AuditErrorCode.INVALID_NEXT_PAGE, 'nextPage is not a page token of this audit log');
    const from = query.from === undefined ? undefined : new Date(query.from);
    // A date alone as `to` means to the end of that day, as CE reads it.
    const to = query.to === undefined ? undefined : new Date(DATE_ONLY.test(query.to) ? `${query.to}T23:59:59.999Z` : query.to);
    if (from && to && from > to) throw new AuditException(AuditErrorCode.INVALID_DATE_RANGE, 'from must not be after to');
    const pageSize = query.pageSize ?? 200;
    const rows = await this.audit.list({ ...filter, organizationId, userId: query.userId, from, to }, pageSize + 1, before);
    const { page, next } = pageOf(rows, pageSize, scope);
    if (next) void reply.header('elements-next-page-token', next);
    void reply.header('elements-returned-count', String(page.length));
    return page.map(auditEntryView);
  }
}
