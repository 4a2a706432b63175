import type { ElementDefinition } from '../elements/element.types';

/** A hub path that creates a message and so may carry a file. */
export interface MessageRoute {
  hub: string;
  /** The path as the documents write it (`…/channels/{channelId}/messages`). */
  path: string;
  /** The same path as Fastify routes it (`…/channels/:channelId/messages`). */
  url: string;
  /** Webex form field -> path parameter (`roomId` from `channelId`). */
  bind: Record<string, string>;
  /** Where the message's files are read back (`…/files/{contentId}`). */
  filesPath: string;
}

/** `…/hubs/{hub}/files/{contentId}`: a message's file, read back through the hub. */
export interface FileRoute {
  hub: string;
  path: string;
  url: string;
}

export interface FilesRoutes {
  messages: MessageRoute[];
  files: FileRoute[];
}

const WEBEX_CREATE_MESSAGE = 'POST /messages';

/**
 * Read off the element definitions: Webex takes a file only as a message is created, so every hub
 * resource whose create is `POST /messages` takes a form with a file, and each hub has a files path.
 */
export function fileRoutes(elements: ElementDefinition[], base: string): FilesRoutes {
  const messages = new Map<string, MessageRoute>();
  const files = new Map<string, FileRoute>();
  for (const element of elements) {
    const hubBase = `${base}/hubs/${element.hub}`;
    const filesPath = `${hubBase}/files/{contentId}`;
    files.set(filesPath, { hub: element.hub, path: filesPath, url: fastifyUrl(filesPath) });
    for (const resource of element.resources) {
      const create = resource.operations.includes('create') ? resource.webex.create : undefined;
      if (create?.call !== WEBEX_CREATE_MESSAGE) continue;
      const path = `${hubBase}/${resource.path}`;
      messages.set(path, { hub: element.hub, path, url: fastifyUrl(path), bind: create.bind ?? {}, filesPath });
    }
  }
  return { messages: [...messages.values()], files: [...files.values()] };
}

const fastifyUrl = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

/**
 * Webex's message as it came, with `hubFiles`: for each of its `files` (Webex URLs, which only a
 * Webex token opens), the hub path that reads it back with the caller's own credentials.
 */
export function hubFileLinks(text: string, filesPath: string, contentIdOf: (url: string) => string | undefined): string {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return text;
  }
  const files = (message as { files?: unknown } | null)?.files;
  if (!Array.isArray(files)) return text;
  const ids = files.map((url) => (typeof url === 'string' ? contentIdOf(url) : undefined));
  const hubFiles = ids.filter((id) => id !== undefined).map((id) => filesPath.replace('{contentId}', encodeURIComponent(id)));
  return JSON.stringify({ ...(message as object), hubFiles });
}
