/** Records held by the emulator. `seq` orders each collection stably for cursor paging. */
export interface Sequenced {
  id: string;
  seq: number;
}

export interface Organization extends Sequenced {
  displayName: string;
  created: string;
}

export interface Role extends Sequenced {
  name: string;
  /** Short name accepted by the control API (`admin`, `compliance_officer`, ...). */
  alias: string;
}

export interface License extends Sequenced {
  name: string;
  totalUnits: number;
  subscriptionId: string;
}

export interface Person extends Sequenced {
  emails: string[];
  displayName: string;
  firstName?: string;
  lastName?: string;
  nickName?: string;
  avatar?: string;
  department?: string;
  title?: string;
  orgId: string;
  roles: string[];
  licenses: string[];
  created: string;
  lastModified: string;
  /** Bots see group-room messages only when mentioned. */
  type: 'person' | 'bot';
}

export interface Room extends Sequenced {
  title: string;
  type: 'group' | 'direct';
  isLocked: boolean;
  teamId?: string;
  lastActivity: string;
  creatorId: string;
  created: string;
  ownerId: string;
  isAnnouncementOnly: boolean;
  isReadOnly: boolean;
  isPublic: boolean;
  description?: string;
  classificationId?: string;
}

export interface Membership extends Sequenced {
  roomId: string;
  personId: string;
  isModerator: boolean;
  isRoomHidden: boolean;
  created: string;
}

export interface Message extends Sequenced {
  roomId: string;
  parentId?: string;
  toPersonId?: string;
  toPersonEmail?: string;
  text?: string;
  markdown?: string;
  html?: string;
  files?: string[];
  attachments?: unknown[];
  personId: string;
  mentionedPeople?: string[];
  created: string;
  updated?: string;
}

export interface Team extends Sequenced {
  name: string;
  description?: string;
  creatorId: string;
  created: string;
}

export interface TeamMembership extends Sequenced {
  teamId: string;
  personId: string;
  isModerator: boolean;
  created: string;
}

/** A file posted with a message, served from `/v1/contents/{id}`. */
export interface Content extends Sequenced {
  roomId: string;
  messageId: string;
  filename: string;
  contentType: string;
  size: number;
  /** Where the bytes are kept (see `ContentFiles`). */
  path: string;
}

export interface Webhook extends Sequenced {
  name: string;
  targetUrl: string;
  resource: string;
  event: string;
  filter?: string;
  secret?: string;
  status: 'active' | 'inactive';
  created: string;
  ownedBy: 'creator' | 'org';
  orgId: string;
  createdBy: string;
  appId: string;
  /** When recent deliveries failed (ms epoch); enough of them in the window disable the webhook. */
  failures?: number[];
}

export interface AttachmentAction extends Sequenced {
  type: 'submit';
  messageId: string;
  inputs: Record<string, unknown>;
  personId: string;
  roomId: string;
  created: string;
}

export interface RoomTab extends Sequenced {
  roomId: string;
  displayName: string;
  contentUrl: string;
  creatorId: string;
  created: string;
}

export interface ComplianceEvent extends Sequenced {
  resource: string;
  type: 'created' | 'updated' | 'deleted';
  appId: string;
  actorId: string;
  orgId: string;
  created: string;
  data: Record<string, unknown>;
}

export interface Integration {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  name: string;
  appId: string;
}

export interface AccessToken {
  token: string;
  personId: string;
  clientId: string;
  scopes: ReadonlySet<string>;
  /** Infinity for a bot's token, which never expires. */
  expiresAt: number;
  /** The app the token acts for when it is not an integration's (a bot's own app). */
  appId?: string;
}

export interface RefreshToken {
  token: string;
  personId: string;
  clientId: string;
  scopes: string[];
  expiresAt: number;
}

export interface AuthorizationCode {
  code: string;
  clientId: string;
  redirectUri: string;
  personId: string;
  scopes: string[];
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
  expiresAt: number;
}
