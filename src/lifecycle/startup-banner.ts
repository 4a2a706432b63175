import { resolve } from 'node:path';
import type { StartupSecret } from './startup-notes';

export interface BannerFacts {
  /** Where a browser on this machine reaches the hub, e.g. `http://localhost:3000`. */
  origin: string;
  apiPrefix: string;
  dataDir: string;
  databaseUrl?: string;
  secrets: readonly StartupSecret[];
}

/** The database as an operator would name it, without the user or password of its URL. */
export function describeDatabase(dataDir: string, databaseUrl?: string): string {
  if (!databaseUrl) return `PGlite (embedded) in ${resolve(dataDir, 'pglite')}`;
  try {
    const url = new URL(databaseUrl);
    return `PostgreSQL at ${url.host}${url.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}

/** The lines a person reads once the hub is up: where everything is and, on first start, what to keep. */
export function startupBanner(facts: BannerFacts): string {
  const rows: Array<[string, string]> = [
    ['API', `${facts.origin}/${facts.apiPrefix}`],
    ['API docs', `${facts.origin}/docs`],
    ['Console', `${facts.origin}/console`],
    ['Health', `${facts.origin}/health`],
    ['Metrics', `${facts.origin}/metrics`],
    ['Data directory', resolve(facts.dataDir)],
    ['Database', describeDatabase(facts.dataDir, facts.databaseUrl)],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  const lines = ['', 'Element Hub is ready', ...rows.map(([name, value]) => `  ${`${name}:`.padEnd(width + 2)}${value}`)];
  if (facts.secrets.length > 0) {
    lines.push('', 'First start: keep these, they are not shown again (nor written to the log):');
    for (const secret of facts.secrets) lines.push(`  ${secret.label}:`, `    ${secret.value}`);
  }
  return `${lines.join('\n')}\n\n`;
}
