import { randomBytes, randomUUID } from 'node:crypto';

/** The kinds in Webex ids (`ciscospark://us/<KIND>/<uuid>`). */
export type IdKind =
  | 'PEOPLE'
  | 'ROOM'
  | 'MESSAGE'
  | 'MEMBERSHIP'
  | 'TEAM'
  | 'TEAM_MEMBERSHIP'
  | 'WEBHOOK'
  | 'ATTACHMENT_ACTION'
  | 'EVENT'
  | 'ORGANIZATION'
  | 'LICENSE'
  | 'ROLE'
  | 'ROOM_TAB'
  | 'APPLICATION'
  | 'CONTENT';

/** A Webex-looking id: standard base64 of the ciscospark URI without padding. */
export function webexId(kind: IdKind, suffix: string = randomUUID()): string {
  return Buffer.from(`ciscospark://us/${kind}/${suffix}`).toString('base64').replace(/=+$/, '');
}

/** The kind inside a Webex id, or undefined when the value is not one. */
export function idKind(id: string): string | undefined {
  const decoded = Buffer.from(id, 'base64').toString('utf8');
  const match = /^ciscospark:\/\/[a-z0-9]+\/([A-Z_]+)\//.exec(decoded);
  return match?.[1];
}

export function trackingId(): string {
  return `ROUTER_${randomUUID().toUpperCase()}`;
}

/**
 * Opaque token shaped like Webex's, `<body>_<cluster>_<org uuid>`: the body has no `_` (nor `-`),
 * since the official SDK splits a token on `_` and warns when it does not get three parts.
 */
export function opaqueToken(orgUuid: string): string {
  const body = randomBytes(64).toString('base64url').replace(/[-_]/g, '').slice(0, 64);
  return `${body}_PF84_${orgUuid}`;
}

/** What a Webex access token looks like: body, cluster, org uuid. */
export const TOKEN_FORMAT = /^[A-Za-z0-9]{64}_[A-Z0-9]{4}_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
