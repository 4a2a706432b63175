import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CacheInvalidations } from '../cache/cache-invalidations';
import { notFound } from '../common/common.exception';
import { SecretBox } from '../common/secret-box';
import { TtlCache } from '../common/ttl-cache';
import { outboxFields, WebexDelivery } from './cloud-elements-message';
import { EventBacklog } from './event-backlog';
import { EventOutbox } from './event-outbox';
import { EventRegistration } from './event-registration.entity';
import { sparkSignatureValid } from './event-signatures';
import { EventsErrorCode, EventsException } from './events.exception';

/**
 * How long an active registration is used without reading it again. A route deactivated (events
 * off) may take one more delivery in that time, which the dispatcher then ends as not enabled.
 */
const REGISTRATION_CACHE_MS = 1000;

interface Route {
  instanceId: number;
  secret: string;
}

/** Webex deliveries in: signature checked on the raw bytes, then stored before Webex gets its 200. */
@Injectable()
export class EventInbox {
  /** Active routes by key, the secret opened: a burst of deliveries reads its registration once. */
  private readonly routes = new TtlCache<string, Route>(REGISTRATION_CACHE_MS);

  constructor(
    @InjectRepository(EventRegistration) private readonly registrations: Repository<EventRegistration>,
    private readonly outbox: EventOutbox,
    private readonly box: SecretBox,
    private readonly cache: CacheInvalidations,
    private readonly backlog: EventBacklog,
  ) {}

  /** Returns whether the delivery was new (a repeated one is acknowledged and not stored again). */
  async receive(routeKey: string, rawBody: Buffer | undefined, signature: string | string[] | undefined): Promise<boolean> {
    // Route keys are base64url; anything else (a NUL byte would be a database error) is unknown.
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(routeKey)) throw notFound('Event target');
    const signed = (route: Route) => rawBody !== undefined && sparkSignatureValid(route.secret, rawBody, signature);
    const cached = this.routes.get(routeKey);
    // A signature that fails against a cached secret is checked against the stored one: it may have changed.
    const route = cached && signed(cached) ? cached : await this.route(routeKey);
    if (!rawBody || (route !== cached && !signed(route))) {
      throw new EventsException(EventsErrorCode.SIGNATURE_INVALID, 'Missing or invalid X-Spark-Signature');
    }
    let delivery: WebexDelivery;
    try {
      delivery = JSON.parse(rawBody.toString('utf8')) as WebexDelivery;
    } catch {
      throw new EventsException(EventsErrorCode.INVALID_DELIVERY, 'The body is not JSON');
    }
    if (typeof delivery !== 'object' || delivery === null || Array.isArray(delivery)) throw new EventsException(EventsErrorCode.INVALID_DELIVERY, 'The body is not a Webex webhook delivery');
    // What changed at Webex is read afresh from now on, on every replica.
    await this.cache.heard(route.instanceId, delivery);
    await this.backlog.admit(route.instanceId);
    const stored = await this.outbox.store({ instanceId: route.instanceId, ...outboxFields(delivery, rawBody) });
    if (stored) this.backlog.stored(route.instanceId);
    return stored;
  }

  private async route(routeKey: string): Promise<Route> {
    const registration = await this.registrations.findOneBy({ routeKey, active: true });
    if (!registration) throw notFound('Event target');
    const route = { instanceId: registration.instanceId, secret: this.box.open(registration.secret) };
    this.routes.set(routeKey, route);
    return route;
  }
}
