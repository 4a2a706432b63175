import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockDataDir, unlockDataDir } from './data-dir-lock';

describe('lockDataDir', () => {
  const sut = lockDataDir;
  let dir: string;
  let lock: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lock-'));
    lock = join(dir, 'hub.lock');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('takes a free directory, again from the same process, and lets go of it', () => {
    sut(lock);
    expect(readFileSync(lock, 'utf8')).toBe(String(process.pid));
    expect(() => sut(lock)).not.toThrow();
    unlockDataDir(lock);
    expect(existsSync(lock)).toBe(false);
  });

  it('refuses a directory another running process holds, naming it', () => {
    writeFileSync(lock, String(process.ppid));
    expect(() => sut(lock)).toThrow(`is in use by process ${process.ppid}`);
    expect(readFileSync(lock, 'utf8')).toBe(String(process.ppid));
  });

  it('takes over the lock of a process that is gone', () => {
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(lock, String(gone));
    sut(lock);
    expect(readFileSync(lock, 'utf8')).toBe(String(process.pid));
    unlockDataDir(lock);
  });
});
