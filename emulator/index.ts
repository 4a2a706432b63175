import type { AddressInfo } from 'node:net';
import { Emulator, type ControlAuthorizeInput, type CreateBotInput, type CreatePersonInput, type IntegrationInput, type PersonalTokenInput } from './emulator';
import type { FaultSpec } from './faults';
import type { EmulatorOptions } from './options';
import { buildServer } from './server';

export type { EmulatorOptions } from './options';
export { DEFAULT_OPTIONS, optionsFromEnv } from './options';
export type { FaultSpec } from './faults';
export type { ControlAuthorizeInput, CreateBotInput, CreatePersonInput, IntegrationInput, PersonalTokenInput } from './emulator';
export type { TokenResponse } from './tokens';

/** A started emulator: its URLs, the control operations in-process, and `close()`. */
export interface RunningEmulator {
  /** `http://127.0.0.1:PORT/v1`: what the hub uses as WEBEX_API_URL. */
  baseUrl: string;
  origin: string;
  port: number;
  options: EmulatorOptions;
  createPerson(input: CreatePersonInput): ReturnType<Emulator['createPerson']>;
  /** A bot account and its never-expiring token. */
  createBot(input: CreateBotInput): ReturnType<Emulator['createBot']>;
  /** A personal access token: 12 hours, or `expiresIn` seconds, and no refresh token. */
  createPersonalToken(input: PersonalTokenInput): ReturnType<Emulator['createPersonalToken']>;
  createIntegration(input: IntegrationInput): ReturnType<Emulator['createIntegration']>;
  authorize(input: ControlAuthorizeInput): { code: string; location: string };
  injectFault(fault: FaultSpec): void;
  clearFaults(): void;
  stats(): Record<string, number>;
  reset(): void;
  /** Resolves when every webhook delivery started so far has finished. */
  flushWebhooks(): Promise<void>;
  /** The emulator itself, for tests that need its state. */
  emulator: Emulator;
  close(): Promise<void>;
}

export async function startEmulator(options: Partial<EmulatorOptions> = {}): Promise<RunningEmulator> {
  const emulator = new Emulator({ port: 0, ...options });
  const app = await buildServer(emulator);
  await app.listen({ host: emulator.options.host, port: emulator.options.port });
  const { port } = app.server.address() as AddressInfo;
  const origin = `http://${emulator.options.host.includes(':') ? `[${emulator.options.host}]` : emulator.options.host}:${port}`;
  return {
    baseUrl: `${origin}/v1`,
    origin,
    port,
    options: emulator.options,
    emulator,
    createPerson: (input) => emulator.createPerson(input),
    createBot: (input) => emulator.createBot(input),
    createPersonalToken: (input) => emulator.createPersonalToken(input),
    createIntegration: (input) => emulator.createIntegration(input),
    authorize: (input) => emulator.authorize(input),
    injectFault: (fault) => emulator.injectFault(fault),
    clearFaults: () => emulator.clearFaults(),
    stats: () => emulator.stats(),
    reset: () => emulator.reset(),
    flushWebhooks: () => emulator.flushWebhooks(),
    close: async () => {
      await emulator.flushWebhooks();
      await app.close();
      emulator.dispose();
    },
  };
}
