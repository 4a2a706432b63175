import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { errorLogFields } from './logger';

export interface NotificationChannelOptions {
  databaseUrl: string;
  /** A PostgreSQL identifier: it is written into `LISTEN` as is. */
  channel: string;
  applicationName: string;
  onMessage: (payload: string | undefined) => void;
  /** Called when notifications may have been missed (connection lost, or just (re)connected). */
  onGap: () => void;
  logger: Logger;
}

/** Sends `payload` on `channel` to every process listening on the same PostgreSQL database. */
export async function notify(dataSource: DataSource, channel: string, payload: string): Promise<void> {
  await dataSource.query('SELECT pg_notify($1, $2)', [channel, payload]);
}

/**
 * `LISTEN` on a dedicated connection that reconnects after a loss (every 500 ms until it is back).
 * Whatever was sent while it was down is never heard: `onGap` tells the owner to distrust what it
 * holds, on loss and again once listening.
 */
export class NotificationChannel {
  private client?: Client;
  private retry?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly options: NotificationChannelOptions) {}

  async start(): Promise<void> {
    const { databaseUrl, applicationName, channel } = this.options;
    const client = new Client({ connectionString: databaseUrl, application_name: applicationName });
    this.client = client;
    client.on('notification', (message) => {
      if (message.channel === channel) this.options.onMessage(message.payload);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${channel}`);
      this.options.onGap();
    } catch (error) {
      this.lost(client, error);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
  }

  private lost(client: Client, error?: unknown): void {
    if (this.client !== client || this.stopped) return;
    this.client = undefined;
    this.options.logger.warn({ channel: this.options.channel, err: error && errorLogFields(error) }, 'Notification listener disconnected; reconnecting');
    client.end().catch(() => undefined);
    this.options.onGap();
    this.retry = setTimeout(() => void this.start(), 500);
    this.retry.unref();
  }
}
