import { createHmac } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** One request the receiver got. */
export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  json: { message: { eventId: string; instanceId: number; elementKey: string; events: Array<Record<string, string>>; raw: Record<string, any> } };
  at: number;
}

/** How the receiver answers one request; by default 200 at once. */
export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  delayMs?: number;
}

/**
 * A Cloud Elements event callback on 127.0.0.1 (a free port), the customer's side of event relay:
 * it records every request and answers as told. The demo shows events with it; tests script it.
 */
export interface Receiver {
  url: string;
  received: Received[];
  /** Answers for the next requests, in order; then `fallback`. */
  answers: Answer[];
  fallback: Answer;
  close(): Promise<void>;
}

export async function startReceiver(onReceive?: (received: Received) => void): Promise<Receiver> {
  const receiver = { received: [] as Received[], answers: [] as Answer[], fallback: {} as Answer } as Receiver;
  // Answers still waiting out their delay: cleared on close, or they keep the process (jest) alive.
  const pending = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const received = { headers: req.headers, body, json: JSON.parse(body), at: Date.now() };
      receiver.received.push(received);
      onReceive?.(received);
      const answer = receiver.answers.shift() ?? receiver.fallback;
      const timer = setTimeout(() => {
        pending.delete(timer);
        if (res.destroyed) return;
        res.writeHead(answer.status ?? 200, answer.headers).end('{}');
      }, answer.delayMs ?? 0);
      pending.add(timer);
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/ce`;
  receiver.close = () => {
    for (const timer of pending) clearTimeout(timer);
    pending.clear();
    return new Promise((resolve) => server.close(() => resolve()).closeAllConnections());
  };
  return receiver;
}

/** Checks both signatures the way a receiver would, with only the key and the bytes received. */
export function verifySignatures(received: Received, key: string): { elements: boolean; standard: boolean } {
  const elements = `sha256=${createHmac('sha256', key).update(received.body).digest('base64')}`;
  const id = received.headers['webhook-id'];
  const timestamp = received.headers['webhook-timestamp'];
  const standard = `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${received.body}`).digest('base64')}`;
  return { elements: received.headers['elements-webhook-signature'] === elements, standard: received.headers['webhook-signature'] === standard };
}
