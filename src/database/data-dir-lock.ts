import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Locks this process holds, released when it exits however it exits. */
const held = new Set<string>();
process.once('exit', () => {
  for (const path of held) rmSync(path, { force: true });
});

/**
 * The embedded database is one process's: a second process opening the same files (a second hub,
 * or `npm run hub` while the hub runs) would corrupt them, and PGlite does not prevent it. The lock
 * is a file holding the owner's pid; a file left by a process that is gone is taken over.
 */
export function lockDataDir(path: string): void {
  for (;;) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
      held.add(path);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number(readFileSync(path, 'utf8'));
    // Our own pid: a file left by an earlier process that had the same pid (pid 1 in a container).
    if (owner === process.pid) {
      held.add(path);
      return;
    }
    if (isRunning(owner)) {
      throw new Error(
        `The embedded database in ${dirname(path)} is in use by process ${owner} (a running hub?). ` +
          'Stop it first; with PostgreSQL (DATABASE_URL) commands can run beside the hub.',
      );
    }
    rmSync(path, { force: true });
  }
}

export function unlockDataDir(path: string): void {
  if (held.delete(path)) rmSync(path, { force: true });
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
