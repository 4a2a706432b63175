import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { TraceEntry } from './trace-entry.entity';

export class ListTraceQuery {
  /** Entries per page, newest first (default 50, at most 500). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  pageSize?: number;

  /** The `elements-next-page-token` of the previous page. */
  @IsOptional() @IsString()
  nextPage?: string;
}

/** Any JSON value: a body as it was sent, or the text of one cut short. */
export const ANY_JSON = { oneOf: [{ type: 'object' }, { type: 'array', items: {} }, { type: 'string' }, { type: 'number' }, { type: 'boolean' }] };

/** One traced Webex call, in the words of Cloud Elements' API logs (responseCode, processTime). */
export class TraceEntryView {
  id: string;
  elementInstanceId: number;
  /** When the call was made, ISO 8601. */
  timestamp: string;
  method: string;
  /** The Webex path and query. */
  path: string;
  /** Webex's status (or the hub's 502/504 when Webex did not answer). */
  responseCode: number;
  /** Milliseconds the call took. */
  processTime: number;
  /** Webex's trackingId, to quote to Webex support. */
  trackingId?: string;
  @ApiPropertyOptional({ ...ANY_JSON, description: 'The request body, secrets masked; a string when it was cut' })
  requestBody?: unknown;
  @ApiPropertyOptional({ ...ANY_JSON, description: 'The response body, secrets masked; a string when it was cut' })
  responseBody?: unknown;
}

/** What the API document shows of a trace. */
export const TRACE_EXAMPLE: TraceEntryView[] = [
  {
    id: '42',
    elementInstanceId: 1,
    timestamp: '2026-12-01T09:12:30.125Z',
    method: 'POST',
    path: '/webhooks',
    responseCode: 200,
    processTime: 87,
    trackingId: 'ROUTER_5F0B3C2A-8D4E-4A8F-9B1C-2E7D6F5A4B3C',
    requestBody: { name: 'hook', targetUrl: 'https://app.example.com/hook', resource: 'messages', event: 'created', secret: '********' },
    responseBody: { id: 'Y2lzY29zcGFyazovL3VzL1dFQkhPT0svOTZhYmMyYWE', name: 'hook', secret: '********', status: 'active' },
  },
];

export function traceEntryView(entry: TraceEntry): TraceEntryView {
  return {
    id: String(entry.id),
    elementInstanceId: entry.instanceId,
    timestamp: entry.createdAt.toISOString(),
    method: entry.method,
    path: entry.path,
    responseCode: entry.status,
    processTime: entry.latencyMs,
    ...(entry.trackingId !== null && { trackingId: entry.trackingId }),
    ...(entry.requestBody !== null && { requestBody: storedJson(entry.requestBody) }),
    ...(entry.responseBody !== null && { responseBody: storedJson(entry.responseBody) }),
  };
}

/** Stored JSON text as its value; a body cut short is no longer JSON, and reads as the text it is. */
export function storedJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
