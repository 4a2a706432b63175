import { LoggerService } from '@nestjs/common';
import { writeSync } from 'node:fs';
import pino, { Logger } from 'pino';

/** Query parameters that may carry secrets and must never reach a log line (names lower-cased). */
const SECRET_PARAMS = new Set(['apisecret', 'api_secret', 'client_secret', 'code', 'code_verifier', 'refresh_token', 'access_token', 'token', 'nextpage', 'state']);

/**
 * The URL with the values of secret query parameters replaced by `[REDACTED]`. Names are compared
 * as the query parser reads them (percent-decoded, `+` a space, case aside, `[]` dropped), so
 * `apiSecre%74=` is redacted as `apiSecret=` is.
 */
export function redactUrl(url: string): string {
  const start = url.indexOf('?');
  if (start === -1) return url;
  const pairs = url.slice(start + 1).split('&');
  let redacted = false;
  for (let i = 0; i < pairs.length; i++) {
    const equals = pairs[i].indexOf('=');
    if (equals === -1) continue;
    const name = pairs[i].slice(0, equals);
    if (SECRET_PARAMS.has(decodedName(name))) {
      pairs[i] = `${name}=[REDACTED]`;
      redacted = true;
    }
  }
  return redacted ? `${url.slice(0, start + 1)}${pairs.join('&')}` : url;
}

function decodedName(name: string): string {
  let decoded = name.includes('%') || name.includes('+') ? name.replace(/\+/g, ' ').replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : name;
  if (decoded.endsWith('[]')) decoded = decoded.slice(0, -2);
  return decoded.toLowerCase();
}

export function createRootLogger(level: string, destination: pino.DestinationStream = turnBatchedDestination()): Logger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization'], censor: '[REDACTED]' },
      serializers: {
        req: (req: { method: string; url: string; id?: string }) => ({ method: req.method, url: redactUrl(req.url) }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
    destination,
  );
}

/** What the one log line of an answered request says. */
export interface RequestLine {
  requestId: string;
  method: string;
  /** As requested; secrets in the query are redacted here. */
  url: string;
  status: number;
  ms: number;
}

/**
 * Writes request lines to `logger`'s destination at `info`, byte for byte as `logger.info(line,
 * 'request')` would, but built as one template: every request writes one, and through pino's
 * generic serializer it cost a hub call about 5% of its CPU time (docs/benchmarks.md, Hub proxy).
 * The request id (the hub's own UUID) and the method (one Node's parser knows) never need JSON's
 * escapes; the URL is stringified only when it holds something JSON escapes.
 */
export function requestLineWriter(logger: Logger): (line: RequestLine) => void {
  const destination = (logger as unknown as Record<symbol, pino.DestinationStream>)[pino.symbols.streamSym];
  const level = logger.levels.values.info;
  // Lines of the same millisecond share its timestamp, made once.
  let timeMs = 0;
  let time = '';
  return ({ requestId, method, url, status, ms }) => {
    if (!logger.isLevelEnabled('info')) return;
    const now = Date.now();
    if (now !== timeMs) time = new Date((timeMs = now)).toISOString();
    destination.write(
      `{"level":${level},"time":"${time}","requestId":"${requestId}","method":"${method}",` +
        `"url":${jsonString(redactUrl(url))},"status":${status},"ms":${ms},"msg":"request"}\n`,
    );
  };
}

/** What JSON.stringify escapes in a string: `"`, `\`, control characters and (lone) surrogates. */
// eslint-disable-next-line no-control-regex -- control characters are what JSON escapes
const JSON_ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/** `text` as a JSON string, as JSON.stringify writes it. */
function jsonString(text: string): string {
  return JSON_ESCAPED.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/** Destinations with lines not yet written, flushed when the process exits however it exits. */
const unflushed = new Set<TurnBatchedDestination>();
process.once('exit', () => {
  for (const destination of unflushed) destination.flushSync();
});

/**
 * Log lines for `fd` (stdout by default): the lines of one turn of the event loop leave together
 * in one write, at the end of that turn, so a line is never held back longer than the turn that
 * wrote it. pino's asynchronous mode sent each write through libuv's thread pool, which cost a
 * hub call more than building its log line (docs/benchmarks.md, Hub proxy). The writes block, as
 * pino's default destination does; a full pipe waits rather than grows the heap.
 */
export function turnBatchedDestination(fd = 1): pino.DestinationStream & { flushSync(): void } {
  return new TurnBatchedDestination(blockingWrites(fd));
}

/** Takes bytes and is done with them when `write` returns (the caller then reuses them). */
export interface ByteSink {
  write(bytes: Uint8Array): void;
}

/**
 * Writes each batch whole to `fd`, blocking, as pino's synchronous destination did, without its
 * bookkeeping (which measured every batch's length once more: about 3% of a cached read's CPU,
 * docs/benchmarks.md, Cache). A descriptor in non-blocking mode (a pipe whose reader is slow)
 * answers EAGAIN when full: the write waits a millisecond and goes on, as pino's did, so a full
 * pipe still waits rather than grows the heap. Any other error is thrown, as pino's threw it.
 */
export function blockingWrites(fd: number): ByteSink {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  return {
    write(bytes: Uint8Array) {
      let offset = 0;
      while (offset < bytes.length) {
        try {
          offset += writeSync(fd, bytes, offset);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
          Atomics.wait(pause, 0, 0, 1);
        }
      }
    },
  };
}

/** What a batch holds: one that fills is written out at once, before its turn ends. */
const BATCH_BYTES = 64 * 1024;

/**
 * Lines kept as UTF-8 in one buffer until the turn ends (or the buffer fills), then handed to the
 * sink in one piece: each line is encoded once as it comes, into the same memory every turn,
 * rather than joined with the turn's others into one long string that is then encoded.
 */
export class TurnBatchedDestination {
  private readonly batch = Buffer.allocUnsafe(BATCH_BYTES);
  private length = 0;

  constructor(private readonly sink: ByteSink) {}

  write(line: string): void {
    // UTF-8 takes at most 3 bytes for each UTF-16 unit of the line.
    if (line.length * 3 > BATCH_BYTES - this.length) {
      this.flushSync();
      if (line.length * 3 > BATCH_BYTES) return this.sink.write(Buffer.from(line));
    }
    if (this.length === 0) {
      unflushed.add(this);
      setImmediate(this.flushSync);
    }
    this.length += this.batch.write(line, this.length);
  }

  readonly flushSync = (): void => {
    if (this.length === 0) return;
    const bytes = this.batch.subarray(0, this.length);
    this.length = 0;
    unflushed.delete(this);
    this.sink.write(bytes);
  };
}

/**
 * Nest's own start-up chatter (a line per module and one per route, about 80 in all): kept at
 * debug, so `info` shows what an operator acts on. LOG_LEVEL=debug brings it back.
 */
const FRAMEWORK_CONTEXTS = new Set(['NestFactory', 'NestApplication', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/** Nest's logger interface over pino, so framework and service lines share one JSON format. */
export class HubLogger implements LoggerService {
  constructor(readonly pino: Logger) {}

  log(message: unknown, context?: string) {
    this.write(context && FRAMEWORK_CONTEXTS.has(context) ? 'debug' : 'info', message, context);
  }
  error(message: unknown, trace?: string, context?: string) {
    if (typeof message === 'object' && message !== null) this.pino.error({ context, ...message }, trace);
    else this.pino.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string) {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string) {
    this.write('trace', message, context);
  }
  fatal(message: unknown, context?: string) {
    this.write('fatal', message, context);
  }

  private write(level: pino.Level, message: unknown, context?: string) {
    if (typeof message === 'object' && message !== null) this.pino[level]({ context, ...message });
    else this.pino[level]({ context }, String(message));
  }
}

/** An error as a log line's `err`: only the name, message and stack, since an error object may hold request data with secrets. */
export function errorLogFields(error: unknown): { name?: string; message: string; stack?: string } {
  return error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { message: String(error) };
}
