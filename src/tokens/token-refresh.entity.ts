import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { RefreshOutcome, RefreshTrigger } from './token-events';

/**
 * One refresh attempt of an instance, as this hub saw it end: the `token_refreshes` rows tokens/
 * alone writes (see the TokenRefreshes migration), the last few per instance (RefreshHistory).
 */
@Entity('token_refreshes')
export class TokenRefresh {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'instance_id' })
  instanceId: number;

  @CreateDateColumn({ name: 'at', type: 'timestamptz' })
  at: Date;

  @Column({ type: 'text' })
  outcome: RefreshOutcome;

  @Column({ type: 'text' })
  trigger: RefreshTrigger;

  /** Webex's word for the failure: the OAuth error (`invalid_grant`), its HTTP status, or the hub's timeout/unreachable code. */
  @Column({ name: 'webex_code', type: 'text', nullable: true })
  webexCode: string | null;
}
