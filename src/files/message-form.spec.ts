import type { Multipart } from '@fastify/multipart';
import { Readable } from 'node:stream';
import { messageForm } from './message-form';

type FakePart = { type: 'field'; fieldname: string; value: unknown } | { type: 'file'; fieldname: string; filename: string; mimetype: string; data: Buffer; truncated?: boolean };

/** What @fastify/multipart's `parts()` yields, for these parts; `failWith` is thrown after them. */
async function* partsOf(parts: FakePart[], failWith?: Error): AsyncGenerator<Multipart> {
  for (const part of parts) {
    if (part.type === 'field') {
      yield { type: 'field', fieldname: part.fieldname, value: part.value, valueTruncated: false, fieldnameTruncated: false } as unknown as Multipart;
    } else {
      const file = Object.assign(Readable.from([part.data]), { truncated: part.truncated ?? false });
      yield { type: 'file', fieldname: part.fieldname, filename: part.filename, mimetype: part.mimetype, file } as unknown as Multipart;
    }
  }
  if (failWith) throw failWith;
}

async function encoded(parts: FakePart[], bound: Record<string, string> = {}, failWith?: Error): Promise<{ boundary: string; text: string }> {
  const sut = messageForm(partsOf(parts, failWith), bound, { maxFileBytes: 100, maxFiles: 1 });
  const chunks: Buffer[] = [];
  for await (const chunk of sut.body) chunks.push(chunk);
  return { boundary: sut.contentType.split('boundary=')[1], text: Buffer.concat(chunks).toString('utf8') };
}

describe('messageForm', () => {
  it('writes the bound fields first, then the caller’s in order, the file with its name and type, and the closing boundary', async () => {
    const { boundary, text } = await encoded(
      [
        { type: 'field', fieldname: 'roomId', value: 'from the caller' },
        { type: 'field', fieldname: 'text', value: 'hé "quoted"' },
        { type: 'file', fieldname: 'files', filename: 'a "b"\r\n.pdf', mimetype: 'application/pdf', data: Buffer.from('%PDF') },
      ],
      { roomId: 'from the path' },
    );
    expect(boundary).toMatch(/^hub-[0-9a-f]{48}$/);
    expect(text).toBe(
      `--${boundary}\r\nContent-Disposition: form-data; name="roomId"\r\n\r\nfrom the path\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\nhé "quoted"\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="a %22b%22%0D%0A.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF\r\n` +
        `--${boundary}--\r\n`,
    );
  });

  it('sends a file of an unreadable type as application/octet-stream', async () => {
    const { text } = await encoded([{ type: 'file', fieldname: 'files', filename: 'x', mimetype: 'text/html\r\nX-Evil: 1', data: Buffer.from('x') }]);
    expect(text).toContain('Content-Type: application/octet-stream\r\n');
    expect(text).not.toContain('X-Evil');
  });

  it.each([
    ['a file past the limit', [{ type: 'file', fieldname: 'files', filename: 'big', mimetype: 'a/b', data: Buffer.alloc(100), truncated: true }], undefined, 'FILE_TOO_LARGE'],
    ['a file under another field', [{ type: 'file', fieldname: 'file', filename: 'x', mimetype: 'a/b', data: Buffer.alloc(1) }], undefined, 'UNEXPECTED_FILE_FIELD'],
    ['a NUL in a field', [{ type: 'field', fieldname: 'text', value: 'a\u0000b' }], undefined, 'UNSTORABLE_TEXT'],
    ['a second file (busboy’s files limit)', [], Object.assign(new Error('reach files limit'), { code: 'FST_FILES_LIMIT' }), 'TOO_MANY_FILES'],
    ['a body cut short', [], new Error('Unexpected end of form'), 'INVALID_MULTIPART'],
  ] as [string, FakePart[], Error | undefined, string][])('ends the form without its closing boundary on %s', async (_name, parts, failWith, code) => {
    const sut = messageForm(partsOf(parts, failWith), {}, { maxFileBytes: 100, maxFiles: 1 });
    const chunks: Buffer[] = [];
    const failure = await (async () => {
      for await (const chunk of sut.body) chunks.push(chunk);
    })().catch((error: { code?: string }) => error);
    expect((failure as { code?: string } | undefined)?.code).toBe(code);
    expect(Buffer.concat(chunks).toString()).not.toContain('--\r\n');
  });
});
