import { Injectable, Logger } from '@nestjs/common';
import { errorLogFields } from '../common/logger';
import { TokenHolder } from './token-grants';

/** How a refresh attempt ended: new tokens, a transient failure the schedule retries, or a grant Webex refused for good. */
export enum RefreshOutcome {
  REFRESHED = 'REFRESHED',
  FAILED_RETRYING = 'FAILED_RETRYING',
  INVALIDATED = 'INVALIDATED',
}

/** Who asked for the refresh: the scheduler, a hub call (token stale or refused), the API's refresh route, the console's Refresh now. */
export enum RefreshTrigger {
  SCHEDULER = 'SCHEDULER',
  HUB_CALL = 'HUB_CALL',
  API = 'API',
  CONSOLE = 'CONSOLE',
}

/** How one refresh attempt of instance `id` ended, who asked for it, and Webex's error code if it failed. */
export interface RefreshAttempt {
  id: number;
  outcome: RefreshOutcome;
  trigger: RefreshTrigger;
  webexCode: string | null;
}

/** A refresh attempt as the history keeps it: when it ended, and how. */
export type RefreshRecord = Omit<RefreshAttempt, 'id'> & { at: Date };

/**
 * What tokens/ announces: `refreshed` after every refresh with the token state it ended with
 * (new tokens, or those another replica swapped in or found dead), `invalidated` once when this
 * process found that Webex refused the grant for good, `attempted` for each call to Webex's token
 * endpoint (or grant found dead) this process made. The holder is the row as tokens/ read it.
 */
export interface TokenEventMap {
  refreshed: TokenHolder;
  invalidated: TokenHolder;
  attempted: RefreshAttempt;
}

export type TokenEvent = keyof TokenEventMap;
type Listener<E extends TokenEvent> = (holder: TokenEventMap[E]) => Promise<void> | void;

/**
 * The typed bus for token outcomes: instances/ keeps its cache current from it, events/ turns an
 * invalidation into the authorization-failed event. Listeners run in order and are awaited; one
 * that fails is logged and does not stop the others, nor undo the outcome.
 */
@Injectable()
export class TokenEvents {
  private readonly logger = new Logger(TokenEvents.name);
  private readonly listeners: { [E in TokenEvent]: Array<Listener<E>> } = { refreshed: [], invalidated: [], attempted: [] };

  on<E extends TokenEvent>(event: E, listener: Listener<E>): void {
    this.listeners[event].push(listener);
  }

  async publish<E extends TokenEvent>(event: E, holder: TokenEventMap[E]): Promise<void> {
    for (const listener of this.listeners[event]) {
      try {
        await listener(holder);
      } catch (error) {
        this.logger.warn({ instanceId: holder.id, event, err: errorLogFields(error) }, 'Token event listener failed');
      }
    }
  }
}
