import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { staleReason } from './build-if-stale';

describe('staleReason (npm start builds only when a source is newer than the build)', () => {
  let root: string;
  const at = (path: string, secondsAgo: number) => {
    const time = new Date(Date.now() - secondsAgo * 1000);
    utimesSync(join(root, path), time, time);
  };
  const file = (path: string, secondsAgo: number) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), '');
    at(path, secondsAgo);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'build-if-stale-'));
    file('src/main.ts', 100);
    file('src/auth/auth.service.ts', 100);
    at('src/auth', 100);
    at('src', 100);
    file('package.json', 100);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('asks for a build when there is none', () => {
    expect(staleReason(root)).toBe('no dist/src/main.js yet');
  });

  it('skips the build when it is newer than every source', () => {
    file('dist/src/main.js', 10);
    expect(staleReason(root)).toBeUndefined();
  });

  it('builds when a source deep in a folder was edited after the build', () => {
    file('dist/src/main.js', 10);
    at('src/auth/auth.service.ts', 1);
    expect(staleReason(root)).toBe('src changed since the last build');
  });

  it('builds when a source was deleted after the build (its folder changed)', () => {
    file('dist/src/main.js', 10);
    rmSync(join(root, 'src/auth/auth.service.ts'));
    expect(staleReason(root)).toBe('src changed since the last build');
  });

  it('builds when a migration, the emulator or a compiler setting changed', () => {
    file('dist/src/main.js', 10);
    file('migrations/1700000000000-Next.ts', 1);
    expect(staleReason(root)).toBe('migrations changed since the last build');
    at('migrations/1700000000000-Next.ts', 100);
    at('migrations', 100);
    file('nest-cli.json', 1);
    expect(staleReason(root)).toBe('nest-cli.json changed since the last build');
  });
});
