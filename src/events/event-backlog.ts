import { Injectable } from '@nestjs/common';
import { retryAfter } from '../common/hub-error';
import { EventOutbox } from './event-outbox';
import { EventsErrorCode, EventsException } from './events.exception';

/** Events of one instance waiting for delivery (due now, or out under a lease) past which its inbox refuses more. */
export const EVENT_BACKLOG_LIMIT = 2000;
/** How old a backlog count may be before the next delivery reads it again. */
const RECOUNT_MS = 250;
const RETRY_AFTER_SECONDS = 1;

interface Count {
  n: number;
  at: number;
  recount?: Promise<void>;
  /** Stored by this process since the running recount began, which its figure may miss. */
  storedSince: number;
}

/**
 * Back-pressure on intake: when an instance's undelivered backlog reaches the limit, the inbox
 * answers 503 with Retry-After and Webex sends the delivery again later, so intake never runs
 * ahead of delivery by more than the limit (its latency stays bounded by limit / delivery rate).
 * Counted in the database (every replica's deliveries shrink it), at most every RECOUNT_MS per
 * instance and process, plus what this process stored since. Retries scheduled later do not count:
 * a dead callback must not make Webex give up on the webhook.
 */
@Injectable()
export class EventBacklog {
  private readonly counts = new Map<number, Count>();

  constructor(private readonly outbox: EventOutbox) {}

  /** Throws EVENT_BACKLOG_FULL (503, Retry-After) when the instance's backlog is at the limit. */
  async admit(instanceId: number, now = Date.now()): Promise<void> {
    let count = this.counts.get(instanceId);
    if (!count) this.counts.set(instanceId, (count = { n: 0, at: 0, storedSince: 0 }));
    if (now - count.at > RECOUNT_MS && !count.recount) {
      const current = count;
      current.storedSince = 0;
      // What this process stores while the count runs may or may not be in it: counted on top, so
      // the figure errs high by those few (an early 503, sent again) rather than low.
      current.recount = this.outbox
        .backlog(instanceId, EVENT_BACKLOG_LIMIT)
        .then((n) => void Object.assign(current, { n: n + current.storedSince, at: Date.now() }))
        .finally(() => (current.recount = undefined));
      // A failed recount in the background keeps the last figure; the next delivery tries again.
      current.recount.catch(() => undefined);
    }
    // The first count is awaited; later ones refresh behind the last known figure.
    if (count.at === 0) await count.recount;
    if (count.n >= EVENT_BACKLOG_LIMIT) {
      throw new EventsException(EventsErrorCode.EVENT_BACKLOG_FULL, `This instance has ${EVENT_BACKLOG_LIMIT} or more events waiting for delivery; send again later`, retryAfter(RETRY_AFTER_SECONDS));
    }
  }

  /** A new event was stored by this process: it counts until the next recount sees it. */
  stored(instanceId: number): void {
    const count = this.counts.get(instanceId);
    if (!count) return;
    count.n++;
    count.storedSince++;
  }
}
