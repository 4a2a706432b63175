import type { Multipart } from '@fastify/multipart';
import { randomBytes } from 'node:crypto';
import { isStorableText, unstorableText } from '../common/storable-text';
import { HubError } from '../common/hub-error';
import { countedChunks } from './chunk-collection';
import { FilesErrorCode, FilesException } from './files.exception';

/** Webex's name for a message's file part, and the only one the hub takes (the element definition maps no other). */
export const FILE_FIELD = 'files';

const CRLF = Buffer.from('\r\n');
/** A part's MIME type as busboy reads it (`type/subtype`); anything else goes on as a plain binary file. */
const MIME_TYPE = /^[\w!#$&^.+-]+\/[\w!#$&^.+-]+$/;

export interface FormLimits {
  maxFileBytes: number;
  maxFiles: number;
}

/** A `multipart/form-data` body for Webex, produced while the caller's own is still arriving. */
export interface MessageForm {
  contentType: string;
  body: AsyncGenerator<Buffer, void, undefined>;
}

/**
 * The caller's message form, re-encoded part by part for Webex as it is read: the fields the hub
 * binds from the path first (the path wins over a field of the same name, as on a JSON hub call),
 * then the caller's fields and its one file in their order. A file is passed on chunk by chunk, so
 * nothing holds more than a chunk of it. Whatever the hub refuses (a file past the limit, a field
 * it cannot pass on) ends the body with an error before its closing boundary: Webex never sees a
 * complete form, so it creates no message.
 */
export function messageForm(parts: AsyncIterable<Multipart>, bound: Record<string, string>, limits: FormLimits): MessageForm {
  const boundary = `hub-${randomBytes(24).toString('hex')}`;
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: encode(parts, bound, limits, boundary) };
}

async function* encode(parts: AsyncIterable<Multipart>, bound: Record<string, string>, limits: FormLimits, boundary: string): AsyncGenerator<Buffer, void, undefined> {
  for (const [name, value] of Object.entries(bound)) yield fieldPart(boundary, name, value);
  try {
    for await (const part of parts) {
      if (part.type === 'field') {
        if (part.valueTruncated || part.fieldnameTruncated) throw new FilesException(FilesErrorCode.FORM_TOO_LARGE, 'A form field is longer than the hub accepts (HUB_BODY_LIMIT_BYTES)');
        const value = typeof part.value === 'string' ? part.value : JSON.stringify(part.value);
        checkText(part.fieldname, value);
        if (!(part.fieldname in bound)) yield fieldPart(boundary, part.fieldname, value);
        continue;
      }
      if (part.fieldname !== FILE_FIELD) {
        part.file.resume();
        throw new FilesException(FilesErrorCode.UNEXPECTED_FILE_FIELD, `A file goes in the ${FILE_FIELD} field, as Webex names it, not in ${JSON.stringify(part.fieldname)}`);
      }
      checkText(part.fieldname, part.filename);
      yield head(boundary, part.fieldname, part.filename, MIME_TYPE.test(part.mimetype) ? part.mimetype : 'application/octet-stream');
      yield* countedChunks(part.file);
      // Busboy stops a file at the limit and marks it truncated rather than failing the stream.
      if (part.file.truncated) throw tooLarge(limits.maxFileBytes);
      yield CRLF;
    }
  } catch (error) {
    throw formError(error, limits);
  }
  yield Buffer.from(`--${boundary}--\r\n`);
}

function checkText(name: string, value: string): void {
  if (!isStorableText(name)) throw unstorableText('A form field name');
  if (!isStorableText(value)) throw unstorableText(name === FILE_FIELD ? 'The file name' : `Form field ${name}`);
}

/** Quotes a name as browsers do in a part header (the HTML form encoding): `"`, CR and LF percent-encoded. */
const quoted = (value: string) => `"${value.replace(/[\r\n"]/g, (c) => encodeURIComponent(c))}"`;

function head(boundary: string, name: string, filename?: string, contentType?: string): Buffer {
  const file = filename === undefined ? '' : `; filename=${quoted(filename)}\r\nContent-Type: ${contentType}`;
  return Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name=${quoted(name)}${file}\r\n\r\n`);
}

function fieldPart(boundary: string, name: string, value: string): Buffer {
  return Buffer.concat([head(boundary, name), Buffer.from(value), CRLF]);
}

function tooLarge(maxFileBytes: number): FilesException {
  return new FilesException(FilesErrorCode.FILE_TOO_LARGE, `A file may be at most ${maxFileBytes} bytes (HUB_FILE_MAX_BYTES)`);
}

/** @fastify/multipart's and busboy's failures as the hub's: limits are 413, a malformed form 400. */
function formError(error: unknown, limits: FormLimits): Error {
  if (error instanceof HubError) return error;
  switch ((error as { code?: string }).code) {
    case 'FST_FILES_LIMIT':
      return new FilesException(FilesErrorCode.TOO_MANY_FILES, `A message may carry at most ${limits.maxFiles} file${limits.maxFiles === 1 ? '' : 's'} (HUB_FILES_PER_MESSAGE)`);
    case 'FST_REQ_FILE_TOO_LARGE':
      return tooLarge(limits.maxFileBytes);
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return new FilesException(FilesErrorCode.FORM_TOO_LARGE, 'The form has more fields than a message can use');
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new FilesException(FilesErrorCode.INVALID_MULTIPART, `The body is not valid multipart/form-data: ${reason}`);
}
