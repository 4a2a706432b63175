import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One Webex call the hub made for an instance while its trace logging was on. */
@Entity('trace_log')
export class TraceEntry {
  /** bigserial: read as a string on PostgreSQL, a number on PGlite; `String()` it. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ name: 'instance_id' })
  instanceId: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column()
  method: string;

  /** The Webex path and query (`/rooms?max=50`). */
  @Column()
  path: string;

  /** Webex's status, or the hub's own when Webex gave none (504 timeout, 502 unreachable). */
  @Column()
  status: number;

  @Column({ name: 'latency_ms' })
  latencyMs: number;

  @Column({ name: 'tracking_id', type: 'text', nullable: true })
  trackingId: string | null;

  /** JSON text, secrets masked, truncated. */
  @Column({ name: 'request_body', type: 'text', nullable: true })
  requestBody: string | null;

  @Column({ name: 'response_body', type: 'text', nullable: true })
  responseBody: string | null;
}
