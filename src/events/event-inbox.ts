import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CacheInvalidations } from '../cache/cache-invalidations';
import { notFound } from '../common/common.exception';
import { SecretBox } from '../common/secret-box';
import { outboxFields, WebexDelivery } from './cloud-elements-message';
import { EventOutbox } from './event-outbox';
import { EventRegistration } from './event-registration.entity';
import { sparkSignatureValid } from './event-signatures';
import { EventsErrorCode, EventsException } from './events.exception';

/** Webex deliveries in: signature checked on the raw bytes, then stored before Webex gets its 200. */
@Injectable()
export class EventInbox {
  constructor(
    @InjectRepository(EventRegistration) private readonly registrations: Repository<EventRegistration>,
    private readonly outbox: EventOutbox,
    private readonly box: SecretBox,
    private readonly cache: CacheInvalidations,
  ) {}

  /** Returns whether the delivery was new (a repeated one is acknowledged and not stored again). */
  async receive(routeKey: string, rawBody: Buffer | undefined, signature: string | string[] | undefined): Promise<boolean> {
    // Route keys are base64url; anything else (a NUL byte would be a database error) is unknown.
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(routeKey)) throw notFound('Event target');
    const registration = await this.registrations.findOneBy({ routeKey, active: true });
    if (!registration) throw notFound('Event target');
    if (!rawBody || !sparkSignatureValid(this.box.open(registration.secret), rawBody, signature)) {
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
    await this.cache.heard(registration.instanceId, delivery);
    return this.outbox.store({ instanceId: registration.instanceId, ...outboxFields(delivery, rawBody) });
  }
}
