import { createHmac } from 'node:crypto';
import { Pool, request } from 'undici';
import { connectInstance } from '../test/support/recipe';
import { eventsConfiguration, startReceiver, startRelayHub } from '../test/events/relay-support';
import type { BenchResult } from './support';

const SENDERS = 32;
const DURATION_MS = 15_000;

/**
 * Inbound Webex webhook → Cloud Elements event at the callback, on PostgreSQL. Signed deliveries
 * are posted to the hub's inbound route by concurrent senders while the hub's own dispatcher
 * (workers on) delivers them to a local receiver; hub, senders and receiver share one process.
 * Latency runs from sending the inbound post to the receiver getting the event. Two rows: latency
 * at a steady 100 events/s, and throughput with the senders flat out (latency there is queueing).
 */
export async function run(): Promise<BenchResult[]> {
  if (!process.env.DATABASE_URL) throw new Error('relay benchmark: set DATABASE_URL (it measures PostgreSQL)');
  return [await relay(100), await relay(undefined)];
}

async function relay(ratePerSecond: number | undefined): Promise<BenchResult> {
  const receiver = await startReceiver();
  const hub = await startRelayHub({ env: { HUB_WORKERS_ENABLED: 'true', HUB_EVENT_POLL_MS: '200', HUB_EVENT_CONCURRENCY: '64', HUB_EVENT_TIMEOUT_MS: '10000', LOG_LEVEL: 'warn' } });
  try {
    await connectInstance(hub, { configuration: eventsConfiguration(receiver.url, { 'event.objects': 'messages' }) });
    const webhook = [...hub.emulator.emulator.store.webhooks.values()][0];
    const target = new URL(webhook.targetUrl);
    const inbound = new Pool(target.origin, { connections: SENDERS });
    const sentAt = new Map<string, number>();
    let n = 0;
    const deadline = Date.now() + DURATION_MS;
    const started = Date.now();
    const sender = async () => {
      while (Date.now() < deadline) {
        const id = `bench-${n++}`;
        // Paced: event n leaves at started + n / rate.
        if (ratePerSecond) await new Promise((r) => setTimeout(r, Math.max(0, started + (n * 1000) / ratePerSecond - Date.now())));
        const body = JSON.stringify({ id: webhook.id, resource: 'messages', event: 'created', actorId: 'bench', data: { id, roomId: 'bench-room', created: new Date().toISOString() } });
        sentAt.set(id, Date.now());
        const res = await request(`${target.origin}${target.pathname}`, {
          method: 'POST',
          dispatcher: inbound,
          headers: { 'content-type': 'application/json', 'x-spark-signature': createHmac('sha1', webhook.secret!).update(body).digest('hex') },
          body,
        });
        await res.body.dump();
        if (res.statusCode !== 200) throw new Error(`inbound answered ${res.statusCode}`);
      }
    };
    await Promise.all(Array.from({ length: SENDERS }, sender));
    const accepted = sentAt.size;
    while (receiver.received.length < accepted && Date.now() < deadline + 60_000) await new Promise((r) => setTimeout(r, 50));
    const elapsed = (Math.max(...receiver.received.map((r) => r.at)) - started) / 1000;
    const latencies = receiver.received.map((r) => r.at - sentAt.get(r.json.message.events[0].objectId)!).sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
    await inbound.close();
    return {
      name: ratePerSecond ? `relay at ${ratePerSecond} events/s` : 'relay flat out',
      requestsPerSecond: Math.round(receiver.received.length / elapsed),
      p50Ms: pct(50),
      p99Ms: pct(99),
      notes: `${accepted} in, ${receiver.received.length} delivered, ${DURATION_MS / 1000} s, PostgreSQL`,
    };
  } finally {
    await hub.close();
    await receiver.close();
  }
}
