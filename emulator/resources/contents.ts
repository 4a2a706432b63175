import type { MultipartFile } from '@fastify/multipart';
import { fetch } from 'undici';
import { BodyReader, type ApiContext, type ApiRoute } from '../api';
import { badRequest } from '../errors';
import { webexId } from '../ids';
import type { Content } from '../model';
import type { EmulatorOptions } from '../options';
import { visibleInRoom } from './access';
import { MESSAGE_LIMITS } from './message-content';

/** A file a message is about to carry: uploaded, or fetched from an allowed URL. */
export interface FileInput {
  filename: string;
  contentType: string;
  data: Buffer;
}

const UNREACHABLE = 'Unable to retrieve content from the file URL.';
const REMOTE_TIMEOUT_MS = 10_000;

/** Bytes of a stream, or Webex's "file too large" once they pass `maxBytes`. */
async function readCapped(chunks: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.length;
    if (size > maxBytes) throw badRequest(MESSAGE_LIMITS.fileTooLarge(maxBytes));
    parts.push(Buffer.from(chunk));
  }
  return Buffer.concat(parts);
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

async function fetchRemote(options: EmulatorOptions, raw: string): Promise<FileInput> {
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
  return { filename, contentType, data: await readCapped(res.body, options.maxFileBytes) };
}

async function readUpload(part: MultipartFile, maxBytes: number): Promise<Buffer> {
  try {
    return await part.toBuffer();
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw badRequest(MESSAGE_LIMITS.fileTooLarge(maxBytes));
    throw error;
  }
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
    return { body: ctx.body, file: urls?.length ? await fetchRemote(ctx.options, urls[0]) : undefined };
  }
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
    file = { filename: part.filename, contentType: part.mimetype, data: await readUpload(part, maxBytes) };
  }
  return { body: new BodyReader(fields), file };
}

/** Keeps a message's file and answers its URL, as Webex's `files` carry it. */
export function saveContent(ctx: ApiContext, roomId: string, file: FileInput): string {
  const content: Content = { id: webexId('CONTENT'), seq: ctx.store.nextSeq(), roomId, ...file };
  ctx.store.contents.set(content.id, content);
  return `${ctx.req.protocol}://${ctx.req.headers.host ?? ctx.req.hostname}/v1/contents/${content.id}`;
}

function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** `GET` (and Fastify's automatic `HEAD`) of a message's file; absent from the OpenAPI documents. */
export const contentRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/contents/{id}',
    scopes: ['spark:messages_read'],
    handle(ctx) {
      const content = visibleInRoom(ctx, ctx.store.contents);
      ctx.reply.header('Content-Type', content.contentType);
      ctx.reply.header('Content-Length', String(content.data.length));
      ctx.reply.header('Content-Disposition', contentDisposition(content.filename));
      return content.data;
    },
  },
];
