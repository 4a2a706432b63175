import { badRequest } from './errors';
import { webexId } from './ids';
import { seesMessage } from './bots';
import type { Integration, Person, Webhook } from './model';
import { issueCode, type AuthorizeParams } from './oauth';
import { DEFAULT_OPTIONS, type EmulatorOptions } from './options';
import { FaultRegistry, type FaultSpec } from './faults';
import { renderPerson } from './resources/people';
import { ADMIN_SCOPES, COMPLIANCE_SCOPES, DEFAULT_PERSON_SCOPES } from './scopes';
import { EmulatorStore, type ChangeRecord } from './store';
import { issueAccessToken, issueBotToken } from './tokens';
import { WebhookDelivery } from './webhook-delivery';

export interface CreatePersonInput {
  email: string;
  displayName?: string;
  firstName?: string;
  lastName?: string;
  /** Role ids or aliases: `admin`, `readonly_admin`, `user_admin`, `device_admin`, `compliance_officer`. */
  roles?: string[];
}

export interface CreateBotInput {
  displayName: string;
  /** The part before `@webex.bot`; derived from the display name when absent. */
  username?: string;
}

export interface PersonalTokenInput {
  /** The person the token acts for; created when no one has this email yet. */
  email: string;
  /** Seconds; 43200 (12 hours, as Webex's personal access tokens) when absent. */
  expiresIn?: number;
}

/** A personal access token lives 12 hours on Webex. */
const PERSONAL_TOKEN_TTL_S = 12 * 3600;

export interface IntegrationInput {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  name?: string;
}

export interface ControlAuthorizeInput {
  clientId: string;
  redirectUri: string;
  scope: string;
  state?: string;
  /** The person who accepts; created when no one has this email yet. */
  email: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
}

/** The webhooks whose creator may see the change: a bot's hear only the group messages that mention it. */
function webhooksSeeing(store: EmulatorStore, change: ChangeRecord): Webhook[] {
  const all = [...store.webhooks.values()];
  return change.resource === 'messages' ? all.filter((w) => seesMessage(store, w.createdBy, change.webhookData)) : all;
}

/** The emulator's state and the control operations tests use (also served under `/_emulator`). */
export class Emulator {
  store: EmulatorStore;
  readonly options: EmulatorOptions;
  readonly faults = new FaultRegistry();
  readonly webhooks: WebhookDelivery;
  private readonly counts = new Map<string, number>();

  constructor(options: Partial<EmulatorOptions> = {}) {
    this.options = { ...DEFAULT_OPTIONS, ...options };
    this.webhooks = new WebhookDelivery(this.options);
    this.store = this.freshStore();
  }

  private freshStore(): EmulatorStore {
    const store = new EmulatorStore();
    const { clientId, clientSecret, redirectUris, integrationName } = this.options;
    store.integrations.set(clientId, { clientId, clientSecret, redirectUris, name: integrationName, appId: webexId('APPLICATION') });
    store.onChange((change) => this.webhooks.dispatch(webhooksSeeing(store, change), change));
    return store;
  }

  createPerson(input: CreatePersonInput) {
    if (!input || typeof input.email !== 'string' || !input.email.includes('@')) throw badRequest('email is required');
    if (this.store.peopleByEmail.has(input.email.toLowerCase())) throw badRequest(`A person with email ${input.email} exists`);
    let person: Person;
    try {
      person = this.store.addPerson(input);
    } catch (error) {
      throw badRequest((error as Error).message);
    }
    const token = issueAccessToken(this.store, this.options, person.id, this.options.clientId, this.scopesOf(person));
    return { person: renderPerson(this.store, person, true), accessToken: token.token };
  }

  /** What the developer portal hands a signed-in person: a token that lives 12 hours (or `expiresIn` seconds), and no refresh token. */
  createPersonalToken(input: PersonalTokenInput): { accessToken: string; expiresIn: number } {
    if (!input || typeof input.email !== 'string' || !input.email.includes('@')) throw badRequest('email is required');
    const expiresIn = input.expiresIn ?? PERSONAL_TOKEN_TTL_S;
    if (typeof expiresIn !== 'number' || !(expiresIn > 0)) throw badRequest('expiresIn must be a positive number of seconds');
    const person = this.personFor(input.email);
    const token = issueAccessToken(this.store, this.options, person.id, this.options.clientId, this.scopesOf(person), expiresIn);
    return { accessToken: token.token, expiresIn };
  }

  private scopesOf(person: Person): string[] {
    const scopes = [...DEFAULT_PERSON_SCOPES];
    if (this.store.isAdmin(person)) scopes.push(...ADMIN_SCOPES);
    if (this.store.isComplianceOfficer(person)) scopes.push(...COMPLIANCE_SCOPES);
    return scopes;
  }

  /** A bot account (`type: bot`, email `<name>@webex.bot`) and its token, which never expires. */
  createBot(input: CreateBotInput) {
    if (!input || typeof input.displayName !== 'string' || input.displayName.trim() === '') throw badRequest('displayName is required');
    const username = input.username ?? input.displayName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    const email = `${username || 'bot'}@webex.bot`;
    if (this.store.peopleByEmail.has(email)) throw badRequest(`A bot with email ${email} exists`);
    const person = this.store.addPerson({ email, displayName: input.displayName, type: 'bot' });
    const token = issueBotToken(this.store, person.id, webexId('APPLICATION'), [...DEFAULT_PERSON_SCOPES]);
    return { person: renderPerson(this.store, person, false), accessToken: token.token };
  }

  createIntegration(input: IntegrationInput): Omit<Integration, 'clientSecret'> {
    if (!input?.clientId || !input.clientSecret || !Array.isArray(input.redirectUris) || input.redirectUris.length === 0) {
      throw badRequest('clientId, clientSecret and redirectUris are required');
    }
    const integration: Integration = {
      clientId: input.clientId,
      clientSecret: input.clientSecret,
      redirectUris: input.redirectUris,
      name: input.name ?? input.clientId,
      appId: webexId('APPLICATION'),
    };
    this.store.integrations.set(integration.clientId, integration);
    const { clientSecret: _secret, ...visible } = integration;
    return visible;
  }

  /** The person with this email, created on first sight (as a browser user typing a new email). */
  personFor(email: string): Person {
    return this.store.peopleByEmail.get(email.toLowerCase()) ?? this.store.addPerson({ email });
  }

  /** Exactly what Accept on the consent page yields; `code` is empty when the answer is an error redirect. */
  authorize(input: ControlAuthorizeInput): { code: string; location: string } {
    if (!input?.email || !input.email.includes('@')) throw badRequest('email is required');
    const params: AuthorizeParams = { ...input, responseType: 'code' };
    return issueCode(this.store, this.options, params, this.personFor(input.email));
  }

  injectFault(fault: FaultSpec): void {
    this.faults.add(fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  count(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** Request counts per `METHOD /path-template` (templates without `/v1`). */
  stats(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  /** Forgets everything but the options: people, rooms, tokens, faults and counts. */
  reset(): void {
    this.store.files.dispose();
    this.store = this.freshStore();
    this.faults.clear();
    this.counts.clear();
  }

  flushWebhooks(): Promise<void> {
    return this.webhooks.flush();
  }

  /** Deletes the message files kept on disk. */
  dispose(): void {
    this.store.files.dispose();
  }
}
