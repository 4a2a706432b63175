/**
 * Scopes the emulator accepts on /authorize. `spark:all` implies every `spark:` scope (as on
 * Webex, where it stands for the whole messaging API); admin and compliance scopes stand alone.
 */
export const KNOWN_SCOPES: ReadonlySet<string> = new Set([
  'spark:all',
  'spark:kms',
  'spark:rooms_read',
  'spark:rooms_write',
  'spark:messages_read',
  'spark:messages_write',
  'spark:memberships_read',
  'spark:memberships_write',
  'spark:people_read',
  'spark:teams_read',
  'spark:teams_write',
  'spark:team_memberships_read',
  'spark:team_memberships_write',
  'spark:organizations_read',
  'spark:webhooks_read',
  'spark:webhooks_write',
  'spark-admin:people_read',
  'spark-admin:people_write',
  'spark-admin:licenses_read',
  'spark-admin:roles_read',
  'spark-admin:organizations_read',
  'spark-compliance:events_read',
  'spark-compliance:messages_read',
  'spark-compliance:rooms_read',
  'spark-compliance:memberships_read',
]);

/** What a person created through the control API gets, plus ADMIN_SCOPES for admins. */
export const DEFAULT_PERSON_SCOPES = ['spark:all', 'spark:kms'];
export const ADMIN_SCOPES = [
  'spark-admin:people_read',
  'spark-admin:people_write',
  'spark-admin:licenses_read',
  'spark-admin:roles_read',
  'spark-admin:organizations_read',
];
export const COMPLIANCE_SCOPES = ['spark-compliance:events_read'];

export function parseScopes(raw: string): string[] {
  return raw.split(/[\s+]+/).filter(Boolean);
}

export function unknownScopes(scopes: string[]): string[] {
  return scopes.filter((s) => !KNOWN_SCOPES.has(s));
}

/** True when the granted set covers at least one of the wanted scopes. */
export function grants(granted: ReadonlySet<string>, anyOf: readonly string[]): boolean {
  if (anyOf.length === 0) return true;
  return anyOf.some((s) => granted.has(s) || (s.startsWith('spark:') && granted.has('spark:all')));
}
