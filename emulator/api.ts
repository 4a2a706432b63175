import type { FastifyReply, FastifyRequest } from 'fastify';
import { badRequest, forbidden, notFound, unauthorized } from './errors';
import type { AccessToken, Person, Sequenced } from './model';
import type { EmulatorOptions } from './options';
import { paginate, type Ordering, type PageLimits } from './pagination';
import { grants } from './scopes';
import type { ChangeRecord, EmulatorStore } from './store';

export interface Viewer {
  person: Person;
  token: AccessToken;
  appId: string;
}

/** What a resource handler gets for one request. */
export class ApiContext {
  readonly body: BodyReader;
  constructor(
    readonly req: FastifyRequest,
    readonly reply: FastifyReply,
    readonly store: EmulatorStore,
    readonly viewer: Viewer,
    readonly options: EmulatorOptions,
  ) {
    this.body = new BodyReader(req.isMultipart() ? undefined : req.body);
  }

  get me(): Person {
    return this.viewer.person;
  }

  param(name: string): string {
    return (this.req.params as Record<string, string>)[name];
  }

  query(name: string): string | undefined {
    const value = (this.req.query as Record<string, unknown>)[name];
    if (Array.isArray(value)) return value.join(',');
    return value === undefined || value === '' ? undefined : String(value);
  }

  requiredQuery(name: string): string {
    const value = this.query(name);
    if (value === undefined) throw badRequest(`Required request parameter '${name}' is not present`);
    return value;
  }

  /** A record by id from a collection, or 404. */
  find<T>(collection: ReadonlyMap<string, T>, id: string | undefined): T {
    const item = id === undefined ? undefined : collection.get(id);
    if (item === undefined) throw notFound();
    return item;
  }

  list<T extends Sequenced, R>(items: Iterable<T>, render: (item: T) => R, options: { limits?: PageLimits; ordering?: Ordering<T> } = {}) {
    return paginate(this.req, this.reply, items, { ...options, render });
  }

  /** Records a change for compliance events and webhooks. */
  changed(change: Omit<ChangeRecord, 'actorId' | 'appId' | 'eventData'> & { eventData?: Record<string, unknown> }): void {
    this.store.record({ ...change, eventData: change.eventData ?? change.webhookData, actorId: this.me.id, appId: this.viewer.appId });
  }
}

/** Reads typed fields out of a JSON body, answering 400 for wrong types or missing fields. */
export class BodyReader {
  private readonly fields: Record<string, unknown>;
  constructor(raw: unknown) {
    if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) throw badRequest('The request body must be a JSON object');
    this.fields = (raw ?? {}) as Record<string, unknown>;
  }

  has(name: string): boolean {
    return this.fields[name] !== undefined && this.fields[name] !== null;
  }

  string(name: string): string | undefined {
    const value = this.fields[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw badRequest(`${name} must be a string`);
    return value;
  }

  requiredString(name: string): string {
    const value = this.string(name);
    if (value === undefined || value.trim() === '') throw badRequest(`${name} is required`);
    return value;
  }

  boolean(name: string): boolean | undefined {
    const value = this.fields[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') throw badRequest(`${name} must be a boolean`);
    return value;
  }

  strings(name: string): string[] | undefined {
    const value = this.fields[name];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw badRequest(`${name} must be an array of strings`);
    return value as string[];
  }

  object(name: string): Record<string, unknown> | undefined {
    const value = this.fields[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) throw badRequest(`${name} must be an object`);
    return value as Record<string, unknown>;
  }

  array(name: string): unknown[] | undefined {
    const value = this.fields[name];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) throw badRequest(`${name} must be an array`);
    return value;
  }
}

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';

/** One Webex operation. Paths use `{name}` parameters relative to `/v1`. */
export interface ApiRoute {
  method: HttpMethod;
  path: string;
  /** The token needs one of these; `spark:all` covers every `spark:` scope. */
  scopes: string[];
  /** A role check beyond scopes (admin endpoints); false answers 403. */
  allowed?: (store: EmulatorStore, person: Person) => boolean;
  /** Success status; DELETE defaults to 204 and everything else to 200. */
  status?: number;
  handle: (ctx: ApiContext) => unknown;
  /** Also accepts `multipart/form-data` (read by the handler itself). */
  multipart?: boolean;
}

/** The person behind a bearer token, or 401 for a missing, unknown or expired one. */
export function authenticate(store: EmulatorStore, header: string | undefined): Viewer {
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  const token = match ? store.accessTokens.get(match[1]) : undefined;
  if (!token || token.expiresAt <= Date.now()) throw unauthorized();
  const person = store.people.get(token.personId);
  if (!person) throw unauthorized();
  return { person, token, appId: token.appId ?? store.integrations.get(token.clientId)?.appId ?? '' };
}

export function authorizeRoute(store: EmulatorStore, route: ApiRoute, viewer: Viewer): void {
  if (!grants(viewer.token.scopes, route.scopes)) throw forbidden(`The access token lacks the scope this request needs (one of: ${route.scopes.join(', ')})`);
  if (route.allowed && !route.allowed(store, viewer.person)) throw forbidden();
}
