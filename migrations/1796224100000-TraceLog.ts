import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The trace of an instance's Webex calls while its trace logging is on (src/trace-logging/): the
 * newest HUB_TRACE_LOG_SIZE rows of each instance are kept, and go with the instance. Bodies are
 * JSON text, masked and truncated before they are written.
 */
export class TraceLog1796224100000 implements MigrationInterface {
  name = 'TraceLog1796224100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE trace_log (
        id bigserial PRIMARY KEY,
        instance_id integer NOT NULL REFERENCES instances(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        method varchar(16) NOT NULL,
        path text NOT NULL,
        status integer NOT NULL,
        latency_ms integer NOT NULL,
        tracking_id text,
        request_body text,
        response_body text
      )`);
    await q.query(`CREATE INDEX trace_log_instance_idx ON trace_log (instance_id, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE trace_log`);
  }
}
