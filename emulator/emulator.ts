import { badRequest } from './errors';
import { webexId } from './ids';
import type { Integration, Person } from './model';
import { issueCode, type AuthorizeParams } from './oauth';
import { DEFAULT_OPTIONS, type EmulatorOptions } from './options';
import { FaultRegistry, type FaultSpec } from './faults';
import { renderPerson } from './resources/people';
import { ADMIN_SCOPES, COMPLIANCE_SCOPES, DEFAULT_PERSON_SCOPES } from './scopes';
import { EmulatorStore } from './store';
import { issueAccessToken } from './tokens';
import { WebhookDelivery } from './webhook-delivery';

export interface CreatePersonInput {
  email: string;
  displayName?: string;
  firstName?: string;
  lastName?: string;
  /** Role ids or aliases: `admin`, `readonly_admin`, `user_admin`, `device_admin`, `compliance_officer`. */
  roles?: string[];
}

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

/** The emulator's state and the control operations tests use (also served under `/_emulator`). */
export class Emulator {
  store: EmulatorStore;
  readonly options: EmulatorOptions;
  readonly faults = new FaultRegistry();
  readonly webhooks: WebhookDelivery;
  private readonly counts = new Map<string, number>();

  constructor(options: Partial<EmulatorOptions> = {}) {
    this.options = { ...DEFAULT_OPTIONS, ...options };
    this.webhooks = new WebhookDelivery(this.options.webhookTimeoutMs);
    this.store = this.freshStore();
  }

  private freshStore(): EmulatorStore {
    const store = new EmulatorStore();
    const { clientId, clientSecret, redirectUris, integrationName } = this.options;
    store.integrations.set(clientId, { clientId, clientSecret, redirectUris, name: integrationName, appId: webexId('APPLICATION') });
    store.onChange((change) => this.webhooks.dispatch(store.webhooks.values(), change));
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
    const scopes = [...DEFAULT_PERSON_SCOPES];
    if (this.store.isAdmin(person)) scopes.push(...ADMIN_SCOPES);
    if (this.store.isComplianceOfficer(person)) scopes.push(...COMPLIANCE_SCOPES);
    const token = issueAccessToken(this.store, this.options, person.id, this.options.clientId, scopes);
    return { person: renderPerson(this.store, person, true), accessToken: token.token };
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
    this.store = this.freshStore();
    this.faults.clear();
    this.counts.clear();
  }

  flushWebhooks(): Promise<void> {
    return this.webhooks.flush();
  }
}
