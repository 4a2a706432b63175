import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { errorLogFields } from '../common/logger';
import { SecretBox } from '../common/secret-box';
import { HubConfig } from '../config/hub-config';
import { ElementsService } from '../elements/elements.service';
import { configurationReader } from '../instances/instance-configuration';
import { InstancesService } from '../instances/instances.service';
import { HubShutdown } from '../lifecycle/hub-shutdown';
import { HubMetrics } from '../metrics/hub-metrics';
import { CallbackClient, DeliveryOutcome } from './callback-client';
import { cloudElementsMessage } from './cloud-elements-message';
import { signatureHeaders } from './event-signatures';
import { Completion, EventOutbox } from './event-outbox';
import { OutboxEvent } from './outbox-event.entity';
import { nextDelay, parseSchedule } from './retry-schedule';

/**
 * After a claim that found fewer events than free slots, the next one waits at least this long
 * (from the start of the last): deliveries ending and events arriving in that time are claimed
 * together, so under a steady stream a claim takes several events, not one each.
 */
const CLAIM_GAP_MS = 5;

interface Destination {
  elementKey: string;
  url?: string;
  key?: string;
  enabled: boolean;
}

/**
 * Delivers outbox events to their callbacks, in every hub process. With workers on it runs by
 * itself (woken by inbound events, otherwise polling); tests call `runOnce()` / `drain()`.
 */
@Injectable()
export class EventDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(EventDispatcher.name);
  private readonly schedule: number[];
  private readonly leaseMs: number;
  private readonly inFlight = new Set<Promise<void>>();
  private running = false;
  private loopDone?: Promise<void>;
  private wakeUp?: () => void;
  private nudged = false;

  constructor(
    private readonly config: HubConfig,
    private readonly outbox: EventOutbox,
    private readonly client: CallbackClient,
    private readonly elements: ElementsService,
    private readonly box: SecretBox,
    private readonly instances: InstancesService,
    private readonly metrics: HubMetrics,
    private readonly shutdown: HubShutdown,
  ) {
    this.schedule = parseSchedule(config.HUB_EVENT_RETRY_SCHEDULE);
    this.leaseMs = 2 * config.HUB_EVENT_TIMEOUT_MS;
  }

  onApplicationBootstrap(): void {
    if (!this.config.HUB_WORKERS_ENABLED) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  /**
   * The shutdown contract (docs/deploy.md): claim nothing new, await deliveries in flight until the
   * deadline. A callback answers within HUB_EVENT_TIMEOUT_MS, so with the default settings every
   * delivery ends in time; one that does not keeps its lease, which expires and is claimed again.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.nudge();
    await this.shutdown.within(this.loopDone?.then(() => Promise.allSettled([...this.inFlight])));
  }

  /** Something was stored: look now rather than at the next poll. */
  nudge(): void {
    if (this.wakeUp) this.wakeUp();
    else this.nudged = true;
  }

  /** Claims what is due now (up to the concurrency) and delivers it; returns how many. */
  async runOnce(): Promise<number> {
    const { leaseId, events } = await this.outbox.claim(this.config.HUB_EVENT_CONCURRENCY, this.leaseMs, this.config.HUB_EVENT_INSTANCE_CONCURRENCY);
    await Promise.all(events.map((event) => this.deliver(event, leaseId, new Map())));
    return events.length;
  }

  /** Runs until nothing is due now (later retries stay scheduled); returns how many attempts were made. */
  async drain(): Promise<number> {
    let total = 0;
    for (let n = await this.runOnce(); n > 0; n = await this.runOnce()) total += n;
    return total;
  }

  private async loop(): Promise<void> {
    let destinations = new Map<number, Promise<Destination>>();
    let cachedAt = Date.now();
    while (this.running) {
      // Destinations are cached briefly, so a burst for one instance reads its configuration once.
      if (Date.now() - cachedAt > this.config.HUB_AUTH_CACHE_MS) [destinations, cachedAt] = [new Map(), Date.now()];
      const free = this.config.HUB_EVENT_CONCURRENCY - this.inFlight.size;
      let claimed = 0;
      const claimedAt = Date.now();
      if (free > 0) {
        try {
          const { leaseId, events } = await this.outbox.claim(free, this.leaseMs, this.config.HUB_EVENT_INSTANCE_CONCURRENCY);
          claimed = events.length;
          for (const event of events) this.track(this.deliver(event, leaseId, destinations));
        } catch (error) {
          this.logger.warn({ err: errorLogFields(error) }, 'Claiming due events failed');
        }
      }
      // A full batch means more may be due: claim again at once. Otherwise wait for a delivery to
      // end (a slot, or an instance's cap, is free again), an inbound event in this process, or the
      // next poll (retries, other replicas' events).
      if (free === 0 || claimed < free) {
        await this.sleep(this.config.HUB_EVENT_POLL_MS);
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, claimedAt + CLAIM_GAP_MS - Date.now())));
      }
    }
  }

  private track(delivery: Promise<void>): void {
    this.inFlight.add(delivery);
    void delivery.finally(() => {
      this.inFlight.delete(delivery);
      // Events held back by their instance's cap are due now too: claiming waits for no poll.
      this.nudge();
    });
  }

  private sleep(ms: number): Promise<void> {
    if (this.nudged) {
      this.nudged = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wakeUp?.(), ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        this.nudged = false;
        resolve();
      };
    });
  }

  private async deliver(event: OutboxEvent, leaseId: string, destinations: Map<number, Promise<Destination>>): Promise<void> {
    try {
      let destination = destinations.get(event.instanceId);
      if (!destination) destinations.set(event.instanceId, (destination = this.destinationOf(event.instanceId)));
      const outcome = await this.attempt(event, await destination);
      const completion = this.completion(event, outcome);
      await this.outbox.complete(event.id, leaseId, completion);
      this.metrics.delivered(completion.status === 'NOTIFIED' ? 'delivered' : completion.status === 'FAILED' ? 'failed' : 'retry');
    } catch (error) {
      // The lease runs out and another attempt follows; nothing is lost.
      this.logger.warn({ eventId: event.id, err: errorLogFields(error) }, 'Event delivery failed unexpectedly');
    }
  }

  private async attempt(event: OutboxEvent, destination: Destination): Promise<DeliveryOutcome> {
    if (!destination.enabled || !destination.url || !destination.key) {
      return { ok: false, final: true, error: 'Events are not enabled (or have no callback URL and signature key) for this instance' };
    }
    const body = cloudElementsMessage(event, destination.elementKey);
    return this.client.post(destination.url, body, signatureHeaders(destination.key, event.id, Math.floor(Date.now() / 1000), body));
  }

  private completion(event: OutboxEvent, outcome: DeliveryOutcome): Completion {
    if (outcome.ok) return { status: 'NOTIFIED', httpStatus: outcome.status };
    const delay = outcome.final ? undefined : nextDelay(this.schedule, event.attempts, outcome.retryAfterMs);
    if (delay === undefined) {
      this.logger.warn({ eventId: event.id, instanceId: event.instanceId, attempts: event.attempts, error: outcome.error }, 'Event delivery given up');
      return { status: 'FAILED', httpStatus: outcome.status, error: outcome.error };
    }
    return { status: 'RECEIVED', delayMs: delay, httpStatus: outcome.status, error: outcome.error };
  }

  private async destinationOf(instanceId: number): Promise<Destination> {
    const instance = await this.instances.stored(instanceId);
    if (!instance) return { elementKey: '', enabled: false };
    const element = this.elements.get(instance.elementKey);
    const read = configurationReader(element, instance, this.box);
    return { elementKey: element.key, enabled: instance.eventsEnabled, url: read('event.notification.callback.url'), key: read('event.notification.signature.key') };
  }
}
