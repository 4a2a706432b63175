import { optionsFromEnv } from '../../emulator/options';
import { HubConfig } from './hub-config';

/** The prefixes of the hub's and the emulator's settings: a variable with one of them that no code reads is a mistake. */
const SETTING_PREFIXES = ['HUB_', 'WEBEX_', 'DATABASE_', 'EMULATOR_'];

/** Read on purpose outside HubConfig: where the emulator finds the Webex OpenAPI documents. */
const OTHER_SETTINGS = ['WEBEX_OPENAPI_DIR'];

/** Every variable the hub or the emulator reads. The emulator's are the names `optionsFromEnv` looks up, so the list follows it. */
export function knownSettings(): string[] {
  const emulator = new Set<string>();
  optionsFromEnv(new Proxy({}, { get: (_target, name) => void (typeof name === 'string' && emulator.add(name)) }));
  return [...Object.keys(new HubConfig()), ...emulator, ...OTHER_SETTINGS];
}

export interface UnknownSetting {
  name: string;
  /** The known name it is most likely a misspelling of, when one is close enough. */
  nearest?: string;
}

/** Variables that look like settings (by their prefix) but that nothing reads. */
export function unknownSettings(env: Record<string, string | undefined> = process.env, known: string[] = knownSettings()): UnknownSetting[] {
  return Object.keys(env)
    .filter((name) => SETTING_PREFIXES.some((prefix) => name.startsWith(prefix)) && !known.includes(name))
    .sort()
    .map((name) => ({ name, nearest: nearestName(name, known) }));
}

/** The candidate closest to `name` by edit distance, if it is within a third of the name's length. */
export function nearestName(name: string, candidates: string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate);
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(name.length / 3)) ? best.candidate : undefined;
}

/** Damerau-Levenshtein distance (optimal string alignment): insertions, deletions, substitutions and swaps of neighbours count one each. */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  }
  return rows[a.length][b.length];
}
