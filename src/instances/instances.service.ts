import { Injectable, OnModuleInit } from '@nestjs/common';
import { InstancesErrorCode, InstancesException } from './instances.exception';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Credentials } from '../auth/auth.guard';
import { UserHooks } from '../auth/user-hooks';
import { User } from '../auth/user.entity';
import { notFound } from '../common/common.exception';
import { SecretBox } from '../common/secret-box';
import { newSecret, sha256Hex } from '../common/secrets';
import { ElementDefinition } from '../elements/element.types';
import { ElementsService } from '../elements/elements.service';
import { InstanceAuthorizer } from './instance-authorizer';
import { configurationEntry, configurationReader, configValue, eventsRequested, isSecretKey, mergeConfiguration, normalizeConfiguration, sealConfiguration, unmaskSecrets } from './instance-configuration';
import { InstanceFilter, InstanceListing, InstancePage } from './instance-listing';
import { InstanceChange, InstanceHooks } from './instance-hooks';
import { InstanceResolver } from './instance-resolver';
import { plainName } from './instance-name';
import { InstanceOwner, instanceView } from './instance-view';
import { Instance } from './instance.entity';
import { AccessTokens } from '../tokens/access-tokens';
import { TokenEvents } from '../tokens/token-events';
import { TokenGrants, tokenStateOf } from '../tokens/token-grants';
import { ConfigurationEntryView, CreateInstanceDto, InstanceSettingsDto, InstanceView, PatchInstanceDto, ReplaceInstanceDto } from './instances.dto';

/** The instance lifecycle: create, read, replace, patch, enable, disable, delete, configuration. */
@Injectable()
export class InstancesService implements OnModuleInit {
  constructor(
    @InjectRepository(Instance) private readonly instances: Repository<Instance>,
    private readonly elements: ElementsService,
    private readonly authorizer: InstanceAuthorizer,
    private readonly resolver: InstanceResolver,
    private readonly hooks: InstanceHooks,
    private readonly box: SecretBox,
    private readonly userHooks: UserHooks,
    private readonly grants: TokenGrants,
    private readonly tokens: AccessTokens,
    private readonly tokenEvents: TokenEvents,
    private readonly listing: InstanceListing,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {}

  onModuleInit(): void {
    this.userHooks.onDeleting((user) => this.removeAllOf(user));
    // A grant Webex refused for good is an instance change its listeners hear of (events: authorization failed).
    this.tokenEvents.on('invalidated', async (holder) => {
      const instance = await this.stored(holder.id);
      if (instance) await this.hooks.emit('invalidated', instance);
    });
  }

  /** Creates an instance of the element the body names, or of `expected` (`POST /elements/{keyOrId}/instances`). */
  async create(caller: Credentials, dto: CreateInstanceDto, expected?: ElementDefinition): Promise<InstanceView> {
    const { element, config } = await this.checkNew(dto, expected);
    // A bot or personal token is checked and turned into token state by tokens/; OAuth by the authorizer.
    const { grant, account } =
      dto.externalAuthentication === 'token'
        ? await this.grants.fromToken(element, dto.providerData?.accessToken)
        : await this.authorizer.authorize(element, config, dto.providerData?.code, dto.providerData?.codeVerifier, dto.externalAuthentication === 'initial');
    const token = newSecret();
    const instance = this.instances.create({
      organizationId: caller.organization.id,
      userId: caller.user.id,
      elementKey: element.key,
      name: plainName(dto.name ?? '') || `${account.displayName ?? account.email ?? 'Webex'} (${element.name})`,
      tags: dto.tags ?? [],
      tokenHash: sha256Hex(token),
      configuration: sealConfiguration(element, config, this.box),
      account,
      disabled: false,
      eventsEnabled: eventsRequested(config),
      externalAuthentication: dto.externalAuthentication ?? 'none',
    });
    applySettings(instance, dto);
    this.grants.apply(element, instance, grant);
    const saved = await this.saveWithGrant(instance);
    await this.hooks.emit('created', saved);
    return instanceView(element, saved, caller.user, token);
  }

  /** What `create` checks before it asks Webex anything (element, configuration, events): a connect session checks it up front. */
  async checkNew(dto: Pick<CreateInstanceDto, 'element' | 'configuration'>, expected?: ElementDefinition): Promise<{ element: ElementDefinition; config: Record<string, string> }> {
    const element = this.elementOf(dto.element ?? { key: expected?.key }, expected);
    const config = unmaskSecrets(element, normalizeConfiguration(dto.configuration), {}, this.box);
    await this.hooks.verify({ elementKey: element.key, configuration: sealConfiguration(element, config, this.box), eventsEnabled: eventsRequested(config) });
    return { element, config };
  }

  /** Every instance the caller may see (`GET /instances` pages with InstanceListing). */
  async list(caller: Credentials, tags: string[]): Promise<InstanceView[]> {
    return (await this.listing.page(caller, { tags })).instances;
  }

  /** One page of the caller's instances, in one query (the console's instances page). */
  page(caller: Credentials, filter: InstanceFilter): Promise<InstancePage> {
    return this.listing.page(caller, filter);
  }

  async get(caller: Credentials, id?: number, elementKey?: string): Promise<InstanceView> {
    const instance = await this.find(caller, id, elementKey);
    return this.view(caller, this.elements.get(instance.elementKey), instance);
  }

  /** Replaces name, tags and configuration; a new code re-authorizes (and makes a failed instance valid). */
  async replace(caller: Credentials, id: number | undefined, dto: ReplaceInstanceDto, elementKey?: string): Promise<InstanceView> {
    const instance = await this.find(caller, id, elementKey);
    const element = this.elements.get(instance.elementKey);
    if (dto.element) this.elementOf(dto.element, element);
    const config = this.withStoredSecrets(element, instance, normalizeConfiguration(dto.configuration));
    instance.name = plainName(dto.name ?? '') || instance.name;
    instance.tags = dto.tags ?? [];
    applySettings(instance, dto);
    let change: InstanceChange = 'configured';
    if (dto.providerData?.code) {
      await this.authorizeAgain(element, instance, config, dto.providerData);
      change = 'reauthorized';
    } else {
      instance.configuration = { ...scheduleKeys(instance), ...sealConfiguration(element, config, this.box) };
    }
    instance.eventsEnabled = eventsRequested(config);
    return this.saveAndView(caller, element, instance, change);
  }

  /** A new grant for an instance as it is configured, from a code bound to `callbackUrl` (a connect session's re-authorization). */
  async reauthorize(caller: Credentials, id: number, providerData: { code: string; codeVerifier?: string }, callbackUrl: string): Promise<InstanceView> {
    const instance = await this.find(caller, id);
    const element = this.elements.get(instance.elementKey);
    const stored = configurationReader(element, instance, this.box);
    const config = normalizeConfiguration({ ...Object.fromEntries(Object.keys(instance.configuration).map((key) => [key, stored(key)])), 'oauth.callback.url': callbackUrl });
    await this.authorizeAgain(element, instance, config, providerData);
    return this.saveAndView(caller, element, instance, 'reauthorized');
  }

  private async authorizeAgain(element: ElementDefinition, instance: Instance, config: Record<string, string>, providerData: { code?: string; codeVerifier?: string }): Promise<void> {
    const { grant, account } = await this.authorizer.authorize(element, config, providerData.code, providerData.codeVerifier);
    instance.account = account;
    instance.configuration = sealConfiguration(element, config, this.box);
    this.grants.apply(element, instance, grant);
  }

  async patch(caller: Credentials, id: number | undefined, dto: PatchInstanceDto): Promise<InstanceView> {
    const instance = await this.find(caller, id);
    const element = this.elements.get(instance.elementKey);
    // null, which the DTO's optional fields let through, leaves a field as it is, as absence does.
    if (dto.name != null) {
      instance.name = plainName(dto.name);
      if (!instance.name) throw new InstancesException(InstancesErrorCode.INSTANCE_CHANGE_REFUSED, 'name must not be empty (HTML is removed from names)');
    }
    if (dto.tags != null) instance.tags = dto.tags;
    applySettings(instance, dto);
    if (dto.configuration != null) this.mergeConfiguration(element, instance, dto.configuration);
    return this.saveAndView(caller, element, instance, dto.configuration != null ? 'configured' : undefined);
  }

  async remove(caller: Credentials, id?: number, elementKey?: string): Promise<void> {
    await this.delete(await this.find(caller, id, elementKey));
  }

  /** Before their user is deleted: each instance as DELETE /instances/{id} deletes it, in turn. */
  async removeAllOf(user: Pick<User, 'id'>): Promise<void> {
    const instances = await this.tokens.withTokenState(await this.instances.find({ where: { userId: user.id }, order: { id: 'ASC' } }));
    for (const instance of instances) await this.delete(instance);
  }

  private async delete(instance: Instance): Promise<void> {
    await this.hooks.emit('deleting', instance);
    await this.instances.delete({ id: instance.id });
    await this.resolver.forget(instance);
  }

  async setEnabled(caller: Credentials, id: number | undefined, enabled: boolean): Promise<InstanceView> {
    const instance = await this.find(caller, id);
    instance.disabled = !enabled;
    return this.saveAndView(caller, this.elements.get(instance.elementKey), instance, enabled ? 'enabled' : 'disabled');
  }

  /** A new instance token; the old one stops working at once. */
  async rotateToken(caller: Credentials, id?: number): Promise<InstanceView> {
    const instance = await this.find(caller, id);
    const token = newSecret();
    instance.tokenHash = sha256Hex(token);
    await this.instances.update({ id: instance.id }, { tokenHash: instance.tokenHash });
    await this.resolver.forget(instance);
    return this.view(caller, this.elements.get(instance.elementKey), instance, token);
  }

  /** Refreshes the instance's tokens now (tokens/ decides the answer: 409 for a dead grant, 502 for a Webex failure). */
  async refreshTokens(caller: Credentials, id: number): Promise<InstanceView> {
    const instance = await this.find(caller, id);
    const refreshed = Object.assign(new Instance(), instance, tokenStateOf(await this.tokens.refreshNow(instance)));
    return this.view(caller, this.elements.get(refreshed.elementKey), refreshed);
  }

  async configuration(caller: Credentials, id?: number): Promise<ConfigurationEntryView[]> {
    const instance = await this.find(caller, id);
    const element = this.elements.get(instance.elementKey);
    const keys = new Set([...element.configuration.map((c) => c.key).filter((k) => k in instance.configuration || !isSecretKey(element, k)), ...Object.keys(instance.configuration)]);
    return [...keys].map((key) => configurationEntry(element, instance.configuration, key));
  }

  async configurationEntry(caller: Credentials, id: number | undefined, key: string): Promise<ConfigurationEntryView> {
    const instance = await this.find(caller, id);
    const element = this.elements.get(instance.elementKey);
    if (!(key in instance.configuration) && !element.configuration.some((c) => c.key === key)) throw notFound('Configuration', key);
    return configurationEntry(element, instance.configuration, key);
  }

  async patchConfigurationEntry(caller: Credentials, id: number | undefined, key: string, value: string | number | boolean | null): Promise<ConfigurationEntryView> {
    const instance = await this.find(caller, id);
    const element = this.elements.get(instance.elementKey);
    this.mergeConfiguration(element, instance, { [key]: value });
    await this.saveAndView(caller, element, instance, 'configured');
    return configurationEntry(element, instance.configuration, key);
  }

  /** The instance as stored, for features acting on the hub's behalf rather than a caller's. */
  async stored(id: number): Promise<Instance | null> {
    const instance = await this.instances.findOneBy({ id });
    return instance && (await this.tokens.withTokenState([instance]))[0];
  }

  /** The instance a caller may act on: by id within its scope (and of `elementKey`, when given), or the one its Element token names. */
  async find(caller: Credentials, id?: number, elementKey?: string): Promise<Instance> {
    if (id === undefined) {
      if (!caller.elementToken) throw new InstancesException(InstancesErrorCode.INSTANCE_NOT_NAMED, 'No instance id given and no Element token in the Authorization header');
      return this.resolver.byToken(caller, caller.elementToken);
    }
    const instance = await this.instances.findOne({ where: { id, ...scopeWhere(caller), ...(elementKey && { elementKey }) } });
    if (!instance) throw notFound('Instance', id);
    return (await this.tokens.withTokenState([instance]))[0];
  }

  /** The instance row and the grant on it (tokens/ stores that) in one transaction: both or neither. */
  private saveWithGrant(instance: Instance): Promise<Instance> {
    return this.instances.manager.transaction(async (manager) => {
      const saved = await manager.save(instance);
      await this.grants.store(manager, saved.id, saved);
      return saved;
    });
  }

  private async saveAndView(caller: Credentials, element: ElementDefinition, instance: Instance, change?: InstanceChange): Promise<InstanceView> {
    if (change && change !== 'disabled') await this.hooks.verify(instance);
    // The token state is not saved with the instance: only a re-authorization asks tokens/ to store a grant.
    const saved = change === 'reauthorized' ? await this.saveWithGrant(instance) : await this.instances.save(instance);
    await this.resolver.forget(saved);
    if (change) await this.hooks.emit(change, saved);
    return this.view(caller, element, saved);
  }

  /** The instance's view, with its owner: the caller itself, or the user an admin acts for. */
  private async view(caller: Credentials, element: ElementDefinition, instance: Instance, token?: string): Promise<InstanceView> {
    const owner: InstanceOwner = instance.userId === caller.user.id ? caller.user : await this.users.findOneByOrFail({ id: instance.userId });
    return instanceView(element, instance, owner, token);
  }

  private mergeConfiguration(element: ElementDefinition, instance: Instance, changes: Record<string, string | number | boolean | null>): void {
    instance.configuration = mergeConfiguration(element, instance.configuration, changes, this.box);
    instance.eventsEnabled = eventsRequested(instance.configuration);
  }

  /** A PUT without secrets, or with them masked as read, keeps the stored ones, so a client need not resend the client secret. */
  private withStoredSecrets(element: ElementDefinition, instance: Instance, config: Record<string, string>): Record<string, string> {
    const kept = unmaskSecrets(element, config, instance.configuration, this.box);
    for (const key of Object.keys(instance.configuration)) {
      if (isSecretKey(element, key) && kept[key] === undefined) kept[key] = configValue(element, instance.configuration, key, this.box)!;
    }
    return kept;
  }

  private elementOf(ref: { key?: string; id?: number }, expected?: ElementDefinition): ElementDefinition {
    const keyOrId = ref.key ?? (ref.id !== undefined ? String(ref.id) : undefined);
    if (!keyOrId) throw new InstancesException(InstancesErrorCode.ELEMENT_KEY_REQUIRED, 'element.key is required');
    const element = this.elements.get(keyOrId);
    if (expected && element.key !== expected.key) throw new InstancesException(InstancesErrorCode.INSTANCE_CHANGE_REFUSED, `element ${element.key} is not ${expected.key}, the element of this instance or route`);
    return element;
  }
}

/** Cloud Elements' cache settings, where the body gives them. */
function applySettings(instance: Instance, dto: InstanceSettingsDto): void {
  if (dto.cachingEnabled != null) instance.cachingEnabled = dto.cachingEnabled;
  if (dto.cacheTimeToLive != null) instance.cacheTimeToLive = dto.cacheTimeToLive;
  if (dto.maxCacheSize != null) instance.maxCacheSize = dto.maxCacheSize;
}

function scheduleKeys(instance: Instance): Record<string, string> {
  const { ['oauth.user.refresh_interval']: interval, ['oauth.user.refresh_time']: time } = instance.configuration;
  return { ...(interval && { 'oauth.user.refresh_interval': interval }), ...(time && { 'oauth.user.refresh_time': time }) };
}

/** Admins act on every instance of their organization; users on their own. */
export function scopeWhere(caller: Credentials) {
  return caller.user.role === 'admin' ? { organizationId: caller.organization.id } : { organizationId: caller.organization.id, userId: caller.user.id };
}

