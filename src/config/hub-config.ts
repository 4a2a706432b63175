import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : ['true', '1', 'yes'].includes(String(value).toLowerCase());
const blankToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);
/** Base URLs are kept without a trailing slash, so every reader appends paths as they are. */
const withoutTrailingSlash = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.replace(/\/+$/, '') : value);

/** The one prefix of the hub's API routes (Cloud Elements' own): `/elements/api-v2/instances`. */
export const API_PREFIX = 'elements/api-v2';

/** An absolute path under the API prefix: `apiPath('console')` is `/elements/api-v2/console`. */
export const apiPath = (path: string): string => `/${API_PREFIX}/${path}`;

/** Every setting the hub reads from the environment, validated once at start. */
export class HubConfig {
  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Where the embedded database (PGlite) and the generated encryption key live. */
  @IsString()
  DATA_DIR = './data';

  /** PostgreSQL connection string; unset means the embedded PGlite database. */
  @Transform(blankToUndefined) @IsOptional() @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @Transform(toInt) @IsInt() @Min(1) @Max(200)
  DATABASE_POOL_SIZE = 10;

  /** Base of Webex's API, authorize and token endpoints (the emulator's `/v1` in tests). */
  @Transform(withoutTrailingSlash) @IsUrl({ require_tld: false, require_protocol: true })
  WEBEX_API_URL = 'https://webexapis.com/v1';

  @Transform(toInt) @IsInt() @Min(100) @Max(300000)
  WEBEX_TIMEOUT_MS = 15000;

  /** Total time a hub call may spend waiting out Webex 429/503 answers before handing them back. */
  @Transform(toInt) @IsInt() @Min(0) @Max(600000)
  WEBEX_RETRY_BUDGET_MS = 10000;

  /** The hub's public base URL, used for Webex webhook targets and console callbacks; unset means the address it listens on (`PublicUrl`). */
  @Transform((input) => withoutTrailingSlash({ value: blankToUndefined(input) })) @IsOptional() @IsUrl({ require_tld: false, require_protocol: true })
  HUB_PUBLIC_URL?: string;

  /**
   * Secret of the default organization. Applied on every start: when set and unlike the stored one,
   * the hub stores it (with a warning naming the variable). Unset keeps what is stored; on first
   * start, unset means a random one, shown once. `npm run hub -- rotate-organization-secret` rotates it.
   */
  @Transform(blankToUndefined) @IsOptional() @IsString()
  HUB_ORGANIZATION_SECRET?: string;

  /** Secret of the user admin@localhost, applied on every start as HUB_ORGANIZATION_SECRET is (`npm run hub -- rotate-user-secret`). */
  @Transform(blankToUndefined) @IsOptional() @IsString()
  HUB_USER_SECRET?: string;

  /** `kid:base64key` entries separated by commas; the first encrypts, all decrypt. */
  @Transform(blankToUndefined) @IsOptional()
  @Matches(/^[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+(,[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+)*$/, {
    message: 'HUB_ENCRYPTION_KEYS must be comma-separated kid:base64key entries',
  })
  HUB_ENCRYPTION_KEYS?: string;

  @Transform(toInt) @IsInt() @Min(1024) @Max(100 * 1024 * 1024)
  HUB_BODY_LIMIT_BYTES = 1024 * 1024;

  /** The largest file a message may carry through the hub (`multipart/form-data`); a larger one is refused with 413 and never reaches Webex whole. Webex's own limit is 100 MB. */
  @Transform(toInt) @IsInt() @Min(1) @Max(1024 * 1024 * 1024)
  HUB_FILE_MAX_BYTES = 100 * 1024 * 1024;

  /** Files one message may carry through the hub; more is refused with 413. Webex takes one. */
  @Transform(toInt) @IsInt() @Min(1) @Max(20)
  HUB_FILES_PER_MESSAGE = 1;

  /** Time a client has to send a whole request, headers and body; a request still arriving then is answered 408 and its connection closed. */
  @Transform(toInt) @IsInt() @Min(100) @Max(600000)
  HUB_REQUEST_TIMEOUT_MS = 30000;

  /** Time a client has to send a request's headers (at most HUB_REQUEST_TIMEOUT_MS). */
  @Transform(toInt) @IsInt() @Min(100) @Max(600000)
  HUB_HEADERS_TIMEOUT_MS = 10000;

  /** How long credential and instance lookups are cached in memory. */
  @Transform(toInt) @IsInt() @Min(0) @Max(600000)
  HUB_AUTH_CACHE_MS = 5000;

  /** Bytes the response cache of hub reads may hold across all instances (docs/cache.md); each instance is bounded by its maxCacheSize first. */
  @Transform(toInt) @IsInt() @Min(0) @Max(68_719_476_736)
  HUB_CACHE_MAX_BYTES = 67_108_864;

  /** API requests and Webex calls one organization may make per minute (a token bucket in each hub process): a hub call that walks Webex's pages spends one per Webex call; 0 turns the limit off. */
  @Transform(toInt) @IsInt() @Min(0) @Max(100_000_000)
  HUB_RATE_LIMIT_PER_MINUTE = 60000;

  /** Bearer token `GET /metrics` asks for (`Authorization: Bearer <token>`); unset leaves it open, as scrapers expect by default. */
  @Transform(blankToUndefined) @IsOptional() @IsString() @Matches(/^\S{16,}$/, { message: 'HUB_METRICS_TOKEN must be at least 16 characters without spaces' })
  HUB_METRICS_TOKEN?: string;

  /** How long the database gauges of `/metrics` are reused: read at most once per interval, whatever the scrape rate; 0 reads on every scrape (still one read at a time). */
  @Transform(toInt) @IsInt() @Min(0) @Max(3600000)
  HUB_METRICS_GAUGE_INTERVAL_MS = 10000;

  @Transform(toBool) @IsBoolean()
  HUB_ALLOW_PRIVATE_CALLBACKS = false;

  /** Delays between event delivery attempts (units ms, s, m, h); after the last one an event is FAILED. */
  @Matches(/^\d+(ms|s|m|h)(,\d+(ms|s|m|h))*$/, { message: 'HUB_EVENT_RETRY_SCHEDULE must be durations like 5s,5m,2h separated by commas' })
  HUB_EVENT_RETRY_SCHEDULE = '5s,5m,30m,2h,5h,10h,24h';

  /** Time a callback has to answer one event delivery; a delivery's lease lasts twice that. */
  @Transform(toInt) @IsInt() @Min(100) @Max(120000)
  HUB_EVENT_TIMEOUT_MS = 10000;

  /** Event deliveries one hub process keeps in flight at once. */
  @Transform(toInt) @IsInt() @Min(1) @Max(1000)
  HUB_EVENT_CONCURRENCY = 32;

  /**
   * Deliveries in flight to one instance's callback, counted over every replica, so a slow or dead
   * callback holds at most this many of the fleet's delivery slots and other instances' events go ahead.
   */
  @Transform(toInt) @IsInt() @Min(1) @Max(1000)
  HUB_EVENT_INSTANCE_CONCURRENCY = 16;

  /**
   * How long delivered events stay in the outbox (units s, m, h, d); each replica purges older ones
   * every 10 minutes. FAILED events stay until redelivered or purged (`npm run hub -- purge-events`).
   */
  @Matches(/^\d+(s|m|h|d)$/, { message: 'HUB_EVENT_RETENTION must be a duration like 30d, 12h or 90m' })
  HUB_EVENT_RETENTION = '30d';

  /**
   * How long a hosted connect session stays readable after its link expired (units s, m, h, d);
   * each replica with workers on deletes older ones every 10 minutes, once their outcome event, if
   * any, is no longer pending. An unredeemed instance token goes with its session.
   */
  @Matches(/^\d+(s|m|h|d)$/, { message: 'HUB_CONNECT_SESSION_RETENTION must be a duration like 30d, 12h or 90m' })
  HUB_CONNECT_SESSION_RETENTION = '30d';

  /** Webex calls kept per instance while its trace logging is on (`PUT /instances/{id}/trace-logging`); older ones are pruned. */
  @Transform(toInt) @IsInt() @Min(1) @Max(10000)
  HUB_TRACE_LOG_SIZE = 100;

  /** How often an idle dispatcher looks for due events (retries, events other replicas received). */
  @Transform(toInt) @IsInt() @Min(10) @Max(60000)
  HUB_EVENT_POLL_MS = 1000;

  /** How often the Webex webhooks of every instance with events on are checked (and on start): an inactive one re-activated, a missing one re-created. */
  @Transform(toInt) @IsInt() @Min(1000) @Max(86400000)
  HUB_WEBHOOK_RECONCILE_MS = 300000;

  /** Username of the console super admin made on first start; later, the console admin HUB_CONSOLE_PASSWORD applies to. */
  @IsString() @Matches(/^[A-Za-z0-9._@-]{1,100}$/, { message: 'HUB_CONSOLE_ADMIN must be 1-100 letters, digits or . _ @ -' })
  HUB_CONSOLE_ADMIN = 'admin';

  /**
   * Password of that admin, applied on every start: when set and unlike the stored one, the hub
   * stores it, lifts the admin's lockout and ends its sessions (with a warning naming the variable).
   * Unset keeps what is stored; on first start, a random one, shown once. `npm run hub -- console-password` resets it.
   */
  @Transform(blankToUndefined) @IsOptional() @IsString() @Matches(/^.{10,200}$/, { message: 'HUB_CONSOLE_PASSWORD must be 10 to 200 characters' })
  HUB_CONSOLE_PASSWORD?: string;

  /** Webex integration the console connects accounts with when the form leaves client id and secret blank. */
  @Transform(blankToUndefined) @IsOptional() @IsString()
  HUB_CONSOLE_CLIENT_ID?: string;

  @Transform(blankToUndefined) @IsOptional() @IsString()
  HUB_CONSOLE_CLIENT_SECRET?: string;

  /**
   * The peers whose X-Forwarded-For (and -Proto, -Host) the hub believes: comma-separated
   * addresses, CIDR ranges or the names `loopback`, `linklocal` and `uniquelocal` (the private
   * ranges); `false` believes no one and `true` everyone. The client address it yields keys the
   * console's per-address login limits, so a client that may set the header may pick its address.
   */
  @Matches(/^(true|false|[\w.:/]+(\s*,\s*[\w.:/]+)*)$/, { message: 'HUB_TRUST_PROXY must be true, false, or addresses, CIDR ranges and loopback/linklocal/uniquelocal, comma separated' })
  HUB_TRUST_PROXY = 'loopback,uniquelocal';

  /**
   * The web origins whose pages may call the API from a browser (CORS): exact origins such as
   * `https://app.example.com`, comma separated, or `*` for any. Unset: no CORS headers, and a
   * preflight request is answered 404 like any route the hub does not serve.
   */
  @Transform(blankToUndefined) @IsOptional()
  @Matches(/^(\*|https?:\/\/[^\s,/]+(\s*,\s*https?:\/\/[^\s,/]+)*)$/, { message: 'HUB_CORS_ORIGINS must be * or origins like https://app.example.com (scheme, host and port, no path), comma separated' })
  HUB_CORS_ORIGINS?: string;

  /** Console logins one client address may try per minute (a token bucket in each hub process); 0 turns the limit off. */
  @Transform(toInt) @IsInt() @Min(0) @Max(1_000_000)
  HUB_CONSOLE_LOGINS_PER_MINUTE = 10;

  /** Lifetime of a console login. */
  @Transform(toInt) @IsInt() @Min(1) @Max(10080)
  HUB_CONSOLE_SESSION_MINUTES = 480;

  /** Background work (refresh scheduler, event dispatcher); tests switch it off to drive it by hand. */
  @Transform(toBool) @IsBoolean()
  HUB_WORKERS_ENABLED = true;

  /** On SIGTERM, how long in-flight requests, refreshes and deliveries get to finish before the process lets go of them and exits. */
  @Transform(toInt) @IsInt() @Min(0) @Max(600000)
  HUB_SHUTDOWN_TIMEOUT_MS = 20000;

  /**
   * On SIGTERM, how long the hub keeps accepting connections and answering (with readiness 503 and
   * `Connection: close`) before it closes its listener: time for balancers to see it is not ready.
   */
  @Transform(toInt) @IsInt() @Min(0) @Max(600000)
  HUB_SHUTDOWN_DRAIN_MS = 2000;

  /** Instances the refresh scheduler claims per database round trip. */
  @Transform(toInt) @IsInt() @Min(1) @Max(1000)
  HUB_REFRESH_BATCH_SIZE = 100;

  /** Token refreshes one hub process keeps in flight at once. */
  @Transform(toInt) @IsInt() @Min(1) @Max(500)
  HUB_REFRESH_CONCURRENCY = 16;

  /** How often the refresh scheduler looks for due instances. */
  @Transform(toInt) @IsInt() @Min(10) @Max(3600000)
  HUB_REFRESH_POLL_MS = 30000;

  /** How long a claim on an instance's refresh lasts; a replica that died mid-refresh frees it after that. */
  @Transform(toInt) @IsInt() @Min(100) @Max(3600000)
  HUB_REFRESH_LEASE_MS = 60000;

  /** First retry delay after a transient refresh failure; doubles with each failure (up to an hour), with jitter. */
  @Transform(toInt) @IsInt() @Min(10) @Max(3600000)
  HUB_REFRESH_RETRY_BASE_MS = 30000;
}

/** Reads and validates the environment; throws one error naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): HubConfig {
  const known = Object.keys(new HubConfig());
  const given = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => value !== undefined && (known.includes(key) || key.startsWith('HUB_') || key === 'DATABASE_URL')),
  );
  const config = plainToInstance(HubConfig, given, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new Error(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return config;
}
