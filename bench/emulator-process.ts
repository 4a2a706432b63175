import { startEmulator } from '../emulator';
import type { ControlAuthorizeInput, CreatePersonInput } from '../emulator/emulator';
import { DEFAULT_OPTIONS, type EmulatorOptions } from '../emulator/options';
import { moduleArgs, startFlags, startHubProcess, type HubProcess } from '../test/support/hub-process';

/**
 * What a benchmark needs of the emulator, whether it runs in the bench process (`startEmulator`)
 * or in one of its own (`startEmulatorProcess`).
 */
export interface BenchWebex {
  /** `http://127.0.0.1:PORT/v1`: the hub's WEBEX_API_URL. */
  baseUrl: string;
  options: Pick<EmulatorOptions, 'clientId' | 'clientSecret' | 'redirectUris'>;
  createPerson(input: CreatePersonInput): { accessToken: string } | Promise<{ accessToken: string }>;
  authorize(input: ControlAuthorizeInput): { code: string } | Promise<{ code: string }>;
}

/**
 * The emulator alone in a child process, as `npm run emulator` runs it (compiled, `npm start`'s
 * Node flags, its default integration), driven through its control API (`/_emulator`). A server
 * measured against the hub gets what the hub gets: a process, and a core, of its own.
 */
export async function startEmulatorProcess(): Promise<{ webex: BenchWebex; process: HubProcess }> {
  const child = await startHubProcess({ env: {}, args: [...startFlags(), ...moduleArgs('bench', 'emulator-process')], healthPath: '/_emulator/stats' });
  const control = async <T>(path: string, body: unknown): Promise<T> => {
    const res = await fetch(`${child.origin}/_emulator/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`POST /_emulator/${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const webex: BenchWebex = {
    baseUrl: `${child.origin}/v1`,
    options: DEFAULT_OPTIONS,
    createPerson: (input) => control('people', input),
    authorize: (input) => control('authorize', input),
  };
  return { webex, process: child };
}

// As a process of its own: `node emulator-process.js` with PORT and HOST.
if (require.main === module) void startEmulator({ port: Number(process.env.PORT), host: process.env.HOST });
