import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { RefreshAttempt, RefreshRecord, TokenEvents } from './token-events';
import { TokenRefresh } from './token-refresh.entity';

/** How many refresh attempts are kept per instance: the console and the API show these. */
export const REFRESHES_KEPT = 50;

/**
 * The last REFRESHES_KEPT refresh attempts of each instance, written from the refresher's
 * `attempted` event and pruned on the same write, so the table never grows past that per instance.
 * A write that fails is logged by TokenEvents and leaves the refresh itself as it ended.
 */
@Injectable()
export class RefreshHistory {
  constructor(
    @InjectRepository(TokenRefresh) private readonly refreshes: Repository<TokenRefresh>,
    events: TokenEvents,
  ) {
    events.on('attempted', (attempt) => this.record(attempt));
  }

  async record({ id, outcome, trigger, webexCode }: RefreshAttempt): Promise<void> {
    await this.refreshes.insert({ instanceId: id, outcome, trigger, webexCode });
    await this.refreshes.query(
      `DELETE FROM token_refreshes WHERE instance_id = $1
        AND id < (SELECT id FROM token_refreshes WHERE instance_id = $1 ORDER BY id DESC OFFSET $2 LIMIT 1)`,
      [id, REFRESHES_KEPT - 1],
    );
  }

  /** The instance's kept refresh attempts, newest first; the first `limit` of them when given. */
  of(instanceId: number, limit = REFRESHES_KEPT): Promise<RefreshRecord[]> {
    return this.refreshes.find({ select: { at: true, outcome: true, trigger: true, webexCode: true }, where: { instanceId }, order: { id: 'DESC' }, take: Math.min(limit, REFRESHES_KEPT) });
  }
}
