/** Settings of one emulator instance; `main.ts` reads them from the environment. */
export interface EmulatorOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Seconds. */
  accessTokenTtl: number;
  /** Seconds. */
  refreshTokenTtl: number;
  /** Each refresh token is single-use when true. */
  rotateRefreshTokens: boolean;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  integrationName: string;
  /** Seconds an authorization code stays valid. */
  codeTtl: number;
  /** Milliseconds a webhook delivery may take before it is abandoned. */
  webhookTimeoutMs: number;
  /** Waits (ms) before each retry of a failed webhook delivery; empty: no retries. */
  webhookRetryDelaysMs: number[];
  /** Failed delivery attempts within `webhookFailureWindowMs` that set a webhook `inactive`. */
  webhookDisableAfterFailures: number;
  webhookFailureWindowMs: number;
  /** Largest file a message may carry (Webex: 100 MB). */
  maxFileBytes: number;
  /** URL prefixes `files: ["https://..."]` may be fetched from; any other URL is a 400. */
  remoteFileAllowList: string[];
}

/**
 * The walkthrough's callback, the console's and connect sessions', on localhost and 127.0.0.1. Registered without a
 * port, so they match on any port (see `redirectUriMatches`): a hub on any local port works.
 */
export const DEFAULT_REDIRECT_URIS = [
  'http://localhost/callback',
  'http://127.0.0.1/callback',
  'http://localhost/elements/api-v2/console/oauth/callback',
  'http://127.0.0.1/elements/api-v2/console/oauth/callback',
  'http://localhost/elements/api-v2/connect/oauth/callback',
  'http://127.0.0.1/elements/api-v2/connect/oauth/callback',
];

export const DEFAULT_OPTIONS: EmulatorOptions = {
  host: '127.0.0.1',
  port: 4010,
  accessTokenTtl: 1209600,
  refreshTokenTtl: 7776000,
  rotateRefreshTokens: false,
  clientId: 'emulator-client-id',
  clientSecret: 'emulator-client-secret',
  redirectUris: DEFAULT_REDIRECT_URIS,
  integrationName: 'Element Hub (emulated integration)',
  codeTtl: 300,
  webhookTimeoutMs: 5000,
  webhookRetryDelaysMs: [],
  webhookDisableAfterFailures: 100,
  webhookFailureWindowMs: 5 * 60 * 1000,
  maxFileBytes: 100 * 1024 * 1024,
  remoteFileAllowList: [],
};

function numberFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return value;
}

function listFrom(env: NodeJS.ProcessEnv, name: string, fallback: string[]): string[] {
  const raw = env[name];
  if (!raw) return fallback;
  return raw.split(',').map((s) => s.trim()).filter(Boolean);
}

/** Options from `EMULATOR_*` variables; anything unset keeps its default. */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<EmulatorOptions> {
  return {
    host: env.EMULATOR_HOST || DEFAULT_OPTIONS.host,
    port: numberFrom(env, 'EMULATOR_PORT', DEFAULT_OPTIONS.port),
    accessTokenTtl: numberFrom(env, 'EMULATOR_ACCESS_TOKEN_TTL', DEFAULT_OPTIONS.accessTokenTtl),
    refreshTokenTtl: numberFrom(env, 'EMULATOR_REFRESH_TOKEN_TTL', DEFAULT_OPTIONS.refreshTokenTtl),
    rotateRefreshTokens: /^(1|true|yes)$/i.test(env.EMULATOR_ROTATE_REFRESH_TOKENS ?? ''),
    clientId: env.EMULATOR_CLIENT_ID || DEFAULT_OPTIONS.clientId,
    clientSecret: env.EMULATOR_CLIENT_SECRET || DEFAULT_OPTIONS.clientSecret,
    redirectUris: listFrom(env, 'EMULATOR_REDIRECT_URIS', DEFAULT_OPTIONS.redirectUris),
    webhookRetryDelaysMs: listFrom(env, 'EMULATOR_WEBHOOK_RETRY_DELAYS_MS', []).map((raw) => numberFrom({ delay: raw }, 'delay', 0)),
    webhookDisableAfterFailures: numberFrom(env, 'EMULATOR_WEBHOOK_DISABLE_AFTER_FAILURES', DEFAULT_OPTIONS.webhookDisableAfterFailures),
    maxFileBytes: numberFrom(env, 'EMULATOR_MAX_FILE_BYTES', DEFAULT_OPTIONS.maxFileBytes),
    remoteFileAllowList: listFrom(env, 'EMULATOR_REMOTE_FILE_ALLOW_LIST', DEFAULT_OPTIONS.remoteFileAllowList),
  };
}
