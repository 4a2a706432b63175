import { startEmulator, type RunningEmulator } from '../../emulator';
import { startHub, type TestHub } from './hub';
import { replicaEnv, sharedEncryptionKeys, startHubProcess, type HubProcess } from './hub-process';

/**
 * Two hub processes, `a` and `b`, on the database of a hub in the test's own process (which the
 * test uses to set things up and look at rows), all against one emulator. For suites on PostgreSQL:
 * PGlite is one process's database.
 */
export interface ReplicaPair {
  emulator: RunningEmulator;
  hub: TestHub;
  a: HubProcess;
  b: HubProcess;
  close(): Promise<void>;
}

export async function startReplicaPair(): Promise<ReplicaPair> {
  const emulator = await startEmulator({ port: 0 });
  const hub = await startHub({ sharedEmulator: emulator, env: { HUB_ENCRYPTION_KEYS: sharedEncryptionKeys() } });
  const [a, b] = await Promise.all([startHubProcess({ env: replicaEnv(hub) }), startHubProcess({ env: replicaEnv(hub) })]);
  return {
    emulator,
    hub,
    a,
    b,
    close: async () => {
      await Promise.all([a.kill('SIGTERM'), b.kill('SIGTERM')]);
      await hub.close();
      await emulator.close();
    },
  };
}
