import * as nestCommon from '@nestjs/common';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AuditException } from '../audit/audit.exception';
import { AuthException } from '../auth/auth.exception';
import { ConsoleException } from '../console/console.exception';
import { ElementsException } from '../elements/elements.exception';
import { EventsException } from '../events/events.exception';
import { FilesException } from '../files/files.exception';
import { HubsException } from '../hubs/hubs.exception';
import { InstancesException } from '../instances/instances.exception';
import { MetricsException } from '../metrics/metrics.exception';
import { TokensException } from '../tokens/tokens.exception';
import { TraceLoggingException } from '../trace-logging/trace-logging.exception';
import { WebexErrorCode, WebexException } from '../webex/webex.exception';
import { CommonException } from './common.exception';
import { toErrorReply } from './error-body';
import { statusCode } from './hub-error';

const SRC = join(__dirname, '..');
const nestNames = new Set(Object.keys(nestCommon));

function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

const catalogues = { CommonException, WebexException, HubsException, AuthException, ConsoleException, EventsException, FilesException, ElementsException, MetricsException, TokensException, InstancesException, AuditException, TraceLoggingException };

describe('the error catalogue', () => {
  it('declares no class named like a @nestjs/common export, so a wrong import cannot compile', () => {
    const shadowing = sourceFiles().flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\bclass\s+([A-Za-z_$][\w$]*)/g)].map((m) => m[1]).filter((name) => nestNames.has(name)).map((name) => `${relative(SRC, file)}: ${name}`),
    );
    expect(shadowing).toEqual([]);
  });

  it('exports no name of a @nestjs/common export, not even as an alias', () => {
    const exported = sourceFiles().flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/^export (?:const|function|class|let|enum|type|interface) ([A-Za-z_$][\w$]*)/gm)].filter((m) => nestNames.has(m[1])).map((m) => `${relative(SRC, file)}: ${m[1]}`),
    );
    expect(exported).toEqual([]);
  });

  it('gives each code one status, across every feature catalogue', () => {
    const seen = new Map<string, string>();
    const conflicts: string[] = [];
    for (const [name, catalogue] of Object.entries(catalogues)) {
      for (const [code, status] of Object.entries(catalogue.statuses)) {
        const before = seen.get(code);
        if (before && !before.endsWith(` ${status}`)) conflicts.push(`${code}: ${before}, ${name} ${status}`);
        seen.set(code, `${name} ${status}`);
        // A catalogue code spelled like a status name must be that status (NOT_FOUND is 404).
        if (code in nestCommon.HttpStatus && statusCode(status) !== code) conflicts.push(`${code} answers ${status}`);
      }
    }
    expect(conflicts).toEqual([]);
    expect(seen.size).toBeGreaterThan(30);
  });

  it('puts the code in the error body beside the Cloud Elements fields', () => {
    const sut = toErrorReply(new WebexException(WebexErrorCode.WEBEX_TIMEOUT, 'Webex did not answer within 5 ms'), 'r1');
    expect(sut).toEqual({ status: 504, headers: {}, body: { requestId: 'r1', code: 'WEBEX_TIMEOUT', message: 'Webex did not answer within 5 ms' } });
    expect(toErrorReply(new nestCommon.NotFoundException('Cannot GET /x'), 'r2').body).toEqual({ requestId: 'r2', code: 'NOT_FOUND', message: 'Cannot GET /x' });
    expect(toErrorReply(new Error('boom'), 'r3')).toMatchObject({ status: 500, body: { code: 'INTERNAL_ERROR' } });
  });
});
