import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, Max, Min } from 'class-validator';
import { ANY_JSON, storedJson } from '../trace-logging/trace-logging.dto';
import { AuditEntry, AuditResource } from './audit-entry.entity';

/** Cloud Elements' `/audit-logs` query. */
export class ListAuditLogsQuery {
  /** Entries from this date or time on (`2026-01-24`, `2026-01-24T15:56:44.000Z`). */
  @IsOptional() @IsISO8601({ strict: true })
  from?: string;

  /** Entries up to this date (the whole day) or time. */
  @IsOptional() @IsISO8601({ strict: true })
  to?: string;

  /** Changes made by this user. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(2147483647)
  userId?: number;

  /** Entries per page, newest first (default 200, at most 500). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  pageSize?: number;

  /** The `elements-next-page-token` of the previous page. */
  @IsOptional() @IsString()
  nextPage?: string;
}

/** One change, with Cloud Elements' audit-log fields (snake case, as CE answers) and the hub's own beside them. */
export class AuditEntryView {
  id: string;
  /** When the change was made, ISO 8601. */
  timestamp: string;
  method: string;
  resource_uri: string;
  /** The status the hub answered the change with. */
  status: number;
  org_id?: number;
  /** The API user who made the change. */
  user_id?: number;
  /** The console admin who made the change (the hub's console, which CE does not have). */
  console_admin_id?: number;
  instance_id?: number;
  ip_address: string;
  resource_type: AuditResource;
  resource_id?: number;
  /** create, update, delete, enable, disable, configure, rotate. */
  action: string;
  @ApiPropertyOptional({ ...ANY_JSON, description: 'The fields set and their new values; every secret reads ********. Text when cut at 16 KB' })
  changes?: unknown;
}

/** What the API document shows of the audit log. */
export const AUDIT_EXAMPLE: AuditEntryView[] = [
  {
    id: '7',
    timestamp: '2026-12-01T09:15:02.480Z',
    method: 'PUT',
    resource_uri: '/elements/api-v2/instances/1',
    status: 200,
    org_id: 1,
    user_id: 1,
    instance_id: 1,
    ip_address: '203.0.113.7',
    resource_type: 'instance',
    resource_id: 1,
    action: 'update',
    changes: { name: "Ada's Webex (sales)", configuration: { 'oauth.api.key': '********', 'oauth.api.secret': '********', 'pagination.max': '50' } },
  },
];

export function auditEntryView(entry: AuditEntry): AuditEntryView {
  const optional = (name: string, value: number | null) => (value === null ? {} : { [name]: value });
  return {
    id: String(entry.id),
    timestamp: entry.createdAt.toISOString(),
    method: entry.method,
    resource_uri: entry.resourceUri,
    status: entry.status,
    ...optional('org_id', entry.organizationId),
    ...optional('user_id', entry.userId),
    ...optional('console_admin_id', entry.consoleAdminId),
    ...optional('instance_id', entry.instanceId),
    ip_address: entry.ipAddress,
    resource_type: entry.resourceType,
    ...optional('resource_id', entry.resourceId),
    action: entry.action,
    ...(entry.changes !== null && { changes: storedJson(entry.changes) }),
  };
}
