import { randomUUID } from 'node:crypto';
import { ContentFiles } from './content-files';
import { webexId } from './ids';
import type {
  AccessToken,
  AttachmentAction,
  AuthorizationCode,
  ComplianceEvent,
  Content,
  Integration,
  License,
  Membership,
  Message,
  Organization,
  Person,
  RefreshToken,
  Role,
  Room,
  RoomTab,
  Team,
  TeamMembership,
  Webhook,
} from './model';

/** A change the API made, as compliance events and webhooks see it. */
export interface ChangeRecord {
  resource: 'rooms' | 'messages' | 'memberships' | 'attachmentActions' | 'tabs';
  event: 'created' | 'updated' | 'deleted';
  actorId: string;
  appId: string;
  /** Everyone who could see the change (room members before it happened). */
  audience: ReadonlySet<string>;
  /** The resource as webhooks carry it. */
  webhookData: Record<string, unknown>;
  /** The resource as compliance events carry it (messages include their text). */
  eventData: Record<string, unknown>;
}

const ROLE_SEED: Array<[string, string, string]> = [
  ['id_full_admin', 'Full Administrator', 'admin'],
  ['id_readonly_admin', 'Read-only Administrator', 'readonly_admin'],
  ['id_user_admin', 'User and Device Administrator', 'user_admin'],
  ['id_device_admin', 'Device Administrator', 'device_admin'],
  ['id_compliance_officer', 'Compliance Officer', 'compliance_officer'],
];

const LICENSE_SEED: Array<[string, string, number]> = [
  ['MS_1', 'Messaging', 1000],
  ['MC_25', 'Meeting - Webex Meeting Center', 500],
  ['BCSTD_1', 'Webex Calling - Professional', 250],
];

export const ADMIN_ROLE_ALIASES = new Set(['admin', 'readonly_admin', 'user_admin']);
const WRITE_ADMIN_ROLE_ALIASES = new Set(['admin', 'user_admin']);

/** The inner map of a two-level index, created on first use. */
function nested<V>(index: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let inner = index.get(key);
  if (!inner) index.set(key, (inner = new Map()));
  return inner;
}

/** All in-memory state of one emulator. Collections are Maps keyed by Webex id. */
export class EmulatorStore {
  private seqCounter = 0;
  readonly orgUuid = randomUUID();
  readonly org: Organization;
  readonly organizations = new Map<string, Organization>();
  readonly roles = new Map<string, Role>();
  readonly licenses = new Map<string, License>();
  readonly people = new Map<string, Person>();
  readonly peopleByEmail = new Map<string, Person>();
  readonly rooms = new Map<string, Room>();
  readonly memberships = new Map<string, Membership>();
  /** roomId → personId → membership. */
  readonly roomMembers = new Map<string, Map<string, Membership>>();
  readonly messages = new Map<string, Message>();
  /** roomId → messages in creation order. */
  readonly roomMessages = new Map<string, Message[]>();
  readonly teams = new Map<string, Team>();
  readonly teamMemberships = new Map<string, TeamMembership>();
  /** teamId → personId → team membership. */
  readonly teamMembers = new Map<string, Map<string, TeamMembership>>();
  readonly webhooks = new Map<string, Webhook>();
  readonly attachmentActions = new Map<string, AttachmentAction>();
  readonly roomTabs = new Map<string, RoomTab>();
  readonly contents = new Map<string, Content>();
  readonly files = new ContentFiles();
  readonly events = new Map<string, ComplianceEvent>();
  readonly integrations = new Map<string, Integration>();
  readonly codes = new Map<string, AuthorizationCode>();
  readonly accessTokens = new Map<string, AccessToken>();
  readonly refreshTokens = new Map<string, RefreshToken>();
  private readonly listeners: Array<(change: ChangeRecord) => void> = [];

  constructor() {
    const created = this.now();
    this.org = { id: webexId('ORGANIZATION', this.orgUuid), seq: this.nextSeq(), displayName: 'Emulated Organization', created };
    this.organizations.set(this.org.id, this.org);
    for (const [suffix, name, alias] of ROLE_SEED) {
      const role: Role = { id: webexId('ROLE', suffix), seq: this.nextSeq(), name, alias };
      this.roles.set(role.id, role);
    }
    for (const [code, name, totalUnits] of LICENSE_SEED) {
      const license: License = { id: webexId('LICENSE', `${code}_${this.orgUuid}`), seq: this.nextSeq(), name, totalUnits, subscriptionId: `Sub-${code}` };
      this.licenses.set(license.id, license);
    }
  }

  nextSeq(): number {
    return ++this.seqCounter;
  }

  now(): string {
    return new Date().toISOString();
  }

  onChange(listener: (change: ChangeRecord) => void): void {
    this.listeners.push(listener);
  }

  /** Records a compliance event and tells the listeners (webhook dispatch). */
  record(change: ChangeRecord): void {
    const event: ComplianceEvent = {
      id: webexId('EVENT'),
      seq: this.nextSeq(),
      resource: change.resource,
      type: change.event,
      appId: change.appId,
      actorId: change.actorId,
      orgId: this.org.id,
      created: this.now(),
      data: change.eventData,
    };
    this.events.set(event.id, event);
    for (const listener of this.listeners) listener(change);
  }

  /** Role ids from role ids or control-API aliases (`admin`, `compliance_officer`, ...). */
  resolveRoles(rolesOrAliases: string[]): string[] {
    return rolesOrAliases.map((r) => {
      if (this.roles.has(r)) return r;
      const role = [...this.roles.values()].find((x) => x.alias === r);
      if (!role) throw new Error(`unknown role ${r}`);
      return role.id;
    });
  }

  hasRole(person: Person, aliases: ReadonlySet<string>): boolean {
    return person.roles.some((id) => {
      const role = this.roles.get(id);
      return role !== undefined && aliases.has(role.alias);
    });
  }

  isAdmin(person: Person): boolean {
    return this.hasRole(person, ADMIN_ROLE_ALIASES);
  }

  isPeopleAdmin(person: Person): boolean {
    return this.hasRole(person, WRITE_ADMIN_ROLE_ALIASES);
  }

  isComplianceOfficer(person: Person): boolean {
    return this.hasRole(person, new Set(['compliance_officer', 'admin']));
  }

  addPerson(fields: { email: string } & Partial<Pick<Person, 'displayName' | 'roles' | 'licenses' | 'firstName' | 'lastName' | 'type'>>): Person {
    const email = fields.email.toLowerCase();
    if (this.peopleByEmail.has(email)) throw new Error(`person ${email} exists`);
    const created = this.now();
    const person: Person = {
      id: webexId('PEOPLE'),
      seq: this.nextSeq(),
      emails: [email],
      displayName: fields.displayName || email.split('@')[0],
      firstName: fields.firstName,
      lastName: fields.lastName,
      orgId: this.org.id,
      roles: this.resolveRoles(fields.roles ?? []),
      licenses: fields.licenses ?? [[...this.licenses.keys()][0]],
      created,
      lastModified: created,
      type: fields.type ?? 'person',
    };
    this.people.set(person.id, person);
    this.peopleByEmail.set(email, person);
    return person;
  }

  removePerson(person: Person): void {
    this.people.delete(person.id);
    this.peopleByEmail.delete(person.emails[0]);
    for (const [token, t] of this.accessTokens) if (t.personId === person.id) this.accessTokens.delete(token);
    for (const [token, t] of this.refreshTokens) if (t.personId === person.id) this.refreshTokens.delete(token);
    for (const m of [...this.memberships.values()]) if (m.personId === person.id) this.removeMembership(m);
    for (const tm of [...this.teamMemberships.values()]) if (tm.personId === person.id) this.removeTeamMembership(tm);
  }

  membership(roomId: string, personId: string): Membership | undefined {
    return this.roomMembers.get(roomId)?.get(personId);
  }

  members(roomId: string): Map<string, Membership> {
    return this.roomMembers.get(roomId) ?? new Map();
  }

  addMembership(roomId: string, personId: string, isModerator: boolean): Membership {
    const membership: Membership = {
      id: webexId('MEMBERSHIP'),
      seq: this.nextSeq(),
      roomId,
      personId,
      isModerator,
      isRoomHidden: false,
      created: this.now(),
    };
    this.memberships.set(membership.id, membership);
    nested(this.roomMembers, roomId).set(personId, membership);
    return membership;
  }

  removeMembership(membership: Membership): void {
    this.memberships.delete(membership.id);
    this.roomMembers.get(membership.roomId)?.delete(membership.personId);
  }

  addMessage(message: Message): void {
    this.messages.set(message.id, message);
    let list = this.roomMessages.get(message.roomId);
    if (!list) this.roomMessages.set(message.roomId, (list = []));
    list.push(message);
  }

  removeMessage(message: Message): void {
    this.messages.delete(message.id);
    for (const c of [...this.contents.values()]) if (c.messageId === message.id) this.removeContent(c);
    const list = this.roomMessages.get(message.roomId);
    if (list) list.splice(list.indexOf(message), 1);
  }

  /** Deletes a room with everything that lives in it. */
  removeRoom(room: Room): void {
    for (const m of this.members(room.id).values()) this.memberships.delete(m.id);
    for (const m of this.roomMessages.get(room.id) ?? []) this.messages.delete(m.id);
    for (const c of [...this.contents.values()]) if (c.roomId === room.id) this.removeContent(c);
    for (const tab of [...this.roomTabs.values()]) if (tab.roomId === room.id) this.roomTabs.delete(tab.id);
    this.roomMembers.delete(room.id);
    this.roomMessages.delete(room.id);
    this.rooms.delete(room.id);
  }

  removeContent(content: Content): void {
    this.contents.delete(content.id);
    this.files.remove(content.path);
  }

  teamMembership(teamId: string, personId: string): TeamMembership | undefined {
    return this.teamMembers.get(teamId)?.get(personId);
  }

  addTeamMembership(teamId: string, personId: string, isModerator: boolean): TeamMembership {
    const tm: TeamMembership = { id: webexId('TEAM_MEMBERSHIP'), seq: this.nextSeq(), teamId, personId, isModerator, created: this.now() };
    this.teamMemberships.set(tm.id, tm);
    nested(this.teamMembers, teamId).set(personId, tm);
    return tm;
  }

  removeTeamMembership(tm: TeamMembership): void {
    this.teamMemberships.delete(tm.id);
    this.teamMembers.get(tm.teamId)?.delete(tm.personId);
  }

  /** The team's General room: the first room created with the team. */
  generalRoom(teamId: string): Room | undefined {
    for (const room of this.rooms.values()) if (room.teamId === teamId) return room;
    return undefined;
  }

  /** The 1:1 room of two people, if they have one. */
  directRoom(a: string, b: string): Room | undefined {
    for (const roomId of this.roomsOf(a)) {
      const room = this.rooms.get(roomId);
      if (room?.type === 'direct' && this.membership(room.id, b)) return room;
    }
    return undefined;
  }

  roomsOf(personId: string): string[] {
    const ids: string[] = [];
    for (const [roomId, members] of this.roomMembers) if (members.has(personId)) ids.push(roomId);
    return ids;
  }
}
