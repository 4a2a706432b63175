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
  | 'APPLICATION';

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

/** Opaque token shaped like Webex's (`<random>_<cluster>_<org uuid>`). */
export function opaqueToken(orgUuid: string): string {
  return `${randomBytes(48).toString('base64url')}_PF84_${orgUuid}`;
}
