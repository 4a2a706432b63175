import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { LessThan, Repository } from 'typeorm';
import { integrationOf, IntegrationClient } from '../config/default-integration';
import { HubConfig } from '../config/hub-config';
import { PublicUrl } from '../config/public-url';
import { ConsoleErrorCode, ConsoleException } from './console.exception';
import { SecretBox } from '../common/secret-box';
import { newSecret, sha256Hex } from '../common/secrets';
import { ElementsService } from '../elements/elements.service';
import { configValue } from '../instances/instance-configuration';
import { InstanceView } from '../instances/instances.dto';
import { InstancesService } from '../instances/instances.service';
import { CONSOLE_PATH } from './console-http';
import { ConsoleConnectState } from './console-session.entity';
import { ConnectDto, ConnectTokenDto } from './console.dto';
import type { ConsoleContext } from './console.guard';
import { ConsoleInstances } from './console-instances.service';

const ELEMENT = 'ciscospark';
/** How long a consent may take at Webex. */
const STATE_TTL_MS = 15 * 60_000;

export interface CallbackQuery {
  code?: string;
  state?: string;
  error?: string;
  error_description?: string;
}

/**
 * Connecting a Webex account from the browser: a single-use `state` bound to the session and a
 * PKCE verifier, both kept server-side; the hub's own callback exchanges the code and creates the
 * instance.
 */
@Injectable()
export class ConsoleConnect {
  constructor(
    private readonly config: HubConfig,
    private readonly publicUrl: PublicUrl,
    private readonly box: SecretBox,
    private readonly elements: ElementsService,
    private readonly instances: InstancesService,
    private readonly consoleInstances: ConsoleInstances,
    @InjectRepository(ConsoleConnectState) private readonly states: Repository<ConsoleConnectState>,
  ) {}

  get callbackUrl(): string {
    return `${this.publicUrl.value}${CONSOLE_PATH}/oauth/callback`;
  }

  get defaultScopes(): string {
    return this.elements.get(ELEMENT).oauth.defaultScopes.join(' ');
  }

  /** Whether the form may leave client id and secret blank. */
  get hasDefaultClient(): boolean {
    return Boolean(this.config.HUB_CONSOLE_CLIENT_ID && this.config.HUB_CONSOLE_CLIENT_SECRET);
  }

  /** Remembers the consent and returns Webex's authorize URL to send the browser to. */
  async start(session: ConsoleContext, dto: ConnectDto): Promise<string> {
    const { clientId, clientSecret } = this.clientOf(dto);
    const scope = dto.scope?.trim().split(/[\s,]+/).join(' ') || this.defaultScopes;
    return this.consent(session, { clientId, clientSecret, scope, instanceName: dto.name, tags: tagsOf(dto.tags), instanceId: null });
  }

  /**
   * Re-authorizes an instance (one Webex stopped honouring, say) with its own integration and
   * scopes: the callback replaces its grant as `PUT /instances/{id}` with a new code does, so it
   * keeps its id and token.
   */
  async startReauthorize(session: ConsoleContext, id: number): Promise<string> {
    const instance = await this.instances.find(await this.consoleInstances.callerFor(session.admin), id);
    const element = this.elements.get(instance.elementKey);
    const read = (key: string) => configValue(element, instance.configuration, key, this.box);
    const clientId = read('oauth.api.key');
    const clientSecret = read('oauth.api.secret');
    if (instance.externalAuthentication === 'token' || !clientId || !clientSecret) {
      throw new ConsoleException(
        ConsoleErrorCode.INTEGRATION_MISSING,
        'This instance was added from an access token, not through a Webex integration, so there is no consent to repeat. Add it again from a new token.',
      );
    }
    return this.consent(session, { clientId, clientSecret, scope: read('oauth.scope') || this.defaultScopes, instanceName: instance.name, tags: instance.tags, instanceId: instance.id });
  }

  private async consent(session: ConsoleContext, consent: { clientId: string; clientSecret: string; scope: string; instanceName: string; tags: string[]; instanceId: number | null }): Promise<string> {
    const { clientId, clientSecret, scope } = consent;
    const state = newSecret();
    const verifier = newSecret(48);
    await this.states.delete({ expiresAt: LessThan(new Date()) });
    await this.states.save(
      this.states.create({
        stateHash: sha256Hex(state),
        sessionId: session.sessionId,
        codeVerifier: this.box.seal(verifier),
        clientId,
        clientSecret: this.box.seal(clientSecret),
        scope,
        instanceName: consent.instanceName,
        tags: consent.tags,
        instanceId: consent.instanceId,
        expiresAt: new Date(Date.now() + STATE_TTL_MS),
      }),
    );
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    return this.elements.oauthUrl(ELEMENT, { apiKey: clientId, callbackUrl: this.callbackUrl, scope, state, codeChallenge: challenge, codeChallengeMethod: 'S256' }).oauthUrl;
  }

  /** The callback: refused unless its state is this session's and unused; then the instance is created. */
  async complete(session: ConsoleContext, query: CallbackQuery): Promise<InstanceView> {
    if (typeof query.state !== 'string' || !query.state) throw new ConsoleException(ConsoleErrorCode.CONSENT_INVALID, 'The callback carries no state, so it cannot be matched to a consent you started. Nothing was created.');
    const pending = await this.states.findOneBy({ stateHash: sha256Hex(query.state) });
    if (!pending) throw new ConsoleException(ConsoleErrorCode.CONSENT_INVALID, 'This callback does not match any consent started here (unknown or expired state). Nothing was created.');
    if (pending.sessionId !== session.sessionId) {
      throw new ConsoleException(ConsoleErrorCode.CONSENT_OTHER_SESSION, 'This callback belongs to a consent started in another browser session, so it was refused. Nothing was created.');
    }
    if (pending.usedAt || !pending.codeVerifier || !pending.clientSecret) throw replayed();
    if (new Date(pending.expiresAt).getTime() < Date.now()) throw new ConsoleException(ConsoleErrorCode.CONSENT_INVALID, 'This consent took too long and expired. Nothing was created; start again.');
    // Claim the state before the slow code exchange, so two callbacks cannot both use it.
    const claimed = await this.states
      .createQueryBuilder()
      .update()
      .set({ usedAt: () => 'now()', codeVerifier: null, clientSecret: null })
      .where('id = :id AND used_at IS NULL', { id: pending.id })
      .execute();
    if (claimed.affected !== 1) throw replayed();
    if (query.error) throw new ConsoleException(ConsoleErrorCode.CONSENT_INVALID, `Webex did not grant access (${query.error_description ?? query.error}). Nothing was created.`);
    if (typeof query.code !== 'string' || !query.code) throw new ConsoleException(ConsoleErrorCode.CONSENT_INVALID, 'Webex sent no code on the callback. Nothing was created.');
    const caller = await this.consoleInstances.callerFor(session.admin);
    const providerData = { code: query.code, codeVerifier: this.box.open(pending.codeVerifier) };
    // Re-authorizing keeps the instance's id and token, as PUT /instances/{id} with a new code does.
    if (pending.instanceId !== null) return this.instances.reauthorize(caller, pending.instanceId, providerData, this.callbackUrl);
    return this.instances.create(caller, {
      element: { key: ELEMENT },
      providerData,
      configuration: {
        'oauth.api.key': pending.clientId,
        'oauth.api.secret': this.box.open(pending.clientSecret),
        'oauth.callback.url': this.callbackUrl,
        'oauth.scope': pending.scope,
      },
      name: pending.instanceName,
      tags: pending.tags,
    });
  }

  /** "Add from a token": tokens/ checks the token with Webex before the instance is created. */
  async fromToken(session: ConsoleContext, dto: ConnectTokenDto): Promise<InstanceView> {
    return this.instances.create(await this.consoleInstances.callerFor(session.admin), {
      element: { key: ELEMENT },
      externalAuthentication: 'token',
      providerData: { accessToken: dto.accessToken },
      configuration: {},
      name: dto.name,
      tags: tagsOf(dto.tags),
    });
  }

  private clientOf(dto: ConnectDto): IntegrationClient {
    const integration = integrationOf(this.config, dto);
    if (!integration) throw new ConsoleException(ConsoleErrorCode.INTEGRATION_MISSING, 'Enter the client ID and client secret of your Webex integration.');
    return integration;
  }
}

/** The form's comma separated tags. */
function tagsOf(tags: string | undefined): string[] {
  return (tags ?? '').split(',').map((t) => t.trim()).filter(Boolean).slice(0, 50);
}

function replayed(): ConsoleException {
  return new ConsoleException(ConsoleErrorCode.CONSENT_USED, 'This consent was already used: a callback works once. Nothing was created.');
}
