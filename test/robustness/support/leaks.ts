import { TestHub } from '../../support/hub';

/**
 * Every secret the test world holds: the hub's organization and user secrets, every token and
 * client secret the emulator issued or knows, webhook secrets, plus those the caller collected
 * (Element tokens, rotated secrets). Short values are left out: they would match by chance.
 */
export function knownSecrets(hub: TestHub, extra: Iterable<string> = []): string[] {
  const store = hub.emulator.emulator.store;
  const all = [
    hub.organizationSecret,
    hub.userSecret,
    ...[...store.integrations.values()].map((i) => i.clientSecret),
    ...store.accessTokens.keys(),
    ...store.refreshTokens.keys(),
    ...[...store.webhooks.values()].map((w) => w.secret ?? ''),
    ...extra,
  ];
  return [...new Set(all)].filter((s) => s.length >= 12);
}

/** The secrets found in clear in the database dump and in the captured log lines (both must be empty). */
export async function leakedSecrets(hub: TestHub, extra: Iterable<string> = []): Promise<{ database: string[]; logs: string[] }> {
  const dump = await hub.dump();
  const logs = hub.logs.join('\n');
  const secrets = knownSecrets(hub, extra);
  const masked = (s: string) => `${s.slice(0, 4)}…(${s.length} chars)`;
  return { database: secrets.filter((s) => dump.includes(s)).map(masked), logs: secrets.filter((s) => logs.includes(s)).map(masked) };
}
