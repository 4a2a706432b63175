/** What each Webex scope lets the application do, in words an end user reads on the connect page. */
const SCOPE_WORDS: Record<string, string> = {
  'spark:all': 'Read and send messages, and manage your spaces, teams and memberships, as you',
  'spark:kms': 'Read and write the content of encrypted messages and files',
  'spark:rooms_read': 'See the spaces you are in',
  'spark:rooms_write': 'Create, rename and delete spaces',
  'spark:messages_read': 'Read the messages in your spaces',
  'spark:messages_write': 'Send and delete messages as you',
  'spark:memberships_read': 'See who is in your spaces',
  'spark:memberships_write': 'Add people to spaces and remove them',
  'spark:people_read': 'Look up people in your organization',
  'spark:teams_read': 'See the teams you are in',
  'spark:teams_write': 'Create and change teams',
  'spark:team_memberships_read': 'See who is in your teams',
  'spark:team_memberships_write': 'Add people to teams and remove them',
  'spark:organizations_read': 'See your organization',
  'spark:webhooks_read': 'See the webhooks that notify the application',
  'spark:webhooks_write': 'Create the webhooks that notify the application of new activity',
  'spark-admin:people_read': 'Read the people of your organization (administrator)',
  'spark-admin:people_write': 'Create and change the people of your organization (administrator)',
  'spark-admin:licenses_read': 'See your organization’s licenses (administrator)',
  'spark-admin:roles_read': 'See administrator roles (administrator)',
  'spark-admin:organizations_read': 'See organization details (administrator)',
  'spark-compliance:events_read': 'Read your organization’s activity for compliance (compliance officer)',
  'spark-compliance:messages_read': 'Read messages for compliance (compliance officer)',
  'spark-compliance:rooms_read': 'See spaces for compliance (compliance officer)',
  'spark-compliance:memberships_read': 'See memberships for compliance (compliance officer)',
};

export interface ScopeWords {
  scope: string;
  words: string;
}

/** Each scope with its words; a scope the hub does not know is shown by name. */
export function scopeWords(scope: string): ScopeWords[] {
  return scope
    .split(/\s+/)
    .filter(Boolean)
    .map((name) => ({ scope: name, words: SCOPE_WORDS[name] ?? `Webex permission “${name}”` }));
}

/** Scopes that let the hub read whom a token acts for (`/people/me`), which it does before storing anything. */
const ACCOUNT_SCOPES = ['spark:all', 'spark:people_read', 'spark-admin:people_read'];

/** `scope` with `spark:people_read` added when nothing in it lets the hub read the connected account. */
export function withAccountScope(scope: string): string {
  const names = scope.split(/\s+/).filter(Boolean);
  return names.some((name) => ACCOUNT_SCOPES.includes(name)) ? names.join(' ') : [...names, 'spark:people_read'].join(' ');
}
