import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SecretBox } from '../common/secret-box';
import { newSecret } from '../common/secrets';
import { apiPath } from '../config/hub-config';
import { PublicUrl } from '../config/public-url';
import { ElementsService } from '../elements/elements.service';
import { configurationReader } from '../instances/instance-configuration';
import { InstanceChange, InstanceHooks } from '../instances/instance-hooks';
import { Instance } from '../instances/instance.entity';
import { InstancesService } from '../instances/instances.service';
import { AccessTokens } from '../tokens/access-tokens';
import { TokenEvents } from '../tokens/token-events';
import { WebexApiException } from '../webex/webex.exception';
import { webexPathSegment } from '../webex/webex-path';
import { WebexClient, WebexRequest } from '../webex/webex.client';
import { CallbackClient } from './callback-client';
import { CallbackRefusedError, EventsErrorCode, EventsException } from './events.exception';
import { EventOutbox } from './event-outbox';
import { EventRegistration, RegisteredWebhook } from './event-registration.entity';

interface WebexWebhook {
  id: string;
  name?: string;
  targetUrl: string;
  resource: string;
  event: string;
  filter?: string;
  status?: string;
}

const ACTIVATING: InstanceChange[] = ['created', 'configured', 'enabled', 'reauthorized'];

/** What a reconciliation had to repair, by watched resource. */
export interface Repairs {
  /** Webhooks Webex had set inactive, active again. */
  reactivated: string[];
  /** Webhooks the registration had that Webex no longer listed, created anew. */
  created: string[];
  /** Webhooks on the hub's target that did not fit the settings (another event, a filter, a second copy), deleted. */
  removed: string[];
}

const NO_REPAIRS: Repairs = { reactivated: [], created: [], removed: [] };

/**
 * Keeps each instance's Webex webhooks in line with its configuration: one per watched resource
 * (event `all`) while events are on and the instance is enabled, none otherwise. Reconciling
 * against what Webex lists makes repeated configuration idempotent, clears leftovers, re-activates
 * a webhook Webex disabled and re-creates one that went missing.
 */
@Injectable()
export class WebhookRegistrar implements OnModuleInit {
  private readonly logger = new Logger(WebhookRegistrar.name);
  private readonly running = new Map<number, Promise<void>>();

  constructor(
    @InjectRepository(EventRegistration) private readonly registrations: Repository<EventRegistration>,
    private readonly instances: InstancesService,
    private readonly hooks: InstanceHooks,
    private readonly elements: ElementsService,
    private readonly box: SecretBox,
    private readonly publicUrl: PublicUrl,
    private readonly webex: WebexClient,
    private readonly tokens: AccessTokens,
    private readonly callbacks: CallbackClient,
    private readonly outbox: EventOutbox,
    private readonly tokenEvents: TokenEvents,
  ) {}

  onModuleInit(): void {
    this.hooks.check((instance) => this.validate(instance));
    this.hooks.listen((change, instance) => this.onChange(change, instance));
    // A grant Webex refused for good: tokens/ says so once, and the instance's callback hears it.
    this.tokenEvents.on('invalidated', (holder) => this.onInvalidated(holder.id));
  }

  /** Refuses (400) an events configuration the hub cannot honour, before anything is saved. */
  async validate(instance: Pick<Instance, 'elementKey' | 'configuration' | 'eventsEnabled'>): Promise<void> {
    if (!instance.eventsEnabled) return;
    const read = this.reader(instance);
    const vendor = read('event.vendor.type');
    if (vendor !== 'webhook' && vendor !== 'webhooks') throw new EventsException(EventsErrorCode.INVALID_EVENT_SETTINGS, `event.vendor.type ${JSON.stringify(vendor)} is not supported: use webhook`);
    const url = read('event.notification.callback.url');
    if (!url) throw new EventsException(EventsErrorCode.INVALID_EVENT_SETTINGS, 'event.notification.callback.url is required when event.notification.enabled is true');
    if (!read('event.notification.signature.key')) throw new EventsException(EventsErrorCode.INVALID_EVENT_SETTINGS, 'event.notification.signature.key is required when event.notification.enabled is true');
    if (!this.resourcesOf(instance).length) throw new EventsException(EventsErrorCode.INVALID_EVENT_SETTINGS, 'event.objects must name at least one Webex resource (messages, memberships, rooms, ...)');
    try {
      await this.callbacks.check(url);
    } catch (error) {
      if (error instanceof CallbackRefusedError) throw new EventsException(EventsErrorCode.CALLBACK_REFUSED, `event.notification.callback.url ${error.message}`);
      throw error;
    }
  }

  async onInvalidated(instanceId: number): Promise<void> {
    const instance = await this.instances.stored(instanceId);
    if (instance?.eventsEnabled) await this.outbox.storeAuthorizationFailure(instance);
  }

  async onChange(change: InstanceChange, instance: Instance): Promise<void> {
    // The webhooks stay as they are: the grant is gone, and a re-authorization brings them back.
    if (change === 'invalidated') return;
    if (ACTIVATING.includes(change) && instance.eventsEnabled && !instance.disabled && instance.valid) await this.activate(instance);
    else await this.deactivate(instance);
  }

  /** The target Webex posts to: opaque, so it names neither the instance nor its owner. */
  targetUrl(registration: EventRegistration): string {
    return `${this.publicUrl.value}${apiPath(`events/ciscospark/${registration.routeKey}`)}`;
  }

  /**
   * Brings an instance's Webex webhooks in line with its settings now, as a change does: the
   * periodic check (WebhookHealth) calls it. Returns what had to be repaired.
   */
  async reconcile(instance: Instance): Promise<Repairs> {
    if (!instance.valid) return NO_REPAIRS;
    if (instance.eventsEnabled && !instance.disabled) return this.activate(instance);
    await this.deactivate(instance);
    return NO_REPAIRS;
  }

  private activate(instance: Instance): Promise<Repairs> {
    return this.serially(instance.id, async () => {
      const registration =
        (await this.registrations.findOneBy({ instanceId: instance.id })) ??
        this.registrations.create({ instanceId: instance.id, routeKey: newSecret(16), secret: this.box.seal(newSecret()), webhooks: [] });
      // Active before Webex knows the target, so the first delivery is already accepted.
      registration.active = true;
      await this.registrations.save(registration);
      const repairs: Repairs = { reactivated: [], created: [], removed: [] };
      await this.recording(registration, async () => {
        const target = this.targetUrl(registration);
        const secret = this.box.open(registration.secret);
        const wanted = this.resourcesOf(instance);
        const kept: RegisteredWebhook[] = [];
        for (const hook of await this.ours(instance, target)) {
          const fits = wanted.includes(hook.resource) && hook.event === 'all' && !hook.filter && !kept.some((k) => k.resource === hook.resource);
          if (!fits) {
            await this.remove(instance, hook.id);
            repairs.removed.push(hook.resource);
          } else if (hook.status === 'inactive') {
            // Webex gave up on it after repeated failed deliveries (the hub was down, say): the same webhook again.
            const name = hook.name ?? this.webhookName(instance, hook.resource);
            await this.call(instance, { method: 'PUT', path: `/webhooks/${webexPathSegment(hook.id)}`, body: { name, targetUrl: target, secret, status: 'active' } });
            kept.push({ id: hook.id, resource: hook.resource, status: 'active' });
            repairs.reactivated.push(hook.resource);
          } else kept.push({ id: hook.id, resource: hook.resource, status: hook.status ?? 'active' });
        }
        for (const resource of wanted.filter((r) => !kept.some((k) => k.resource === r))) {
          const { body } = await this.call<WebexWebhook>(instance, {
            method: 'POST',
            path: '/webhooks',
            body: { name: this.webhookName(instance, resource), targetUrl: target, resource, event: 'all', secret },
          });
          kept.push({ id: body.id, resource, status: body.status ?? 'active' });
          // A resource the registration already had a webhook for: it went missing at Webex.
          if (registration.webhooks.some((w) => w.resource === resource)) repairs.created.push(resource);
        }
        registration.webhooks = kept;
      });
      return repairs;
    });
  }

  private webhookName(instance: Instance, resource: string): string {
    return `Element Hub instance ${instance.id} (${resource})`;
  }

  /** One reconciliation of an instance at a time in this process: a change and the periodic check never interleave their calls. */
  private serially<T>(instanceId: number, work: () => Promise<T>): Promise<T> {
    const run = (this.running.get(instanceId) ?? Promise.resolve()).catch(() => undefined).then(work);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.running.set(instanceId, settled);
    void settled.then(() => {
      if (this.running.get(instanceId) === settled) this.running.delete(instanceId);
    });
    return run;
  }

  private deactivate(instance: Instance): Promise<void> {
    return this.serially(instance.id, async () => {
      const registration = await this.registrations.findOneBy({ instanceId: instance.id });
      if (!registration || (!registration.active && registration.webhooks.length === 0)) return;
      registration.active = false;
      await this.registrations.save(registration);
      // Without a grant the hub cannot reach Webex; Webex disables webhooks whose target refuses them.
      if (!instance.valid) return;
      await this.recording(registration, async () => {
        for (const hook of await this.ours(instance, this.targetUrl(registration))) await this.remove(instance, hook.id);
        registration.webhooks = [];
      });
    });
  }

  /** Runs a reconciliation and stores its result, or its error (then rethrown for the hooks' log). */
  private async recording(registration: EventRegistration, work: () => Promise<void>): Promise<void> {
    try {
      await work();
      registration.lastError = null;
      registration.lastErrorAt = null;
    } catch (error) {
      registration.lastError = error instanceof WebexApiException ? `Webex answered ${error.status}: ${error.extra.providerMessage}` : (error as Error).message;
      registration.lastErrorAt = new Date();
      throw error;
    } finally {
      registration.checkedAt = new Date();
      await this.registrations.save(registration);
    }
  }

  private async ours(instance: Instance, target: string): Promise<WebexWebhook[]> {
    const { body } = await this.call<{ items: WebexWebhook[] }>(instance, { method: 'GET', path: '/webhooks', query: { max: 1000 } });
    return (body?.items ?? []).filter((hook) => hook.targetUrl === target);
  }

  private async remove(instance: Instance, id: string): Promise<void> {
    try {
      await this.call(instance, { method: 'DELETE', path: `/webhooks/${webexPathSegment(id)}` });
    } catch (error) {
      if (!(error instanceof WebexApiException && error.status === 404)) throw error;
    }
  }

  /** A Webex call with the instance's token; one refresh and retry when Webex rejects the token. */
  private async call<T>(given: Instance, req: Omit<WebexRequest, 'accessToken'>) {
    // The row as stored: the hooks' copy may lack the token columns, and a refresh may have swapped them.
    const instance = (await this.instances.stored(given.id)) ?? given;
    const token = await this.tokens.forCall(instance);
    try {
      return await this.webex.send<T>({ ...req, accessToken: token });
    } catch (error) {
      if (!(error instanceof WebexApiException && error.status === 401)) throw error;
      this.logger.debug({ instanceId: instance.id }, 'Webex rejected the access token while managing webhooks; refreshing');
      return this.webex.send<T>({ ...req, accessToken: await this.tokens.afterRejected(instance, token) });
    }
  }

  private resourcesOf(instance: Pick<Instance, 'elementKey' | 'configuration'>): string[] {
    const objects = this.reader(instance)('event.objects') ?? '';
    return [...new Set(objects.split(',').map((r) => r.trim()).filter(Boolean))];
  }

  private reader(instance: Pick<Instance, 'elementKey' | 'configuration'>) {
    return configurationReader(this.elements.get(instance.elementKey), instance, this.box);
  }
}
