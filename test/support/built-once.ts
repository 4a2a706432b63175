import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';

/**
 * `target`, built the first time it is asked for and shared from then on by every process of the
 * machine (jest's workers, other runs). Each builder works in a staging directory of its own
 * beside `target` (`build` returns what in it becomes `target`), which is renamed into place
 * whole: nobody ever sees a half-made `target`, a killed build leaves none behind, and when two
 * build at once the first rename wins and the other's work is thrown away.
 */
export async function builtOnce(target: string, build: (staging: string) => Promise<string>): Promise<string> {
  if (existsSync(target)) return target;
  const staging = mkdtempSync(`${target}.building-`);
  try {
    renameSync(await build(staging), target);
  } catch (error) {
    // Another builder got there first: its copy is as good as this one.
    if (!existsSync(target)) throw error;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return target;
}
