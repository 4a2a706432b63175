import { Injectable, Logger } from '@nestjs/common';
import { errorLogFields } from '../common/logger';
import { TokenHolder } from './token-grants';

/**
 * What tokens/ announces: `refreshed` after every refresh with the token state it ended with
 * (new tokens, or those another replica swapped in or found dead), `invalidated` once when this
 * process found that Webex refused the grant for good. The holder is the row as tokens/ read it.
 */
export interface TokenEventMap {
  refreshed: TokenHolder;
  invalidated: TokenHolder;
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
  private readonly listeners: { [E in TokenEvent]: Array<Listener<E>> } = { refreshed: [], invalidated: [] };

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
