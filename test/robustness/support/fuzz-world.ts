import { Organization } from '../../../src/auth/organization.entity';
import { AuthService } from '../../../src/auth/auth.service';
import { User } from '../../../src/auth/user.entity';
import { sha256Hex } from '../../../src/common/secrets';
import { Instance } from '../../../src/instances/instance.entity';
import { AccessTokens } from '../../../src/tokens/access-tokens';
import { API, TestHub } from '../../support/hub';
import { connectInstance, ConnectedInstance, withElement } from '../../support/recipe';
import { Operation } from './operations';
import { BodyPlan, RequestPlan, Slot } from './requests';
import { knownSecrets } from './leaks';


export interface SentRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
  /** False when a path parameter was empty: `/teams/` is another route (the list) than `/teams/{id}`. */
  exactRoute?: boolean;
}

export interface Outcome {
  request: SentRequest;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface Finding {
  operation: string;
  problem: string;
  status: number;
  request: SentRequest;
  response: string;
}

// A V8 frame: `at fn (/file.js:1:2)`, `at /file.js:1:2`, or a frame line. The frame's parentheses
// must close on a line and column, so prose with a markdown link (`at the [x](/docs/...)`) is no frame.
export const STACK_TRACE = /\bat (?:async |new )?[^\s()]* ?\((?:\/|[A-Za-z]:\\|node:)[^()\s]*:\d+:\d+\)|\bat [^\s]+\.(?:ts|js):\d+:\d+|\n\s+at /;
const MAX_POOL = 30;
const CONSOLE_PASSWORD = 'fuzz-console-password';
export const FUZZ_ENV = { HUB_CONSOLE_PASSWORD: CONSOLE_PASSWORD };

const GARBAGE_AUTH = ['Bearer x', 'User , Organization ', 'User a, User b, Organization c', 'Basic dXNlcjpwYXNz', 'x'.repeat(5000), 'Element only', 'User \u00e9, Organization \u00e8'];

/**
 * The hub under fuzzing and what the fuzzer knows of it: ids of real objects by kind (learnt from
 * every 2xx, so routes that land later get real ids too), credentials, the console session, and
 * every secret it has seen. `repair` puts back what a destructive request took away.
 */
export class FuzzWorld {
  /** Ids by the path segment that names their kind (`instances`, `users`, `channels`, ...). */
  readonly pools = new Map<string, string[]>();
  readonly allIds: string[] = [];
  readonly secrets = new Set<string>();
  primary!: ConnectedInstance;
  organizationId!: number;
  adminUserId!: number;
  consoleSession?: { cookie: string; csrf: string };
  repairs = 0;

  constructor(
    readonly hub: TestHub,
    readonly operations: Operation[],
  ) {}

  private get fastify() {
    return this.hub.app.getHttpAdapter().getInstance();
  }

  async setUp(): Promise<void> {
    const me = await this.inject({ method: 'GET', url: `${API}/organizations/me`, headers: { authorization: this.hub.auth } });
    this.organizationId = JSON.parse(me.text).id;
    const users = JSON.parse((await this.inject({ method: 'GET', url: `${API}/users`, headers: { authorization: this.hub.auth } })).text);
    this.adminUserId = users[0].id;
    this.primary = await this.connect();
    await this.connect();
    // A few Webex objects through the hub, so hub paths get real ids.
    const element = withElement(this.hub, this.primary.token);
    const call = (method: string, path: string, body?: unknown) =>
      this.inject({ method, url: `${API}/hubs/collaboration/${path}`, headers: { authorization: element, 'content-type': 'application/json' }, payload: body === undefined ? undefined : JSON.stringify(body) });
    for (const title of ['fuzz room 1', 'fuzz room 2']) {
      const room = JSON.parse((await call('POST', 'channels', { title })).text);
      await call('POST', 'messages', { roomId: room.id, text: 'hello' });
    }
    await call('POST', 'groups', { name: 'fuzz team' });
    // No secret: Webex hands a webhook's secret back to its owner, so one set here would show in answers by design.
    await call('POST', 'webhooks', { name: 'fuzz', targetUrl: 'http://127.0.0.1:9/hook', resource: 'messages', event: 'created' });
    // Every list route once, with valid credentials, to learn ids.
    for (const op of this.operations.filter((o) => o.method === 'GET' && !o.path.includes('{'))) {
      await this.send({ operation: this.operations.indexOf(op), path: [], query: [], auth: 'valid+element', body: { kind: 'none' }, headers: [] });
    }
    await this.consoleLogin();
  }

  private async connect(): Promise<ConnectedInstance> {
    const instance = await connectInstance(this.hub);
    this.secrets.add(instance.token);
    this.secrets.add(instance.personToken);
    this.remember('instances', String(instance.id));
    return instance;
  }

  /** Logs in to the console as a browser would (login CSRF cookie, form post), for the console routes. */
  async consoleLogin(): Promise<void> {
    const form = await this.inject({ method: 'GET', url: `${API}/console/login`, headers: {} });
    const loginCookie = cookiesOf(form.headers);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1] ?? '';
    const login = await this.inject({
      method: 'POST',
      url: `${API}/console/login`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie },
      payload: new URLSearchParams({ username: 'admin', password: CONSOLE_PASSWORD, _csrf: csrf }).toString(),
    });
    const cookie = cookiesOf(login.headers);
    const page = await this.inject({ method: 'GET', url: `${API}/console/instances`, headers: { cookie } });
    const sessionCsrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
    this.consoleSession = cookie && sessionCsrf ? { cookie, csrf: sessionCsrf } : undefined;
  }

  /** Puts back the credentials, the primary instance and the console session after a destructive request. */
  async repair(): Promise<void> {
    const canary = await this.inject({ method: 'GET', url: `${API}/organizations/me`, headers: { authorization: this.hub.auth } });
    if (canary.status !== 200) {
      this.repairs++;
      const manager = this.hub.dataSource().manager;
      await manager.update(Organization, this.organizationId, { secretHash: sha256Hex(this.hub.organizationSecret) });
      const admin = await manager.findOneBy(User, { id: this.adminUserId });
      if (admin) await manager.update(User, admin.id, { secretHash: sha256Hex(this.hub.userSecret), role: 'admin' });
      else {
        const user = await manager.save(manager.create(User, { organizationId: this.organizationId, email: `admin-${Date.now()}@localhost`, role: 'admin', secretHash: sha256Hex(this.hub.userSecret), firstName: null, lastName: null }));
        this.adminUserId = user.id;
      }
      this.hub.app.get(AuthService).forget();
    }
    const stored = await this.hub.dataSource().getRepository(Instance).findOneBy({ id: this.primary.id });
    const [row] = stored ? await this.hub.app.get(AccessTokens).withTokenState([stored]) : [];
    if (!row || !row.valid || row.tokenHash !== sha256Hex(this.primary.token)) {
      this.repairs++;
      this.primary = await this.connect();
    } else if (row.disabled) {
      this.repairs++;
      await this.inject({ method: 'PUT', url: `${API}/instances/${row.id}/enabled`, headers: { authorization: this.hub.auth } });
    }
    if (this.consoleSession) {
      const page = await this.inject({ method: 'GET', url: `${API}/console/instances`, headers: { cookie: this.consoleSession.cookie } });
      if (page.status !== 200) await this.consoleLogin();
    }
  }

  /** Sends one planned request, judges the answer, then learns ids and secrets from a success (a secret is allowed in the one answer that hands it out). */
  async send(plan: RequestPlan): Promise<{ outcome: Outcome; problems: string[] }> {
    const op = this.operations[plan.operation];
    const request = this.materialize(op, plan);
    const outcome = await this.inject(request);
    const problems = this.problems(op, outcome);
    if (outcome.status >= 200 && outcome.status < 300) this.learn(op, outcome);
    return { outcome, problems };
  }

  private materialize(op: Operation, plan: RequestPlan): SentRequest {
    let i = 0;
    let exactRoute = true;
    const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
      const slot = plan.path[i++] ?? { pool: 0 };
      const value = name === '*' ? this.hubRemainder(slot) : encode(this.resolve(slot, kindOf(op.path, name)));
      // An empty segment, or `.` and `..` (which the URL's dot-segment removal takes out), reaches another route.
      if (!value || value === '.' || value === '..') exactRoute = false;
      return value;
    });
    const query = plan.query.map(([key, slot]) => `${encode(key)}=${encode(this.resolve(slot, key))}`).join('&');
    const headers: Record<string, string> = {};
    for (const [name, value] of plan.headers) headers[name] = value;
    const authorization = this.authorization(plan, (plan.operation + plan.query.length) % GARBAGE_AUTH.length);
    if (authorization) headers.authorization = authorization;
    if (plan.auth === 'console' && this.consoleSession) {
      headers.cookie = this.consoleSession.cookie;
      headers['x-csrf-token'] = this.consoleSession.csrf;
    }
    const body = bodyOf(plan.body);
    if (body.contentType !== undefined) {
      if (body.contentType === null) delete headers['content-type'];
      else headers['content-type'] = body.contentType;
    }
    return { method: op.method, url: query ? `${path}?${query}` : path, headers, payload: body.payload, exactRoute };
  }

  private authorization(plan: RequestPlan, n: number): string | undefined {
    switch (plan.auth) {
      case 'valid':
        return this.hub.auth;
      case 'valid+element':
        return withElement(this.hub, this.primary.token);
      case 'garbage':
        return GARBAGE_AUTH[n];
      case 'wrong-user':
        return `User ${'w'.repeat(43)}, Organization ${this.hub.organizationSecret}`;
      case 'element-only':
        return `Element ${this.primary.token}`;
      default:
        return undefined;
    }
  }

  private resolve(slot: Slot, kind: string): string {
    if ('literal' in slot) return slot.literal;
    const pool = this.pools.get(kind);
    // One in five picks an id of any kind: a room id where a person id belongs, and so on.
    const from = pool?.length && slot.pool % 5 !== 0 ? pool : this.allIds;
    return from.length ? from[slot.pool % from.length] : String(slot.pool % 1000);
  }

  /** A hub path for the `/hubs/{hub}/*` catch-all: one of the documented resource paths, ids filled. */
  private hubRemainder(slot: Slot): string {
    if ('literal' in slot) return slot.literal;
    const hubPaths = this.operations.map((o) => o.path).filter((p) => p.includes('/hubs/collaboration/'));
    if (!hubPaths.length) return 'channels';
    const template = hubPaths[slot.pool % hubPaths.length].split('/hubs/collaboration/')[1];
    return template.replace(/\{([^}]+)\}/g, (_, name: string) => encode(this.resolve({ pool: slot.pool >> 3 }, kindOf(template, name))));
  }

  private learn(op: Operation, outcome: Outcome): void {
    if (!String(outcome.headers['content-type'] ?? '').includes('json')) return;
    let body: any;
    try {
      body = JSON.parse(outcome.text);
    } catch {
      return;
    }
    const path = op.path.replace(/\/\{[^}]+\}$/, '');
    const kind = path.slice(path.lastIndexOf('/') + 1);
    for (const item of Array.isArray(body) ? body : [body]) {
      if (item && typeof item === 'object') {
        if (typeof item.id === 'string' || typeof item.id === 'number') this.remember(kind, String(item.id));
        collectSecrets(item, this.secrets);
      }
    }
  }

  remember(kind: string, id: string): void {
    const pool = this.pools.get(kind) ?? [];
    if (pool.includes(id)) return;
    pool.push(id);
    if (pool.length > MAX_POOL) pool.shift();
    this.pools.set(kind, pool);
    this.allIds.push(id);
    if (this.allIds.length > MAX_POOL * 10) this.allIds.shift();
  }

  async inject(request: SentRequest): Promise<Outcome> {
    const res = await this.fastify.inject({ method: request.method as 'GET', url: request.url, headers: request.headers, payload: request.payload });
    return { request, status: res.statusCode, headers: res.headers as Outcome['headers'], text: res.body };
  }

  /** What is wrong with an answer: a 5xx, an error without the error body, a success off its schema, a stack trace, a secret. */
  problems(op: Operation, outcome: Outcome): string[] {
    const found: string[] = [];
    const { status, text } = outcome;
    const requestId = outcome.headers['elements-request-id'];
    const json = String(outcome.headers['content-type'] ?? '').includes('json');
    if (!requestId) found.push('no elements-request-id header');
    if (status >= 500) found.push(`answered ${status}`);
    if (STACK_TRACE.test(text)) found.push('stack trace in the body');
    for (const secret of knownSecrets(this.hub, this.secrets)) if (text.includes(secret)) found.push('a secret in the body');
    if (status >= 400) {
      if (json) {
        const body = safeParse(text);
        if (!body || body.requestId !== requestId || typeof body.message !== 'string') found.push('error without {requestId, message} matching the header');
      } else if (!(/\/(console|connect)(\/|$)/.test(op.path) && text.includes(String(requestId)))) {
        found.push(`non-JSON error (${outcome.headers['content-type']})`);
      }
    } else if (status >= 200 && status < 300 && json && op.documented && op.responses.size && outcome.request.exactRoute !== false) {
      const validate = op.responses.get(String(status)) ?? op.responses.get('2XX') ?? op.responses.get('default');
      if (!validate) found.push(`undocumented status ${status}`);
      else if (!validate(safeParse(text))) found.push(`body off the documented schema: ${JSON.stringify(validate.errors?.slice(0, 2))}`);
    }
    return found;
  }
}

/** The catalogue's fixed names for the parameters that are not ids of objects the fuzzer makes. */
const NAMED: Record<string, string[]> = { hub: ['collaboration'], keyOrId: ['ciscospark', '1'], element: ['ciscospark'], configId: ['oauth.api.key', 'pagination.max', 'oauth.api.secret'] };

function kindOf(path: string, name: string): string {
  if (NAMED[name]) return name;
  const before = path.slice(0, path.indexOf(`{${name}}`)).replace(/\/$/, '');
  return before.slice(before.lastIndexOf('/') + 1);
}

export function seedNamedPools(world: FuzzWorld): void {
  for (const [kind, ids] of Object.entries(NAMED)) for (const id of ids) world.remember(kind, id);
}

function bodyOf(body: BodyPlan): { payload?: string; contentType?: string | null } {
  switch (body.kind) {
    case 'none':
      return {};
    case 'json':
      return { payload: JSON.stringify(body.value) ?? 'null', contentType: 'application/json' };
    case 'huge':
      return { payload: JSON.stringify({ [body.field]: 'x'.repeat(body.size) }), contentType: 'application/json' };
    case 'raw':
      return { payload: body.text, contentType: body.contentType };
  }
}

/** encodeURIComponent, or the UTF-8 bytes percent-encoded when the string holds a lone surrogate. */
function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...Buffer.from(value, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  }
}

function cookiesOf(headers: Record<string, unknown>): string {
  const set = headers['set-cookie'];
  return [set ?? []]
    .flat()
    .map((c) => String(c).split(';')[0])
    .join('; ');
}

function safeParse(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const SECRET_FIELDS = /^(secret|token|accessToken|refreshToken|access_token|refresh_token|password|clientSecret)$/;

function collectSecrets(value: unknown, into: Set<string>, depth = 0): void {
  if (!value || typeof value !== 'object' || depth > 4) return;
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string' && SECRET_FIELDS.test(key) && v.length >= 16 && !v.includes('****')) into.add(v);
    else if (typeof v === 'object') collectSecrets(v, into, depth + 1);
  }
}
