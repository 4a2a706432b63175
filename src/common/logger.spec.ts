import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { blockingWrites, createRootLogger, HubLogger, redactUrl, requestLineWriter, TurnBatchedDestination } from './logger';

describe('TurnBatchedDestination', () => {
  const sinkOf = () => {
    const writes: string[] = [];
    // Decoded at once: the destination reuses the bytes once the write returns.
    return { writes, sink: { write: (bytes: Uint8Array) => void writes.push(Buffer.from(bytes).toString('utf8')) } };
  };

  it('writes the lines of one event-loop turn together, in order, once that turn is over', async () => {
    const { writes, sink } = sinkOf();
    const destination = new TurnBatchedDestination(sink);
    destination.write('{"n":1}\n');
    destination.write('{"n":2}\n');
    destination.write('{"n":3}\n');
    expect(writes).toEqual([]);
    await nextTurn();
    expect(writes).toEqual(['{"n":1}\n{"n":2}\n{"n":3}\n']);

    destination.write('{"n":4}\n');
    await nextTurn();
    expect(writes).toEqual(['{"n":1}\n{"n":2}\n{"n":3}\n', '{"n":4}\n']);
  });

  it('writes a turn of more lines than a batch holds in batches, in order, every character whole', async () => {
    const { writes, sink } = sinkOf();
    const destination = new TurnBatchedDestination(sink);
    const lines = Array.from({ length: 3_000 }, (_, n) => `{"n":${n},"msg":"é€😀 ${'x'.repeat(n % 50)}"}\n`);
    for (const line of lines) destination.write(line);
    const huge = `{"msg":"${'€'.repeat(30_000)}"}\n`;
    destination.write(huge);
    destination.write('{"after":true}\n');
    expect(writes.length).toBeGreaterThan(1);
    await nextTurn();
    expect(writes.join('')).toBe([...lines, huge, '{"after":true}\n'].join(''));
    expect(writes).toContain(huge);
  });

  it('writes what is pending at once when flushed (as on exit), and nothing twice', async () => {
    const { writes, sink } = sinkOf();
    const destination = new TurnBatchedDestination(sink);
    destination.write('last words\n');
    destination.flushSync();
    expect(writes).toEqual(['last words\n']);
    await nextTurn();
    destination.flushSync();
    expect(writes).toEqual(['last words\n']);
  });
});

describe('blockingWrites', () => {
  it('waits out a full non-blocking pipe until its reader takes everything, multi-byte text whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-log-pipe-'));
    try {
      const fifo = join(dir, 'log');
      execFileSync('mkfifo', [fifo]);
      // The reader, another process, starts late: the pipe (64 KiB) fills and the writes get EAGAIN meanwhile.
      const reader = spawn('sh', ['-c', 'sleep 0.3; wc -c < "$0"', fifo]);
      const counted = new Promise<string>((resolve) => {
        let out = '';
        reader.stdout.on('data', (chunk: Buffer) => (out += String(chunk)));
        reader.on('close', () => resolve(out.trim()));
      });
      const fd = openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK);
      const text = '{"msg":"é€"}\n'.repeat(20_000);
      blockingWrites(fd).write(Buffer.from(text));
      closeSync(fd);
      expect(await counted).toBe(String(Buffer.byteLength(text)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('requestLineWriter', () => {
  const capture = (level: string) => {
    const lines: string[] = [];
    return { lines, logger: createRootLogger(level, { write: (line: string) => void lines.push(line) }) };
  };
  const withoutTime = (line: string) => line.replace(/"time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"/, '"time":"T"');

  // Plain URLs take the path without JSON.stringify; anything JSON escapes takes it, and the line is the same.
  it.each([
    ['plain', '/elements/api-v2/hubs/collaboration/channels/Y2lz-._~!$&()*+,;=:@?pageSize=5'],
    ['a control character', '/x/\u0001\t/y'],
    ['a surrogate pair', '/x/😀/y'],
    ['Latin-1 and beyond', '/x/é€ÿ/y'],
  ])('writes the same bytes as pino for a URL with %s', (_, url) => {
    const { lines, logger } = capture('info');
    const line = { requestId: 'c0ffee00-0000-4000-8000-000000000000', method: 'PATCH', url, status: 200, ms: 12 };
    requestLineWriter(logger)(line);
    logger.info(line, 'request');
    expect(withoutTime(lines[0])).toBe(withoutTime(lines[1]));
    expect(JSON.parse(lines[0]).url).toBe(url);
  });

  // Node's parser reads a URL's bytes as Latin-1, so no request has one; should a line ever, it stays exact.
  it('escapes a lone surrogate as JSON.stringify does, where pino writes it raw (and the encoding loses it)', () => {
    const { lines, logger } = capture('info');
    requestLineWriter(logger)({ requestId: 'c0ffee00-0000-4000-8000-000000000000', method: 'GET', url: '/x/\ud800/y', status: 200, ms: 1 });
    expect(lines[0]).toContain('"url":"/x/\\ud800/y"');
    expect(JSON.parse(lines[0]).url).toBe('/x/\ud800/y');
  });

  it("writes the line pino's logger.info would, to the same destination, with the query's secrets redacted", () => {
    const { lines, logger } = capture('info');
    const line = { requestId: 'a1b2', method: 'GET', url: '/x/"quoted"\\/é?code=secret-code&pageSize=5', status: 404, ms: 3 };
    const sut = requestLineWriter(logger);

    sut(line);
    logger.info({ ...line, url: redactUrl(line.url) }, 'request');

    expect(lines).toHaveLength(2);
    expect(lines[0]).not.toContain('secret-code');
    expect(withoutTime(lines[0])).toBe(withoutTime(lines[1]));
    expect(JSON.parse(lines[0])).toMatchObject({ level: 30, requestId: 'a1b2', url: '/x/"quoted"\\/é?code=[REDACTED]&pageSize=5', status: 404, ms: 3, msg: 'request' });
  });

  it("writes nothing when the logger's level is above info", () => {
    const { lines, logger } = capture('warn');

    requestLineWriter(logger)({ requestId: 'a', method: 'GET', url: '/', status: 200, ms: 1 });

    expect(lines).toEqual([]);
  });
});

describe('redactUrl', () => {
  it('redacts secret parameters by their decoded name: percent-encoded, in another case, with []', () => {
    const sut = redactUrl('/x?apiSecre%74=s1&%63ode=s2&ACCESS_TOKEN=s3&token[]=s4&refresh%5Ftoken=s5&client%5fsecret=s6&pageSize=5');

    expect(sut).toBe('/x?apiSecre%74=[REDACTED]&%63ode=[REDACTED]&ACCESS_TOKEN=[REDACTED]&token[]=[REDACTED]&refresh%5Ftoken=[REDACTED]&client%5fsecret=[REDACTED]&pageSize=5');
  });

  it("redacts the OAuth callback's state", () => {
    expect(redactUrl('/elements/api-v2/console/oauth/callback?code=c0de&state=st4te')).toBe('/elements/api-v2/console/oauth/callback?code=[REDACTED]&state=[REDACTED]');
  });

  it('leaves a URL without secrets as it is', () => {
    for (const url of ['/x', '/x?', '/x?pageSize=5&where=a%3D1', '/x?codes=1&stateless', '/x?%zz=1&a']) expect(redactUrl(url)).toBe(url);
  });
});

describe('HubLogger', () => {
  const capture = (level: string) => {
    const lines: string[] = [];
    return { lines, sut: new HubLogger(createRootLogger(level, { write: (line: string) => void lines.push(line) })) };
  };

  it("keeps Nest's start-up chatter (modules, routes) out of info, and the hub's own lines in it", () => {
    const { lines, sut } = capture('info');

    sut.log('Mapped {/elements/api-v2/instances, GET} route', 'RouterExplorer');
    sut.log('AuthModule dependencies initialized', 'InstanceLoader');
    sut.log('First start: created the default organization', 'FirstStart');

    expect(lines.map((line) => JSON.parse(line))).toEqual([expect.objectContaining({ level: 30, context: 'FirstStart' })]);
  });

  it('writes the chatter at debug when LOG_LEVEL asks for it', () => {
    const { lines, sut } = capture('debug');

    sut.log('Mapped {/elements/api-v2/instances, GET} route', 'RouterExplorer');

    expect(JSON.parse(lines[0])).toMatchObject({ level: 20, context: 'RouterExplorer', msg: 'Mapped {/elements/api-v2/instances, GET} route' });
  });
});
