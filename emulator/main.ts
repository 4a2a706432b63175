import { startEmulator } from './index';
import { optionsFromEnv } from './options';

/** `npm run emulator`: the emulator on EMULATOR_HOST:EMULATOR_PORT (127.0.0.1:4010). */
async function main(): Promise<void> {
  const emulator = await startEmulator(optionsFromEnv());
  console.log(`Webex emulator listening: ${emulator.baseUrl}`);
  console.log(`client_id=${emulator.options.clientId} redirect URIs: ${emulator.options.redirectUris.join(', ')}`);
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
