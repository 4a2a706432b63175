import { fetch } from 'undici';
import { BodyReader, type ApiContext, type ApiRoute } from '../api';
import { seesMessage } from '../bots';
import { badRequest, notFound, WebexError } from '../errors';
import { webexId } from '../ids';
import type { Content } from '../model';
import { FileTooLarge } from '../content-files';
import type { EmulatorOptions } from '../options';
import type { EmulatorStore } from '../store';
import { visibleInRoom } from './access';
import { MESSAGE_LIMITS } from './message-content';

/** A file a message is about to carry, already on disk: uploaded, or fetched from an allowed URL. */
export type FileInput = Pick<Content, 'filename' | 'contentType' | 'size' | 'path'>;

const UNREACHABLE = 'Unable to retrieve content from the file URL.';
const REMOTE_TIMEOUT_MS = 10_000;

/** Keeps a stream in the store's files, or answers Webex's "file too large" past `maxBytes`. */
async function keep(store: EmulatorStore, source: NodeJS.ReadableStream | AsyncIterable<Uint8Array>, maxBytes: number) {
  try {
    return await store.files.write(source, maxBytes);
  } catch (error) {
    throw error instanceof FileTooLarge ? badRequest(MESSAGE_LIMITS.fileTooLarge(maxBytes)) : error;
  }
}

/** An entry allows a URL on its origin under its path (`https://files.example.com/public/`). */
export function remoteFileAllowed(allowList: readonly string[], url: URL): boolean {
  return allowList.some((entry) => {
    const allowed = new URL(entry);
    return allowed.origin === url.origin && url.pathname.startsWith(allowed.pathname);
  });
}

function filenameOf(url: URL, disposition: string | null): string {
  const named = disposition ? /filename="?([^";]+)"?/i.exec(disposition)?.[1] : undefined;
  return named ?? (decodeURIComponent(url.pathname.split('/').pop() ?? '') || 'file');
}

async function fetchRemote(store: EmulatorStore, options: EmulatorOptions, raw: string): Promise<FileInput> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badRequest(UNREACHABLE);
  }
  // Webex fetches any public URL; the emulator only those its operator allowed, so tests never reach out.
  if (!remoteFileAllowed(options.remoteFileAllowList, url)) throw badRequest(`${UNREACHABLE} The URL is not on the emulator's remoteFileAllowList.`);
  const res = await fetch(url, { signal: AbortSignal.timeout(REMOTE_TIMEOUT_MS) }).catch(() => undefined);
  if (!res?.ok || !res.body) {
    await res?.body?.cancel();
    throw badRequest(UNREACHABLE);
  }
  const contentType = res.headers.get('content-type') ?? 'application/octet-stream';
  const filename = filenameOf(url, res.headers.get('content-disposition'));
  return { filename, contentType, ...(await keep(store, res.body, options.maxFileBytes)) };
}

/** Multipart parsing failures (a missing boundary, a body cut short) are the client's: 400. */
function multipartError(error: unknown, maxBytes: number): Error {
  if (error instanceof WebexError) return error;
  if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') return badRequest(MESSAGE_LIMITS.fileTooLarge(maxBytes));
  return badRequest('The request body is not valid multipart/form-data.');
}

async function readParts(ctx: ApiContext, maxBytes: number): Promise<{ fields: Record<string, string>; file?: FileInput }> {
  const fields: Record<string, string> = {};
  let file: FileInput | undefined;
  for await (const part of ctx.req.parts({ limits: { fileSize: maxBytes } })) {
    if (part.type === 'field') {
      fields[part.fieldname] = String(part.value);
      continue;
    }
    if (part.fieldname !== 'files' || file) {
      part.file.resume();
      throw badRequest(part.fieldname === 'files' ? MESSAGE_LIMITS.oneFile : `Unexpected file field ${part.fieldname}; files go in files`);
    }
    const kept = await keep(ctx.store, part.file, maxBytes);
    // Busboy stops a file at the limit and marks it truncated rather than failing the stream.
    if (part.file.truncated) {
      ctx.store.files.remove(kept.path);
      throw badRequest(MESSAGE_LIMITS.fileTooLarge(maxBytes));
    }
    file = { filename: part.filename, contentType: part.mimetype, ...kept };
  }
  return { fields, file };
}

/**
 * The body of `POST /messages`: JSON (a `files` URL is fetched), or `multipart/form-data` with
 * Webex's field names and its file under `files`. Either way at most one file.
 */
export async function readMessageInput(ctx: ApiContext): Promise<{ body: BodyReader; file?: FileInput }> {
  const maxBytes = ctx.options.maxFileBytes;
  if (!ctx.req.isMultipart()) {
    const urls = ctx.body.strings('files');
    if (urls && urls.length > 1) throw badRequest(MESSAGE_LIMITS.oneFile);
    return { body: ctx.body, file: urls?.length ? await fetchRemote(ctx.store, ctx.options, urls[0]) : undefined };
  }
  const { fields, file } = await readParts(ctx, maxBytes).catch((error: unknown) => {
    throw multipartError(error, maxBytes);
  });
  return { body: new BodyReader(fields), file };
}

/** Keeps a message's file and answers its URL, as Webex's `files` carry it. */
export function saveContent(ctx: ApiContext, message: Pick<Content, 'roomId' | 'messageId'>, file: FileInput): string {
  const content: Content = { id: webexId('CONTENT'), seq: ctx.store.nextSeq(), ...message, ...file };
  ctx.store.contents.set(content.id, content);
  return `${ctx.req.protocol}://${ctx.req.headers.host ?? ctx.req.hostname}/v1/contents/${content.id}`;
}

function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** Sets a file's headers and answers the file, or nothing for `HEAD` (which must not read it); seen as its message is. */
function serve(ctx: ApiContext, withBody: boolean) {
  const content = visibleInRoom(ctx, ctx.store.contents);
  const message = ctx.store.messages.get(content.messageId);
  if (!message || !seesMessage(ctx.store, ctx.me.id, message)) throw notFound();
  ctx.reply.header('Content-Type', content.contentType);
  ctx.reply.header('Content-Length', String(content.size));
  ctx.reply.header('Content-Disposition', contentDisposition(content.filename));
  return withBody ? ctx.store.files.read(content.path) : undefined;
}

/** A message's file; absent from the OpenAPI documents. `HEAD` comes first so Fastify adds none of its own. */
export const contentRoutes: ApiRoute[] = [
  { method: 'HEAD', path: '/contents/{id}', scopes: ['spark:messages_read'], handle: (ctx) => serve(ctx, false) },
  { method: 'GET', path: '/contents/{id}', scopes: ['spark:messages_read'], handle: (ctx) => serve(ctx, true) },
];
