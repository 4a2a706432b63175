import { connectInstance } from '../../test/support/recipe';
import { eventsConfiguration, startReceiver, startRelayHub } from '../../test/events/relay-support';
import type { RelaySystem } from './relay-load';

/**
 * The hub's relay: the real hub (workers on) on a fresh PostgreSQL database, one instance with
 * events on; its inbound Webex route is the intake, its dispatcher delivers to a local receiver.
 * `slots` is both the process's delivery slots and the instance's share of them, so the one
 * instance of the benchmark may use them all.
 */
export async function startHubRelay(slots: number): Promise<RelaySystem> {
  const receiver = await startReceiver();
  const hub = await startRelayHub({
    env: {
      HUB_WORKERS_ENABLED: 'true',
      HUB_EVENT_POLL_MS: '200',
      HUB_EVENT_CONCURRENCY: String(slots),
      HUB_EVENT_INSTANCE_CONCURRENCY: String(slots),
      HUB_EVENT_TIMEOUT_MS: '10000',
      LOG_LEVEL: 'warn',
    },
  });
  try {
    await connectInstance(hub, { configuration: eventsConfiguration(receiver.url, { 'event.objects': 'messages' }) });
    const webhook = [...hub.emulator.emulator.store.webhooks.values()][0];
    return {
      intakeUrl: webhook.targetUrl,
      secret: webhook.secret!,
      webhookId: webhook.id,
      receiver,
      databaseUrl: hub.database.url,
      close: async () => {
        await hub.close();
        await receiver.close();
      },
    };
  } catch (error) {
    await hub.close();
    await receiver.close();
    throw error;
  }
}
