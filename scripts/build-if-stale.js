#!/usr/bin/env node
/* global __dirname */
// `npm start`'s prestart: compiles (nest build, ~8 s) only when a source is newer than the build,
// so a restart with nothing changed goes straight to `node dist/src/main.js`.
const { spawnSync } = require('node:child_process');
const { readdirSync, rmSync, statSync } = require('node:fs');
const { join } = require('node:path');

/** What the build reads: the compiled folders and the files that steer the compiler. */
const SOURCES = ['src', 'migrations', 'emulator', 'demo', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json'];
const OUTPUT = join('dist', 'src', 'main.js');

/**
 * The newest modification time under `path` (0 when it does not exist). Folders count too: a
 * deleted or renamed file changes its folder's time and nothing else.
 */
function newestMtime(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  let newest = stat.mtimeMs;
  if (stat.isDirectory()) for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Why `root` needs a build, or undefined when its build is newer than every source. */
function staleReason(root) {
  let built;
  try {
    built = statSync(join(root, OUTPUT)).mtimeMs;
  } catch {
    return `no ${OUTPUT} yet`;
  }
  for (const source of SOURCES) if (newestMtime(join(root, source)) > built) return `${source} changed since the last build`;
  return undefined;
}

function main() {
  const root = join(__dirname, '..');
  const reason = staleReason(root);
  if (!reason) return;
  console.error(`Building (${reason})...`);
  const nest = join(root, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js');
  // The compiler's output to stderr too: stdout is the hub's JSON log.
  const result = spawnSync(process.execPath, [nest, 'build'], { cwd: root, stdio: ['inherit', 2, 2] });
  if (result.status !== 0) {
    // A failed build may still have written main.js; without it, the next start tries again.
    rmSync(join(root, OUTPUT), { force: true });
    process.exit(result.status ?? 1);
  }
}

module.exports = { newestMtime, staleReason, SOURCES, OUTPUT };

if (require.main === module) main();
